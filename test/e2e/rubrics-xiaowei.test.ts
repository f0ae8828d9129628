// The shipped 小微 standard nm-xw (内蒙古 评分细则 excerpt) scores its example bundles (examples/bundles/nm-xw-*)
// and variants of them through the built binary to the hand arithmetic written in each bundle's header:
// the 直接否定项 (扣除总分的40%, no 达标 whatever the score), 一级否定 (zeroes) and the 20人/300万元 scope.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../../src/io/browser.js";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";
import { readPdf } from "./report-pdf.js";

interface Reason {
  level: string;
  condition: string;
  element?: string;
  prerequisite?: string;
}
interface Element {
  id: string;
  earned_points: number;
  rate: number | null;
  children?: Element[];
}
interface Result {
  score_text: string;
  grade: string;
  earned_points: number;
  applicable_points: number;
  elements: Element[];
  prerequisites: { id: string; met: boolean; blocks: string | string[]; deduct_total_rate?: number }[];
  zeroes: { element: string; item: string; deduction: string }[];
  items: { id: string; earned: number }[];
  grade_reasons: Reason[];
}

const BUNDLES = join(ROOT, "examples", "bundles");
const bundleText = (name: string) => readFileSync(join(BUNDLES, name, "bundle.yaml"), "utf8");

