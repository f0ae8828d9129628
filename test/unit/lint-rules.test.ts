import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { CODES } from "../../src/codes/index.js";
import { RULES } from "../../src/core/standard/lint/index.js";
import { lintStandardFile } from "../../src/flows/standard.js";
import { loadStandardCached, readStandardBytes } from "../../src/io/standards.js";
import { setLang } from "../../src/i18n.js";
import { FIXTURES } from "../helpers/paths.js";

const DIR = join(FIXTURES, "lint");

async function lint(name: string) {
  const sf = await loadStandardCached(join(DIR, name));
  return lintStandardFile(sf);
}

/** The source text at a 1-based line and column. */
function at(name: string, line: number, column: number): string {
  const l = readFileSync(join(DIR, name), "utf8").split("\n")[line - 1] ?? "";
  return l.slice(column - 1);
}

/**
 * One row per rule: fixture, code, exact line:column, and the text that must start there
 * (so a reader can see the position is the offending node, not just a number).
 */
const TABLE: { file: string; code: string; line: number; column: number; starts: string }[] = [
  { file: "decimal-places.yaml", code: "STD010", line: 19, column: 17, starts: "7.875" },
  { file: "duplicate-id.yaml", code: "STD011", line: 22, column: 13, starts: '"1.1"' },
  { file: "item-id-nested.yaml", code: "STD012", line: 22, column: 13, starts: '"2.1"' },
  { file: "nonpositive-points.yaml", code: "STD013", line: 24, column: 17, starts: "0" },
  { file: "nonpositive-points-negative.yaml", code: "STD013", line: 26, column: 48, starts: "-5" },
  { file: "deduction-exceeds-item.yaml", code: "STD014", line: 26, column: 48, starts: "15" },
  { file: "max-below-points.yaml", code: "STD015", line: 21, column: 51, starts: "1 }" },
  { file: "negative-penalty.yaml", code: "STD016", line: 25, column: 28, starts: "-5" },
  { file: "total-mismatch.yaml", code: "STD017", line: 8, column: 8, starts: "25" },
  { file: "weight-missing.yaml", code: "STD018", line: 23, column: 9, starts: "B" },
  { file: "weights-sum.yaml", code: "STD019", line: 8, column: 10, starts: "{ model: weighted }" },
  { file: "no-levels.yaml", code: "STD020", line: 10, column: 3, starts: "levels: []" },
  { file: "duplicate-level.yaml", code: "STD021", line: 12, column: 15, starts: "一级, min_score: 75" },
  { file: "levels-order.yaml", code: "STD022", line: 12, column: 30, starts: "80" },
  { file: "min-score-range.yaml", code: "STD023", line: 11, column: 30, starts: "120" },
  { file: "element-rate-range.yaml", code: "STD024", line: 13, column: 25, starts: "1.5" },
  { file: "performance-invalid.yaml", code: "STD025", line: 15, column: 22, starts: "injuries" },
  { file: "performance-invalid-count.yaml", code: "STD025", line: 13, column: 55, starts: "0.5" },
  { file: "veto-unknown-level.yaml", code: "STD026", line: 24, column: 30, starts: "特级" },
  { file: "condition-invalid.yaml", code: "STD027", line: 24, column: 79, starts: '"100"' },
  // A field neither built in nor declared under profile (DESIGN.md extension 6): the schema allows declared fields now.
  { file: "condition-invalid-field.yaml", code: "STD054", line: 25, column: 22, starts: "{ gt: 100 }" },
  { file: "na-forbidden-conditional.yaml", code: "STD028", line: 25, column: 13, starts: "forbidden" },
  { file: "unknown-sector.yaml", code: "STD029", line: 7, column: 18, starts: "炼钢" },
  { file: "extends-not-found.yaml", code: "STD030", line: 6, column: 10, starts: "no-such-standard" },
  { file: "extends-cycle.yaml", code: "STD031", line: 6, column: 10, starts: "./extends-cycle-b.yaml" },
  { file: "patch-target-missing.yaml", code: "STD032", line: 9, column: 9, starts: '"9.9"' },
  { file: "patch-id-collision.yaml", code: "STD033", line: 11, column: 11, starts: '"1.2"' },
  { file: "empty-element.yaml", code: "STD034", line: 27, column: 9, starts: '"2"' },
  { file: "empty-title.yaml", code: "STD035", line: 23, column: 16, starts: '""' },
  { file: "duplicate-evidence.yaml", code: "STD036", line: 24, column: 32, starts: "制度文件]" },
  { file: "deduction-no-text.yaml", code: "STD037", line: 26, column: 13, starts: "{ id: a, points: 5 }" },
  { file: "duplicate-deduction-id.yaml", code: "STD038", line: 27, column: 19, starts: "a, text: 规程未发布" },
  { file: "base-invalid.yaml", code: "STD039", line: 6, column: 10, starts: "./_bad-base.yaml" },
  { file: "patch-mismatch.yaml", code: "STD040", line: 10, column: 23, starts: "5 }" },
  { file: "weight-ignored.yaml", code: "STD041", line: 16, column: 13, starts: "1" },
  { file: "zeroes-not-enclosing.yaml", code: "STD050", line: 21, column: 68, starts: '"2" }' },
  { file: "cap-invalid.yaml", code: "STD051", line: 24, column: 34, starts: "a], max: 12" },
  { file: "weight-parent.yaml", code: "STD052", line: 19, column: 17, starts: "0.5" },
  { file: "weight-no-default.yaml", code: "STD053", line: 20, column: 69, starts: "{ when: { high_risk: { eq: false } }" },
  { file: "profile-undeclared.yaml", code: "STD054", line: 21, column: 37, starts: "{ eq: true }" },
  { file: "levels-indistinct.yaml", code: "STD055", line: 12, column: 30, starts: "80, min_element_rate" },
  { file: "aggregate-direct-items.yaml", code: "STD056", line: 16, column: 16, starts: "min" },
  { file: "invisible-chars.yaml", code: "STD060", line: 23, column: 16, starts: "岗位安全\u200b操作规程" },
];

