// The shipped real-shaped standards score their example bundles (examples/bundles/wh-*) through the
// built binary to the hand arithmetic written in each bundle's header.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

interface Reason {
  level: string;
  condition: string;
  element?: string;
  prerequisite?: string;
}
interface Result {
  score_text: string;
  grade: string;
  elements: { id: string; rate: number | null; weight?: number }[];
  zeroes: { element: string; item: string; deduction: string }[];
  accidents: { date: string; class: string }[];
  grade_reasons: Reason[];
}

function score(bundle: string): Result {
  const r = stdz(["score", join(ROOT, "examples", "bundles", bundle), "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Result;
}

const reasons = (res: Result) =>
  res.grade_reasons.map((g) => [g.level, g.condition, g.element ?? g.prerequisite ?? ""].join(" ")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe("wh-ps-2011: the 2011 危化 评审标准 excerpt", () => {
  it("lints clean", () => {
    const r = stdz(["lint", join(ROOT, "standards", "wh-ps-2011.yaml")]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("没有发现问题");
  });

  it("二级 applicant at 90.0: 一级 fails by the level applied for, prerequisite S1-1 and a contractor death in the 5-year window", () => {
    const res = score("wh-level2-review");
    expect([res.score_text, res.grade]).toEqual(["90.0", "二级"]);
    expect(res.elements.map((e) => [e.id, e.rate, e.weight])).toEqual([
      ["2", 1, 0.5],
      ["12", 0.8, 0.5],
    ]);
    expect(res.accidents.map((a) => [a.date, a.class])).toEqual([
      ["2021-03-15", "一般"],
      ["2024-02-10", "一般"],
      ["2024-11-05", "一般"],
    ]);
    expect(reasons(res)).toEqual(["一级 applied_level ", "一级 performance ", "一级 prerequisite S1-1"]);
  });

  it("三级 applicant: the A级否决项 zeroes 机构和职责 (50.0, below the 60 % floor) and a 1000 万元 leak breaks the 1-year window", () => {
    const res = score("wh-veto-leak");
    expect([res.score_text, res.grade]).toEqual(["50.0", "未达标"]);
    expect(res.zeroes).toEqual([{ element: "2", item: "2.4.1", deduction: "a" }]);
    expect(res.accidents.map((a) => [a.date, a.class])).toEqual([["2025-01-08", "较大"]]);
    const third = reasons(res).filter((r) => r.startsWith("三级"));
    expect(third).toEqual(["三级 min_element_rate 2", "三级 min_score ", "三级 performance "]);
    expect(reasons(res)).toContain("二级 prerequisite S2-1");
    expect(reasons(res)).toContain("一级 applied_level ");
  });
});

describe("wh-ps-2011 reports read the extensions in words", () => {
  const html = (bundle: string, lang: "zh" | "en") => {
    const out = join(mkdtempSync(join(tmpdir(), "stdz-rubrics-")), "report.html");
    const r = stdz(["score", join(ROOT, "examples", "bundles", bundle), "--report", out, "--lang", lang]);
    expect(r.code, r.stderr).toBe(0);
    return readFileSync(out, "utf8");
  };

  it("HTML (Chinese): prerequisite reasons say 不满足/满足, the level applied for is a level, the zeroed element is named, parts show their contribution", () => {
    const page = html("wh-veto-leak", "zh");
    const rows = [
      ...page.matchAll(
        /<tr><td class="center">([^<]+)<\/td><td class="center">([^<]+)<\/td>\s*<td class="center">([^<]*)<\/td>\s*<td class="center">([^<]*)<\/td>/g,
      ),
    ].map((m) => m.slice(1, 5).join(" "));
    expect(rows).toContain("一级 基本条件 不满足 满足");
    expect(rows).toContain("二级 申请等级 三级 二级");
    expect(page).not.toMatch(/>unmet</);
    expect(page).toContain('<li data-element="2">要素 2 不得分：2.4.1 扣分项 a</li>');
    expect(page).toContain("<th>贡献</th>");
    expect(page).toMatch(/<tr data-element="12">[\s\S]*?<td class="num">50\.00<\/td>/);
    expect(page).toContain("☐ <b>S2-1</b>");
    expect(page).toContain("（不满足；未满足时不得评为一级、二级）");
  });

  it("HTML (English): a met prerequisite does not read as unmet", () => {
    const page = html("wh-level2-review", "en");
    expect(page).toContain("(met; if unmet, withholds every level)");
    expect(page).toContain("prerequisite</td>");
    expect(page).not.toContain("Unmet, withholds");
  });
});

describe("wh-ps-2011 Word report", () => {
  it("grade reasons on prerequisites read 不满足 / 满足, not the result's unmet / met", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "stdz-rubrics-")), "评审报告.docx");
    const r = stdz(["score", join(ROOT, "examples", "bundles", "wh-veto-leak"), "--report", out]);
    expect(r.code, r.stderr).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const doc = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const texts = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(texts).toContain("不满足");
    expect(texts).toContain("满足");
    expect(texts).not.toContain("unmet");
    expect(texts).not.toContain("met");
  });
});
