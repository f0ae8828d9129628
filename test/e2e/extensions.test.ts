// The format extensions as a user meets them: the table, the reports (Markdown, HTML) and the
// bundle errors, on the conformance standards (arithmetic in test/conformance/bundles/x*/NOTES.md).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const B = join(CONFORMANCE, "bundles");
const tmp = () => mkdtempSync(join(tmpdir(), "stdz-ext-"));
const diagLines = (stderr: string) => [...stderr.matchAll(/:(\d+):(\d+): (error|warning) (BUN\d+)/g)].map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`);

describe("score table with the extensions", () => {
  it("weighted model: part rate, weight and contribution, which add up to the unrounded score before the cut", () => {
    const r = stdz(["score", join(B, "x8-weighted-cut-half-up-70")]);
    expect(r.code).toBe(0);
    const row = (id: string) =>
      r.stdout
        .split("\n")
        .find((l) => l.startsWith(`${id} `))!
        .trim()
        .split(/\s+/);
    // B: 68/80 = 85.0%, weight 0.35, contribution 0.35 × 0.85 × 100 = 29.75.
    expect(row("B").slice(-5)).toEqual(["80", "68", "85.0%", "0.35", "29.75"]);
    expect(row("C").slice(-3)).toEqual(["84.0%", "0.3", "25.20"]);
    expect(r.stdout).toContain("合计                                           1  69.95");
    expect(r.stdout).not.toContain("内容得分");
    expect(r.stdout).toContain("(0.2 × 40/40 + 0.35 × 68/80 + 0.3 × 42/50 + 0.15 × 30/30) ÷ 1 × 100 − 20 = 69.95 → 70.0");
    expect(r.stdout).toContain("  [ ] P3 ");
    expect(r.stdout).toContain("未满足的基本条件扣除 20 分");
    expect(r.stdout).toContain("2022-10-31 泄漏 重伤 10 人，直接经济损失 500 万元 → 较大事故");
  });

  it("points model: parts with their rule, the charged zeroes, the prerequisite checklist", () => {
    const r = stdz(["score", join(B, "x3-zeroes-part-mean-requires")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("场站设施 = 3 个子项平均分 = 60.0%");
    expect(r.stdout).toContain("管网运行（取各子项最低得分率） = 3 个子项最低分 = 75.0%");
    expect(r.stdout).toContain("运行维护 = 2 个子项加权平均 = 83.0%");
    expect(r.stdout).toContain("要素 2.2 不得分：2.2.1 扣分项 a");
    expect(r.stdout).toContain("  [x] P1 ");
    expect(r.stdout).toContain("一级：不满足等级条件");
    const en = stdz(["score", join(B, "x3-zeroes-part-mean-requires"), "--lang", "en"]);
    expect(en.stdout).toContain("场站设施 = the mean of its 3 parts = 60.0%");
  });
});

describe("reports with the extensions", () => {
  const result = (c: string) => {
    const dir = tmp();
    const file = join(dir, "r.json");
    const r = stdz(["score", join(B, c), "--format", "json", "-o", file]);
    expect(r.code, r.stderr).toBe(0);
    return file;
  };

  it("Markdown: prerequisites as a checklist, parts with their rule, each accident's class", () => {
    const md = stdz(["report", result("x1-prereq-cut-cap-exact-60"), "-t", "report.md"]).stdout;
    expect(md).toContain("- [ ] **P3** 重大事故隐患均已按期整改销号");
    expect(md).toContain("- [x] **P1** ");
    expect(md).toContain("- **一级**：评审得分90分（含）以上，各一级要素得分率均不低于70%");
    expect(md).toContain("未满足时不得评为一级、二级；扣除总分的 15%");
    expect(md).toContain("**场站设施 = 3 个子项平均分**：70.0%");
    expect(md).toContain("| 3.1 | 管网运行（取各子项最低得分率） | 0.4 | 40 | 24 | 60.0% |");
    const md5 = stdz(["report", result("x5-ever-3-deaths-rate-first-day"), "-t", "report.md"]).stdout;
    expect(md5).toMatch(/\| 2016年\d+月\d+日 \| 3 \|.*\| 较大 \|/);
  });

  it("HTML: the same, in the report's tables", () => {
    const html = stdz(["report", result("x6-loss-1000-contractor-excluded")]).stdout;
    expect(html).toContain('data-testid="prerequisites"');
    expect(html).toContain('data-testid="parts" data-element="3.1"');
    expect(html).toMatch(/<td class="center">较大<\/td>/);
    expect(html).toContain("（承包商）");
  });
});

describe("bundle errors for the extensions", () => {
  it("a missing prerequisite, an unknown one, a missing declared fact, a value off its declaration and an unknown applied level", () => {
    const dir = join(tmp(), "b");
    cpSync(join(B, "x1-prereq-cut-cap-exact-60"), dir, { recursive: true });
    const text = readFileSync(join(dir, "bundle.yaml"), "utf8")
      .replace("standard: ../../standards/cf-ext.yaml", `standard: ${join(CONFORMANCE, "standards", "cf-ext.yaml")}`)
      .replace("profile: { pressure_class: 中压, lng_storage: true, operating_years: 6 }", "profile: { pressure_class: 低压, lng_storage: true, colour: 红 }")
      .replace(
        "assessment: { kind: review, date: 2025-04-15, assessors: [林工] }",
        "assessment: { kind: review, date: 2025-04-15, assessors: [林工], applied_level: 特级 }",
      )
      .replace("  - { id: P2, met: true }\n", "  - { id: P9, met: true }\n");
    writeFileSync(join(dir, "bundle.yaml"), text);
    const r = stdz(["score", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const got = diagLines(r.stderr);
    for (const code of ["BUN070", "BUN071", "BUN073", "BUN074", "BUN076", "BUN077"])
      expect(
        got.some((g) => g.endsWith(code)),
        `${code} in ${r.stderr}`,
      ).toBe(true);
    expect(r.stderr).toContain("operating_years");
    expect(r.stderr).toContain("低压");
  });
});

describe("init bundle with the extensions", () => {
  it("lists the declared profile fields and states every prerequisite as unmet until checked", () => {
    const dir = join(tmp(), "b");
    const r = stdz(["init", "bundle", dir, "--standard", join(CONFORMANCE, "standards", "cf-ext.yaml")]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, "bundle.yaml"), "utf8");
    expect(text).toContain("  #   pressure_class:");
    expect(text).toContain('  - { id: "P1", met: false }');
    expect(text).toContain('  - { id: "P3", met: false }');
    expect(text).toContain("要素 1 不得分");
    expect(text).toContain("a、b 合计扣至 12 分为止");
  });
});

describe("compile with the extensions", () => {
  it("the compiled JSON (validated on reading) scores a bundle exactly as the YAML does", () => {
    const dir = tmp();
    const out = join(dir, "cf-ext.json");
    expect(stdz(["compile", join(CONFORMANCE, "standards", "cf-ext.yaml"), "-o", out]).code).toBe(0);
    const compiled = readFileSync(out, "utf8");
    for (const key of ['"prerequisites"', '"profile"', '"zeroes"', '"caps"', '"aggregate"', '"requires"', '"max_count"', '"ever"'])
      expect(compiled).toContain(key);
    const b = join(dir, "b");
    cpSync(join(B, "x3-zeroes-part-mean-requires"), b, { recursive: true });
    writeFileSync(join(b, "bundle.yaml"), readFileSync(join(b, "bundle.yaml"), "utf8").replace("standard: ../../standards/cf-ext.yaml", `standard: ${out}`));
    const r = stdz(["score", b, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { score: number; grade: string };
    expect([res.score, res.grade]).toEqual([81, "三级"]);
  });
});

describe("a real-shaped excerpt: 化工 A级/B级否决项 as zeroes, a prerequisite, the 三级 floor", () => {
  it("lints clean and scores its example bundle to the hand arithmetic in the bundle's header", () => {
    const lint = stdz(["lint", join(ROOT, "examples", "standards", "hg-excerpt.yaml")]);
    expect(lint.code, lint.stdout).toBe(0);
    const r = stdz(["score", join(ROOT, "examples", "bundles", "hg-excerpt-review"), "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as {
      score: number;
      grade: string;
      elements: { id: string; earned_points: number; rate: number }[];
      zeroes: unknown[];
      grade_reasons: { condition: string }[];
    };
    expect([res.score, res.grade]).toEqual([50, "未达标"]);
    expect(res.elements.map((e) => [e.id, e.earned_points, e.rate])).toEqual([
      ["2", 30, 0.75],
      ["3", 20, 0.333333],
    ]);
    expect(res.zeroes).toEqual([{ element: "3.2", item: "3.2.1", deduction: "a" }]);
    expect(res.grade_reasons.map((g) => g.condition).sort()).toEqual(["min_element_rate", "min_score"]);
  });
});
