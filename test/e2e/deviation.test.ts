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

// register-groups.csv (see the README): seven counties, two rows without one (未填), and five 评审单位
// values, one empty; code-point order and pinyin order differ for both columns.
describe("stdz deviation --register: the groups table", () => {
  const GROUPS = join(DIR, "register-groups.csv");
  const PINYIN = ["海沧区", "湖里区", "集美区", "思明区", "同安区", "翔安区", "未填"];
  /** The groups table's lines (header, rule, rows) of a table output. */
  const groupLines = (stdout: string) => stdout.split("\n").slice(3, 3 + 2 + PINYIN.length);
  const cells = (line: string) => line.trim().split(/\s{2,}/);
  type G = { group: string; sampled: number; flagged_enterprises: number; flagged: boolean };
  type E = { row: number; group: string };

  it("names the fifth column 整批复评 (是/否), in English 'group re-review' (yes/no)", () => {
    const zh = groupLines(stdz(["deviation", "--register", GROUPS]).stdout);
    expect(cells(zh[0]!)).toEqual(["分组", "抽查家数", "超差家数", "超差占比", "整批复评"]);
    expect(zh.slice(2).map((l) => [cells(l)[0], cells(l)[4]])).toEqual([
      ["海沧区", "否"],
      ["湖里区", "是"],
      ["集美区", "是"],
      ["思明区", "是"],
      ["同安区", "否"],
      ["翔安区", "是"],
      ["未填", "是"],
    ]);
    const en = groupLines(stdz(["--lang", "en", "deviation", "--register", GROUPS]).stdout);
    expect(cells(en[0]!)).toEqual(["group", "sampled", "flagged", "share", "group re-review"]);
    expect(en.slice(2).map((l) => cells(l)[4])).toEqual(["no", "yes", "yes", "yes", "no", "yes", "yes"]);
    // The 复评名单 CSV and the JSON have no unnamed column: every row as wide as the header; every group says whether it is flagged.
    const csv = stdz(["deviation", "--register", GROUPS, "--format", "csv"])
      .stdout.split("\r\n")
      .filter((l) => l !== "");
    const width = csv[0]!.split(",").length;
    expect(csv[0]!.split(",").every((h) => h.replace("\uFEFF", "") !== "")).toBe(true);
    expect(csv.every((l) => l.split(",").length === width)).toBe(true);
    const groups = json(["--register", GROUPS]).data.groups as G[];
    expect(groups.map((g) => g.flagged)).toEqual([false, true, true, true, false, true, true]);
  });

  it("names the column in the HTML page too, in both languages", () => {
    const d = tmp();
    for (const [lang, header, yes, no] of [
      ["zh", "整批复评", "是", "否"],
      ["en", "Group re-review", "yes", "no"],
    ] as const) {
      const file = join(d, `${lang}.html`);
      expect(stdz(["--lang", lang, "deviation", "--register", GROUPS, "--html", file]).code).toBe(0);
      const html = readFileSync(file, "utf8");
      const table = /<table data-testid="groups">([\s\S]*?)<\/table>/.exec(html)![1]!;
      const heads = [...table.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
      expect(heads).toHaveLength(5);
      expect(heads[4]).toBe(header);
      expect(heads.every((h) => h !== "")).toBe(true);
      const rows = [...table.matchAll(/<tr><td>([^<]*)<\/td>.*?<td>(?:<span class="flag">)?([^<]*)(?:<\/span>)?<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
      expect(rows).toEqual(PINYIN.map((g, i) => [g, [1, 2, 3, 5, 6].includes(i) ? yes : no]));
    }
  });

  it("lists groups as batch lists its counties: pinyin order, 未填 last (table, JSON, CSV, HTML)", () => {
    const groups = json(["--register", GROUPS]).data.groups as G[];
    expect(groups.map((g) => g.group)).toEqual(PINYIN);
    // The same order as stdz batch gives the same register's counties.
    const batch = JSON.parse(stdz(["batch", GROUPS, "--format", "json"]).stdout) as { counties: { name: string }[] };
    expect(batch.counties.map((c) => c.name)).toEqual(PINYIN);
    expect(groups.map((g) => [g.sampled, g.flagged_enterprises])).toEqual([
      [1, 0],
      [2, 1],
      [1, 1],
      [1, 1],
      [1, 0],
      [1, 1],
      [2, 1],
    ]);
    // The 复评名单 follows the groups: group by group, register order within one.
    const re = json(["--register", GROUPS]).data.re_review.enterprises as E[];
    expect(re.map((e) => [e.group, e.row])).toEqual([
      ["湖里区", 9],
      ["集美区", 3],
      ["思明区", 1],
      ["翔安区", 6],
      ["未填", 7],
    ]);
    const csv = stdz(["--lang", "en", "deviation", "--register", GROUPS, "--format", "csv"]).stdout.split("\r\n");
    expect(csv.slice(1, 6).map((l) => l.split(",").slice(0, 2).join(","))).toEqual([
      "group,湖里区",
      "group,集美区",
      "group,思明区",
      "group,翔安区",
      "group,未填",
    ]);
    expect(csv.slice(6, 11).map((l) => l.split(",")[4])).toEqual(["9", "3", "1", "6", "7"]);
    // By 评审单位: 丙 bǐng, 丁 dīng, 甲 jiǎ, 乙 yǐ (code points: 丁 丙 乙 甲), the row without one last.
    for (const lang of ["zh", "en"]) {
      const t = stdz(["--lang", lang, "deviation", "--register", GROUPS, "--by", "review_org"]).stdout;
      const lines = t.split("\n").slice(5, 10);
      expect(lines.map((l) => cells(l)[0])).toEqual(["丙评审所", "丁安评公司", "甲评审中心", "乙评审公司", "未填"]);
    }
    const d = tmp();
    expect(stdz(["deviation", "--register", GROUPS, "--html", join(d, "g.html")]).code).toBe(0);
    const html = readFileSync(join(d, "g.html"), "utf8");
    const positions = PINYIN.map((g) => html.indexOf(`<tr><td>${g}</td>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

// reported-org and audited-org are reported and audited-far with an 评审单位 (assessment.organisation).
describe("stdz deviation: the pair page names its sources", () => {
  const sources = (html: string) => ["reported", "audited"].map((side) => new RegExp(`data-testid="${side}-source">([^<]*)<`).exec(html)?.[1]);

  it("by assessing unit and kind, not by path, in both languages; JSON carries the unit", () => {
    const d = tmp();
    const args = [join(DIR, "reported-org"), join(DIR, "audited-org")];
    expect(stdz(["deviation", ...args, "--html", join(d, "zh.html")]).code).toBe(0);
    expect(stdz(["--lang", "en", "deviation", ...args, "--html", join(d, "en.html")]).code).toBe(0);
    const zh = readFileSync(join(d, "zh.html"), "utf8");
    const en = readFileSync(join(d, "en.html"), "utf8");
    expect(sources(zh)).toEqual(["泉州安评技术服务有限公司（评审）", "泉州市应急管理局（抽查）"]);
    expect(sources(en)).toEqual(["泉州安评技术服务有限公司 (review)", "泉州市应急管理局 (spot check)"]);
    for (const html of [zh, en]) {
      expect(html).not.toContain("reported-org");
      expect(html).not.toContain("fixtures");
    }
    const { data } = json(args);
    expect(data.reported).toMatchObject({ organisation: "泉州安评技术服务有限公司", assessment_kind: "review" });
    expect(data.audited).toMatchObject({ organisation: "泉州市应急管理局", assessment_kind: "spot-check" });
  });

  it("the same from result JSON files; by kind alone when the result names no unit", () => {
    const d = tmp();
    expect(stdz(["score", join(DIR, "audited-org"), "--format", "json", "-o", join(d, "抽查结果.json")]).code).toBe(0);
    expect(stdz(["deviation", join(DIR, "reported-org"), join(d, "抽查结果.json"), "--html", join(d, "r.html")]).code).toBe(0);
    const r = readFileSync(join(d, "r.html"), "utf8");
    expect(sources(r)).toEqual(["泉州安评技术服务有限公司（评审）", "泉州市应急管理局（抽查）"]);
    expect(r).not.toContain("抽查结果.json");
    expect(stdz(["deviation", join(DIR, "reported"), join(DIR, "audited-far"), "--html", join(d, "k.html")]).code).toBe(0);
    expect(sources(readFileSync(join(d, "k.html"), "utf8"))).toEqual(["评审", "抽查"]);
    expect(stdz(["--lang", "en", "deviation", join(DIR, "reported"), join(DIR, "audited-far"), "--html", join(d, "k-en.html")]).code).toBe(0);
    expect(sources(readFileSync(join(d, "k-en.html"), "utf8"))).toEqual(["review", "spot check"]);
    expect(json([join(DIR, "reported"), join(DIR, "audited-far")]).data.reported.organisation).toBeUndefined();
  });
});