describe("lint rules: each fixture gives its code at the exact line:column", () => {
  setLang("zh");
  for (const row of TABLE) {
    it(`${row.code} ${row.file} ${row.line}:${row.column}`, async () => {
      const diags = await lint(row.file);
      const hits = diags.filter((d) => d.code === row.code);
      expect(hits.map((d) => `${d.line}:${d.column}`)).toContain(`${row.line}:${row.column}`);
      expect(at(row.file, row.line, row.column).startsWith(row.starts)).toBe(true);
      // Nothing but the rule's own code (a fixture tests one thing).
      expect([...new Set(diags.map((d) => d.code))]).toEqual([row.code]);
    });
  }

  it("decimal-places reports both 3-place figures and reads them from the source text", async () => {
    const diags = await lint("decimal-places.yaml");
    expect(diags.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["STD010@19:17", "STD010@24:17"]);
    expect(message(diags[0]!, "zh")).toContain("7.875");
  });

  it("decimal-places: trailing zeros do not count, digits past a double do, and patches are checked", async () => {
    const long = "0.1000000000000000055511151231257827";
    const text = [
      "stdz: 1",
      "id: lint-places-more",
      "title: 小数位",
      "tier: municipal",
      "total: 10.50",
      "grading:",
      "  levels:",
      "    - { name: 一级, min_score: 60.000, min_element_rate: 0.85000 }",
      "elements:",
      '  - id: "1"',
      "    title: 要素",
      "    items:",
      '      - { id: "1.1", title: 内容, points: 10.4, deductions: [{ id: a, text: 扣, points: ' + long + " }] }",
      '      - { id: "1.2", title: 内容, points: 0.1, deductions: [{ id: a, text: 扣, points: 1e-7 }, { id: b, text: 扣, points: 1e-20 }, { id: c, text: 扣, points: 1.0000000000000002 }] }',
      "patch:",
      '  - { op: set, id: "1.2", fields: { points: 0.125 } }',
      "",
    ].join("\n");
    const sf = readStandardBytes(Buffer.from(text), join(DIR, "places-more.yaml"));
    const diags = (await lintStandardFile(sf)).filter((d) => d.code === "STD010");
    expect(diags.map((d) => d.line)).toEqual([13, 14, 14, 14, 16]);
    expect(diags.map((d) => message(d, "zh"))).toEqual([
      `points 最多 2 位小数，${long} 有 34 位`,
      "points 最多 2 位小数，1e-7 有 7 位",
      "points 最多 2 位小数，1e-20 有 20 位",
      // Read from its text; printed back in full, not rounded to what a double shows at 12 places.
      "points 最多 2 位小数，1.0000000000000002 有 16 位",
      "points 最多 2 位小数，0.125 有 3 位",
    ]);
    expect(diags[1]!.column).toBe(85);
  });

  it("decimal-places covers the extensions: deduct_total_rate and conditional weights (4 places), shared cap max (2)", async () => {
    const text = [
      "stdz: 1",
      "id: lint-places-ext",
      "title: 小数位",
      "tier: municipal",
      "total: 20",
      "prerequisites:",
      "  - { id: P1, text: 条件, deduct_total_rate: 0.12345 }",
      "grading:",
      "  levels:",
      "    - { name: 一级, min_score: 90 }",
      "elements:",
      '  - id: "1"',
      "    title: 要素",
      "    aggregate: weighted",
      "    elements:",
      '      - id: "1.1"',
      "        title: 甲",
      "        weight: [{ when: { high_risk: { eq: true } }, value: 0.33333 }, { value: 0.5 }]",
      "        items:",
      '          - { id: "1.1.1", title: 内容, points: 10, deductions: [{ id: a, text: 扣, points: 2 }, { id: b, text: 扣, points: 2 }], caps: [{ deductions: [a, b], max: 4.125 }] }',
      '      - id: "1.2"',
      "        title: 乙",
      "        weight: 0.5",
      "        items:",
      '          - { id: "1.2.1", title: 内容, points: 10, deductions: [{ id: a, text: 扣, points: 2 }] }',
      "",
    ].join("\n");
    const sf = readStandardBytes(Buffer.from(text), join(DIR, "places-ext.yaml"));
    const diags = await lintStandardFile(sf);
    expect(diags.map((d) => `${d.code}@${d.line}:${d.column}`).sort()).toEqual(["STD010@18:62", "STD010@20:161", "STD010@7:44"]);
  });

  it("total-mismatch says the actual sum (10 + 10 = 20) and the declared total (25)", async () => {
    const [d] = await lint("total-mismatch.yaml");
    expect(message(d!, "zh")).toBe("全部考评内容的分值合计为 20，与声明的总分 total 25 不符");
  });

  it("weights-sum names the exact sum 0.6 + 0.3 = 0.9", async () => {
    const [d] = await lint("weights-sum.yaml");
    expect(message(d!, "zh")).toContain("0.9");
  });

  it("extends-cycle names the chain", async () => {
    const [d] = await lint("extends-cycle.yaml");
    expect(message(d!, "zh")).toContain("lint-extends-cycle → lint-extends-cycle-b → lint-extends-cycle");
  });

  it("a duplicate id names where it was first used", async () => {
    const [d] = await lint("duplicate-id.yaml");
    expect(message(d!, "zh")).toContain("17:13");
    expect(at("duplicate-id.yaml", 17, 13).startsWith('"1.1"')).toBe(true);
  });

  it("the clean fixtures give nothing (suppressed findings carry their reason)", async () => {
    for (const f of ["_base.yaml", "good-minimal.yaml", "good-extends.yaml", "good-weighted.yaml"]) expect(await lint(f)).toEqual([]);
    const s = await lint("good-suppressed.yaml");
    expect(s.map((d) => [d.code, d.line, d.suppressed])).toEqual([["STD012", 18, "沿用原文件编号"]]);
  });

  it("a base's own problems stay with the base; the child gets one STD039", async () => {
    const base = await lint("_bad-base.yaml");
    expect(base.map((d) => d.code)).toEqual(["STD017"]);
    const child = await lint("base-invalid.yaml");
    expect(child.map((d) => d.code)).toEqual(["STD039"]);
    expect(message(child[0]!, "zh")).toContain("有 1 个错误");
  });
});

describe("rule registry", () => {
  it("has one module per code, registered with the same severity, each with a bad fixture in the table", () => {
    const codes = RULES.map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of RULES) {
      expect(CODES[r.meta.code].severity).toBe(r.meta.severity);
      expect(r.meta.description.zh.length).toBeGreaterThan(0);
      expect(r.meta.description.en.length).toBeGreaterThan(0);
      expect(TABLE.some((row) => row.code === r.meta.code)).toBe(true);
    }
  });

  it("every rule name has a fixture file named after it", () => {
    const files = new Set(readdirSync(DIR));
    for (const r of RULES) expect(files.has(`${r.meta.name}.yaml`), r.meta.name).toBe(true);
  });
});

describe("docs/standards.md", () => {
  it("lists every lint rule with its code, name, severity and description", () => {
    const doc = readFileSync(join(FIXTURES, "..", "..", "docs", "standards.md"), "utf8");
    for (const r of RULES) {
      const sev = r.meta.severity === "error" ? "错误 error" : "警告 warning";
      expect(doc, r.meta.code).toContain(`| ${r.meta.code} | \`${r.meta.name}\` | ${sev} | ${r.meta.description.zh} | ${r.meta.description.en} |`);
    }
  });
});
