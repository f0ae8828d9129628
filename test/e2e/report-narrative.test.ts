// The review team's own words in the report: narrative sections in order, the team with roles,
// qualification numbers and signature lines, the risk colour, who assessed on the cover, and
// the 整改清单 grouped by element once. HTML, Markdown and Word.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-narrative-"));
const RESULT = join(TMP, "fj.json");
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
beforeAll(() => {
  expect(stdz(["score", join(ROOT, "examples", "bundles", "fj-machinery-level3"), "--format", "json", "-o", RESULT]).code).toBe(0);
});

const ORDER = ["企业概况", "评审过程", "主要问题", "评审意见", "建议"];

describe("narrative, team and cover", () => {
  it("the result keeps the team and the narrative", () => {
    const r = JSON.parse(readFileSync(RESULT, "utf8"));
    expect(r.assessment.team).toEqual([
      { name: "林某", role: "组长", qualification: "闽安评审-2022-0158" },
      { name: "黄某", role: "组员", qualification: "闽安评审-2023-0402" },
      { name: "郑某", role: "技术专家", qualification: "高级工程师（机械）" },
    ]);
    expect(Object.keys(r.narrative)).toEqual(["overview", "process", "problems", "conclusion", "suggestions"]);
  });

  it("HTML: sections in order, team with signature cells, risk colour, the organisation on the cover", () => {
    const html = stdz(["report", RESULT]).stdout;
    const at = ORDER.map((h) => html.indexOf(`${h}</h3>`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html.indexOf("评审情况</h2>")).toBeLessThan(html.indexOf("一、评定结论"));
    expect(html).toMatch(/<td class="center">组长<\/td><td class="center">林某<\/td><td class="center">闽安评审-2022-0158<\/td><td class="sign"><\/td>/);
    // Leader first, then the expert, then members.
    expect(html.indexOf(">技术专家<")).toBeLessThan(html.indexOf(">组员<"));
    expect(html).toContain('data-testid="risk"><span class="risk risk-橙"></span>橙（较大风险）');
    expect(html).toMatch(/data-testid="issuer">\s*福建某安全评价有限公司<br>/);
  });

  it("Markdown carries the same sections and the team", () => {
    const md = stdz(["report", RESULT, "-t", "report.md"]).stdout;
    for (const h of ORDER) expect(md).toContain(`${h}\n`);
    expect(md).toContain("| 组长 | 林某 | 闽安评审-2022-0158 | |");
    expect(md).toContain("| 安全风险等级 | 橙（较大风险） |");
  });

  it("Word carries them too", async () => {
    const out = join(TMP, "fj.docx");
    expect(stdz(["report", RESULT, "-o", out]).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const text = [...(await zip.file("word/document.xml")!.async("string")).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    let last = -1;
    for (const h of ORDER) {
      const i = text.indexOf(h, last + 1);
      expect(i).toBeGreaterThan(last);
      last = i;
    }
    expect(text).toContain("闽安评审-2022-0158");
    expect(text).toContain("橙（较大风险）");
  });

  it("a self-assessment's cover says 自评, never the enterprise as issuer", () => {
    const html = stdz(["report", join(FIXTURES, "results", "acme-self.json")]).stdout;
    expect(html).toMatch(/data-testid="issuer">\s*企业自评<br>/);
  });
});

describe("整改清单 grouped by element once", () => {
  it("each element heads one group, in the standard's order, items by points lost within", () => {
    const html = stdz(["report", RESULT]).stdout;
    const groups = [...html.matchAll(/<tr class="group"><td colspan="7">([\d.]+)　/g)].map((m) => m[1]);
    expect(new Set(groups).size).toBe(groups.length);
    expect(groups).toEqual([...groups].sort((a, b) => a!.localeCompare(b!, "en", { numeric: true })));
    const r = JSON.parse(readFileSync(RESULT, "utf8")) as { nonconformities: { element: string; lost: number; element_deductions: number; veto: boolean }[] };
    for (const g of groups) {
      const lost = r.nonconformities.filter((n) => n.element === g).map((n) => (n.veto ? 1e9 : 0) + n.lost + n.element_deductions);
      expect(lost).toEqual([...lost].sort((a, b) => b - a));
    }
  });
});

describe("a misspelt key gets a suggestion", () => {
  it("organization → organisation", () => {
    const dir = join(TMP, "typo");
    expect(stdz(["init", "bundle", dir, "--standard", join(ROOT, "test", "conformance", "standards", "cf-basic.yaml")]).code).toBe(0);
    const y = readFileSync(join(dir, "bundle.yaml"), "utf8")
      .replace('  name: ""', "  name: 示例")
      .replace("  assessors: []", "  assessors: []\n  organization: 某评价公司");
    writeFileSync(join(dir, "bundle.yaml"), y);
    const zh = stdz(["score", dir]);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain("未知字段 “organization”（是否想用 “organisation”？）");
    expect(stdz(["--lang", "en", "score", dir]).stderr).toContain("unknown field 'organization' (did you mean 'organisation'?)");
  });
});
