// stdz deviation on hand-computed fixtures: see test/fixtures/deviation/README.md for every figure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { FIXTURES } from "../helpers/paths.js";

const DIR = join(FIXTURES, "deviation");
const REG = join(DIR, "register.csv");
const tmps: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "stdz-deviation-"));
  tmps.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});
const json = (args: string[]) => {
  const r = stdz(["deviation", ...args, "--format", "json"]);
  return { ...r, data: r.code === 0 || r.code === 1 ? JSON.parse(r.stdout) : undefined };
};

describe("stdz deviation: two bundles of one enterprise", () => {
  it("reported 95.0 一级 vs audited 42.0 未达标: deviation 53/42, disagreement 4/5, flagged", () => {
    const { code, data } = json([join(DIR, "reported"), join(DIR, "audited-far")]);
    expect(code).toBe(0);
    expect(data.reported).toMatchObject({ score: 95, grade: "一级", kind: "bundle" });
    expect(data.audited).toMatchObject({ score: 42, grade: "未达标" });
    expect(data.score_deviation).toBeCloseTo(53 / 42, 10);
    expect(data.content_disagreement).toBe(0.8);
    expect(data.grade_mismatch).toBe(true);
    expect(data.flagged).toBe(true);
    expect(data.applicable_contents).toBe(5);
    expect(data.differing_contents.map((c: { item: string }) => c.item)).toEqual(["1.1", "1.2", "2.2", "2.3"]);
    expect(data.differing_contents[1]).toMatchObject({
      item: "1.2",
      reported: { status: "conform", earned: 30, deductions: [] },
      audited: { status: "nonconform", earned: 0, deductions: [{ id: "a", count: 2 }] },
    });
  });

  it("reported 95.0 vs audited 90.0: 1/18, not flagged, grade 一级 ≠ 二级; --fail-on-flag decides the exit code", () => {
    const { code, data } = json([join(DIR, "reported"), join(DIR, "audited-close"), "--fail-on-flag"]);
    expect(code).toBe(0);
    expect(data.score_deviation).toBeCloseTo(1 / 18, 10);
    expect(data.content_disagreement).toBe(0.2);
    expect(data.grade_mismatch).toBe(true);
    expect(data.flagged).toBe(false);
    // The same pair flags at a threshold of 5 %: 1/18 = 5.56 % ≥ 5 %.
    expect(json([join(DIR, "reported"), join(DIR, "audited-close"), "--threshold", "5%", "--fail-on-flag"]).code).toBe(1);
    expect(json([join(DIR, "reported"), join(DIR, "audited-close"), "--threshold", "1/17", "--fail-on-flag"]).code).toBe(0);
    expect(json([join(DIR, "reported"), join(DIR, "audited-far"), "--fail-on-flag"]).code).toBe(1);
  });

  it("reads result JSON files (validated), and mixes a result with a bundle", () => {
    const d = tmp();
    const s = stdz(["score", join(DIR, "audited-far"), "--format", "json", "-o", join(d, "a.json")]);
    expect(s.code).toBe(0);
    const { code, data } = json([join(DIR, "reported"), join(d, "a.json")]);
    expect(code).toBe(0);
    expect(data.audited.kind).toBe("result");
    expect(data.score_deviation).toBeCloseTo(53 / 42, 10);
    writeFileSync(join(d, "bad.json"), JSON.stringify({ kind: "result", score: 1 }));
    const bad = stdz(["deviation", join(DIR, "reported"), join(d, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("SMP010");
  });

  it("refuses different enterprises and different standards (exit 2)", () => {
    const r = stdz(["deviation", join(DIR, "reported"), join(DIR, "other-enterprise")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("SMP012");
    const d = tmp();
    const s = stdz(["score", join(DIR, "audited-far"), "--format", "json", "-o", join(d, "a.json")]);
    expect(s.code).toBe(0);
    const other = JSON.parse(readFileSync(join(d, "a.json"), "utf8"));
    other.standard.fingerprint = "0".repeat(64);
    writeFileSync(join(d, "b.json"), JSON.stringify(other));
    const x = stdz(["deviation", join(DIR, "reported"), join(d, "b.json")]);
    expect(x.code).toBe(2);
    expect(x.stderr).toContain("SMP011");
  });

  it("table, CSV of the differing contents, and an HTML page", () => {
    const d = tmp();
    const t = stdz(["deviation", join(DIR, "reported"), join(DIR, "audited-far"), "--html", join(d, "p.html")]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain("误差率（得分偏差）：126.19%");
    expect(t.stdout).toContain("内容不一致率：80.00%（4 / 5 项适用内容）");
    const html = readFileSync(join(d, "p.html"), "utf8");
    expect(html).toContain('data-testid="score-deviation" class="flag">126.19%');
    expect(html).toContain("岗位操作规程");
    const c = stdz(["deviation", join(DIR, "reported"), join(DIR, "audited-far"), "--format", "csv"]);
    expect(c.stdout.split("\r\n")[2]).toBe("1.2,岗位操作规程,符合,30,,不符合,0,a×2");
  });
});

describe("stdz deviation --register", () => {
  type E = { row: number; score_deviation: number; flagged: boolean; grade_mismatch?: boolean };
  type G = { group: string; sampled: number; flagged_enterprises: number; flagged_share: number; flagged: boolean };

  it("flags 丰泽区's batch (3/4) and not 鲤城区's (1/4)", () => {
    const { code, data } = json(["--register", REG]);
    expect(code).toBe(0);
    expect(data.register).toMatchObject({ read: 10, accepted: 10, sampled: 8, one_score_only: 2 });
    const byRow = new Map((data.enterprises as E[]).map((e) => [e.row, e]));
    expect([...byRow.values()].filter((e) => e.flagged).map((e) => e.row)).toEqual([1, 2, 3, 6]);
    expect(byRow.get(1)!.score_deviation).toBe(0.5);
    expect(byRow.get(3)!.score_deviation).toBe(0.3); // exactly at the threshold: flagged
    expect(byRow.get(2)!.score_deviation).toBeCloseTo(19 / 61, 10);
    expect(byRow.get(4)!.score_deviation).toBe(0.0625);
    expect([...byRow.values()].filter((e) => e.grade_mismatch).map((e) => e.row)).toEqual([1, 2, 3, 6]);
    expect(data.groups as G[]).toEqual([
      { group: "丰泽区", sampled: 4, flagged_enterprises: 3, flagged_share: 0.75, flagged: true },
      { group: "鲤城区", sampled: 4, flagged_enterprises: 1, flagged_share: 0.25, flagged: false },
    ]);
    expect(data.re_review.groups.map((g: G) => g.group)).toEqual(["丰泽区"]);
    expect(data.re_review.enterprises.map((e: E) => e.row)).toEqual([1, 2, 3, 6]);
  });

  it("--group-threshold, --by review_org, --fail-on-flag", () => {
    const g = json(["--register", REG, "--group-threshold", "0.2"]);
    expect((g.data.groups as G[]).map((x) => x.flagged)).toEqual([true, true]);
    const by = json(["--register", REG, "--by", "review_org"]);
    expect((by.data.groups as G[]).map((x) => [x.group, x.sampled, x.flagged_enterprises, x.flagged])).toEqual([
      // Pinyin order as batch lists groups (jiǎ before yǐ), not code-point order (乙 U+4E59 before 甲 U+7532).
      ["甲评审中心", 4, 2, true],
      ["乙评审公司", 4, 2, true],
    ]);
    expect(stdz(["deviation", "--register", REG, "--fail-on-flag"]).code).toBe(1);
    // Nothing reaches 60 %: exit 0 even with --fail-on-flag.
    expect(stdz(["deviation", "--register", REG, "--threshold", "60%", "--group-threshold", "1", "--fail-on-flag"]).code).toBe(0);
  });

  it("writes the 复评名单 as Excel-safe CSV and an HTML page", () => {
    const d = tmp();
    const r = stdz(["deviation", "--register", REG, "--format", "csv", "-o", join(d, "复评名单.csv"), "--html", join(d, "复评名单.html")]);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(d, "复评名单.csv"), "utf8").split("\r\n");
    expect(lines[0]!.startsWith("\uFEFF复评对象,分组,单位名称")).toBe(true);
    expect(lines[1]).toBe("整批,丰泽区,,,,,,,,,,4,3,75.00%");
    expect(lines[2]).toBe("企业,丰泽区,泉州荣安燃气股份有限公司,913505820000001230,1,90,60,50.00%,一级,三级,是,,,");
    expect(lines.filter((l) => l !== "")).toHaveLength(1 + 1 + 4);
    const html = readFileSync(join(d, "复评名单.html"), "utf8");
    expect(html).toContain('data-testid="re-review-groups">整批复评：丰泽区（3/4）</p>');
    expect(html).toContain("泉州利建纺织有限公司");
    expect(html).toContain("<svg");
  });

  it("needs both score columns, and usage errors exit 2", () => {
    const r = stdz(["deviation", "--register", join(FIXTURES, "sample", "register.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("SMP020");
    expect(stdz(["deviation"]).code).toBe(2);
    expect(stdz(["deviation", "--register", REG, "--threshold", "abc"]).code).toBe(2);
  });
});