function scoreDir(dir: string): Result {
  const r = stdz(["score", dir, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Result;
}
const score = (bundle: string) => scoreDir(join(BUNDLES, bundle));

/** A variant of an example bundle: its text with each [from, to] replaced once (each must occur). */
function variant(bundle: string, edits: [string, string][]): string {
  let text = bundleText(bundle);
  for (const [from, to] of edits) {
    expect(text, from).toContain(from);
    text = text.replace(from, to);
  }
  const dir = mkdtempSync(join(tmpdir(), "stdz-xiaowei-"));
  writeFileSync(join(dir, "bundle.yaml"), text);
  return dir;
}

const reasons = (res: Result) =>
  res.grade_reasons.map((g) => [g.level, g.condition, g.element ?? g.prerequisite ?? ""].join(" ")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const rates = (els: Element[]): [string, number | null][] => els.flatMap((e) => [[e.id, e.rate] as [string, number | null], ...rates(e.children ?? [])]);

describe("nm-xw: the 内蒙古 小微企业 评分细则 excerpt", () => {
  it("lints clean", () => {
    const r = stdz(["lint", join(ROOT, "standards", "nm-xw.yaml")]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("没有发现问题");
  });

  it("licensed, two 扣分: 19 ÷ 22 → 86.4, 小微达标", () => {
    const res = score("nm-xw-pass");
    expect([res.score_text, res.grade, res.earned_points, res.applicable_points]).toEqual(["86.4", "小微达标", 19, 22]);
    expect(rates(res.elements)).toEqual([
      ["1", 0.863636], // 19 ÷ 22, the result's rates carry 6 decimals
      ["1.1", 0.833333], // 10 ÷ 12
      ["1.2", 0.9],
    ]);
    expect(res.prerequisites.map((p) => [p.id, p.met, p.blocks, p.deduct_total_rate])).toEqual([["P1", true, "all", 0.4]]);
    expect(res.zeroes).toEqual([]);
    expect(res.grade_reasons).toEqual([]);
  });

  it("直接否定项 unmet: every content conforms, 22 − 0.4 × 22 = 13.2 → 60.0 reaches the threshold, still 未达标 for P1 alone", () => {
    const res = score("nm-xw-unlicensed");
    expect([res.score_text, res.grade, res.earned_points, res.applicable_points]).toEqual(["60.0", "未达标", 13.2, 22]);
    expect(res.items.map((i) => [i.id, i.earned])).toEqual([
      ["1.1.1", 12],
      ["1.2.1", 10],
    ]);
    expect(res.prerequisites.map((p) => [p.id, p.met, p.blocks, p.deduct_total_rate])).toEqual([["P1", false, "all", 0.4]]);
    expect(reasons(res)).toEqual(["小微达标 prerequisite P1"]);
  });

  it("直接否定项 and 扣分 together: (19 − 8.8) ÷ 22 → 46.4, below 60 as well", () => {
    const res = scoreDir(variant("nm-xw-pass", [["{ id: P1, met: true,", "{ id: P1, met: false,"]]));
    expect([res.score_text, res.grade, res.earned_points]).toEqual(["46.4", "未达标", 10.2]);
    expect(reasons(res)).toEqual(["小微达标 min_score ", "小微达标 prerequisite P1"]);
  });

  it("一级否定 in 1.2.1 zeroes the whole 一级要素 1, 1.1.1 included: 0.0, 未达标", () => {
    const res = scoreDir(variant("nm-xw-pass", [["[{ id: c, count: 1, note: 第一季度监测记录缺失 }]", "[{ id: a, count: 1, note: 无监测记录 }]"]]));
    expect([res.score_text, res.grade, res.earned_points]).toEqual(["0.0", "未达标", 0]);
    expect(res.zeroes).toEqual([{ element: "1", item: "1.2.1", deduction: "a" }]);
    expect(res.items.map((i) => [i.id, i.earned])).toEqual([
      ["1.1.1", 0],
      ["1.2.1", 0],
    ]);
    expect(reasons(res)).toEqual(["小微达标 min_score "]);
  });

  it("outside the scope (从业人员 35 人, 营业收入 500 万元): 86.4 but 未达标 by the level's requires; 20 人 exactly is inside", () => {
    const out = scoreDir(
      variant("nm-xw-pass", [
        ["employees: 16", "employees: 35"],
        ["revenue: 420", "revenue: 500"],
      ]),
    );
    expect([out.score_text, out.grade]).toEqual(["86.4", "未达标"]);
    expect(reasons(out)).toEqual(["小微达标 requires "]);
    const edge = scoreDir(variant("nm-xw-pass", [["employees: 16", "employees: 20"]]));
    expect(edge.grade).toBe("小微达标");
    const byRevenue = scoreDir(
      variant("nm-xw-pass", [
        ["employees: 16", "employees: 35"],
        ["revenue: 420", "revenue: 300"],
      ]),
    );
    expect(byRevenue.grade).toBe("小微达标");
  });

  it("a bundle without 营业收入 is refused: the scope names the declared profile field revenue", () => {
    const dir = variant("nm-xw-pass", [["  profile:\n    revenue: 420\n", ""]]);
    const r = stdz(["score", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BUN073");
    expect(r.stderr).toContain("营业收入（万元）");
  });
});

describe("nm-xw reports", () => {
  const report = (bundle: string, lang: "zh" | "en") => {
    const out = join(mkdtempSync(join(tmpdir(), "stdz-xiaowei-")), "report.html");
    const r = stdz(["score", join(BUNDLES, bundle), "--report", out, "--lang", lang]);
    expect(r.code, r.stderr).toBe(0);
    return readFileSync(out, "utf8");
  };

  it("HTML (Chinese): the unmet 直接否定项 is an unticked checklist entry with its 40 % cut, and the grade reason quotes it", () => {
    const page = report("nm-xw-unlicensed", "zh");
    expect(page).toContain("☐ <b>P1</b>");
    expect(page).toContain("（不满足；未满足时不得评为任何等级；扣除总分的 40%）");
    expect(page).toContain("(22 − 8.8) ÷ (22 − 0) × 100 &#x3D; 60 → 60.0");
    expect(page).toContain("若企业未按规定取得安全生产行政许可开展生产经营，扣除总分的40%，不得进行标准化达标");
    expect(page).toContain("60.0");
    expect(page).toContain("未达标");
  });

  it("HTML (English): the met prerequisite reads as met", () => {
    const page = report("nm-xw-pass", "en");
    expect(page).toContain("☑ <b>P1</b>");
    expect(page).toContain("(met; if unmet, withholds every level; takes off the total 40%)");
    expect(page).toContain("19 ÷ (22 − 0) × 100");
    expect(page).not.toContain("Unmet, withholds");
  });
});

const browser = findBrowser().path;
const required = process.env.CI === "true" || process.env.STDZ_REQUIRE_BROWSER === "1";

describe.skipIf(!browser && !required)("nm-xw PDF report (needs Chromium)", () => {
  it("the printed report of the unlicensed bundle reads 60.0, 未达标 and the unmet 直接否定项 with its 40 % cut", () => {
    const out = join(mkdtempSync(join(tmpdir(), "stdz-xiaowei-")), "评审报告.pdf");
    const r = stdz(["score", join(BUNDLES, "nm-xw-unlicensed"), "--report", out]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = readPdf(readFileSync(out));
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    // Line breaks fall where the page wraps; compare the text without white space.
    const text = pdf.text.join("").replace(/\s+/g, "");
    expect(text).toContain("包头市某化工产品经营部");
    expect(text).toContain("60.0");
    expect(text).toContain("未达标");
    expect(text).toContain("☐P1若企业未按规定取得安全生产行政许可开展生产经营，扣除总分的40%，不得进行标准化达标");
    expect(text).toContain("(22−8.8)÷(22−0)×100=60→60.0");
  }, 120_000);
});
