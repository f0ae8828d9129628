// stdz sample on a hand-made register. Every key below was computed outside stdz with
//   printf '%s\n%s\n%s' SEED GROUP ID | sha256sum
// (ID = credit code, or the name when the row has none), then sorted by hand.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { FIXTURES } from "../helpers/paths.js";

const DIR = join(FIXTURES, "sample");
const REG = join(DIR, "register.csv");
const tmps: string[] = [];
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

const json = (args: string[]) => {
  const r = stdz(["sample", REG, ...args, "--format", "json"]);
  return { ...r, data: r.code === 0 ? JSON.parse(r.stdout) : undefined };
};
type G = { group: string; size: number; n: number; drawn: { key: string; id: string; name: string; row: number }[] };

describe("stdz sample: the register of test/fixtures/sample", () => {
  // Population (accepted rows with a qualifying grade): 晋江市 rows 1,2,3,4,6,7,8 (row 5 未达标);
  // 石狮市 rows 9,10 (row 11 repeats row 1's credit code, row 13 has a bad check character: both rejected);
  // 未填 row 12 (no county, no credit code → keyed by name).
  it("draws the keys sha256sum gives, seed = --as-of date", () => {
    const { code, data, stderr } = json(["--as-of", "2024-06-30"]);
    expect(code).toBe(0);
    expect(stderr).toContain("种子：2024-06-30");
    expect(stderr).toContain("REG015");
    expect(stderr).toContain("REG013");
    expect(data.seed).toBe("2024-06-30");
    expect(data.register).toMatchObject({ read: 13, accepted: 11, rejected: 2, qualified: 10, population: 10 });
    const groups = data.groups as G[];
    // Code-point order: 晋 U+664B < 未 U+672A < 石 U+77F3.
    expect(groups.map((g) => [g.group, g.size, g.n])).toEqual([
      ["晋江市", 7, 3], // max(3, ⌈0.1 × 7⌉ = 1) = 3
      ["未填", 1, 1], // min(N = 1, 3)
      ["石狮市", 2, 2],
    ]);
    expect(groups[0]!.drawn.map((d) => [d.key, d.id])).toEqual([
      ["0982855d278a2dcee014a1ad116b15cbcd8b1925529f9986e227ffa8b6e6987a", "9135058200000022X6"],
      ["167d9c045259d1a07e9bdf0e24c3891f45008e88c4d0d8a8e36e153b5ed12cf5", "913505820000001230"],
      ["4fb66cb061c85aee5c8e27366fe820a15fe8ff7c9051d757b985fe0cf45d681e", "91350582000000107A"],
    ]);
    // The next keys of 晋江市 (not drawn): 88ed23cc… 913505820000002386, 8a065c09… 91350582000000166D, …
    expect(groups[1]!.drawn.map((d) => [d.key, d.id])).toEqual([["82206e1e3bb3f58f0d9a527769430023521f7d63e387a2b2f3494fcbb6b79408", "泉州无码小店"]]);
    expect(groups[2]!.drawn.map((d) => [d.key, d.id])).toEqual([
      ["77c3ab9d7b17506903bb6c123353cfcfedd7af90971c340c5f14d270eeeb75f8", "9135058100000014X4"],
      ["f215dfd55ed15651a00e14d01c4c8a089f992f85ce35ba943979ebc7ee0cc2d1", "91350581000000246J"],
    ]);
  });

  it("groups by 评审单位 (--by review_org or the header), --rate 1/3 exactly, --seed", () => {
    for (const by of ["review_org", "评审单位"]) {
      const { code, data } = json(["--seed", "seed-A", "--by", by, "--rate", "1/3", "--min", "1"]);
      expect(code).toBe(0);
      const groups = data.groups as G[];
      // 乙评审公司: N = 4, ⌈4/3⌉ = 2; 甲评审中心: N = 5, ⌈5/3⌉ = 2; 未填: 1.
      expect(groups.map((g) => [g.group, g.size, g.n, g.drawn.map((d) => d.id)])).toEqual([
        ["乙评审公司", 4, 2, ["9135058100000014X4", "9135058200000022X6"]], // 1c7b050d…, 4aede837…
        ["未填", 1, 1, ["泉州无码小店"]],
        ["甲评审中心", 5, 2, ["913505820000002386", "91350581000000246J"]], // 0141197e…, 469dc915…
      ]);
      expect(groups[2]!.drawn[0]!.key).toBe("0141197e754ae50a1224149cc5b60cbc06e3c4c21edd6522716fdadf3c7549e0");
    }
  });

  it("--graded-since and --exclude narrow the population", () => {
    const { code, data } = json(["--seed", "2024-06-30", "--graded-since", "2023-01-01", "--exclude", join(DIR, "exclude.csv")]);
    expect(code).toBe(0);
    // Issued on or after 2023-01-01: 晋江市 rows 2, 3, 6, 7; 石狮市 rows 9, 10; 未填 row 12 — which exclude.csv removes (by name).
    expect((data.groups as G[]).map((g) => [g.group, g.size, g.n])).toEqual([
      ["晋江市", 4, 3],
      ["石狮市", 2, 2],
    ]);
    expect(data.exclude).toMatchObject({ entries: 2, removed: 1 });
    // Without the date filter, exclude.csv removes row 1 (credit code) and row 12 (name).
    const all = json(["--seed", "2024-06-30", "--exclude", join(DIR, "exclude.csv")]);
    expect(all.data.exclude.removed).toBe(2);
    expect((all.data.groups as G[])[0]!.drawn.map((d) => d.id)).toEqual(["9135058200000022X6", "91350582000000107A", "913505820000002386"]);
  });

  it("is stable across runs, and a previous sample works as --exclude", () => {
    const d = mkdtempSync(join(tmpdir(), "stdz-sample-"));
    tmps.push(d);
    const a = stdz(["sample", REG, "--seed", "s", "--format", "csv", "-o", join(d, "a.csv")]);
    const b = stdz(["sample", REG, "--seed", "s", "--format", "csv", "-o", join(d, "b.csv")]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const text = readFileSync(join(d, "a.csv"), "utf8");
    expect(text).toBe(readFileSync(join(d, "b.csv"), "utf8"));
    expect(text.startsWith("\uFEFF统计日期,分组,总体数,抽取数,序号,单位名称,统一社会信用代码")).toBe(true);
    expect(text.split("\r\n")[1]).toMatch(/^2024-06-30,/); // the draw's date (STDZ_TODAY in tests)
    expect(text.split("\r\n").filter((l) => l !== "")).toHaveLength(1 + 3 + 1 + 2);
    const again = json(["--seed", "s", "--exclude", join(d, "a.csv")]);
    expect(again.data.register.population).toBe(4); // 10 − 6 drawn
  });

  it("prints a table with the seed, and rejects bad options with exit 2", () => {
    const r = stdz(["sample", REG, "--seed", "2024-06-30"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("种子：2024-06-30");
    expect(r.stdout).toMatch(/晋江市\s+7\s+3/);
    expect(r.stdout).toContain("0982855d278a2dce");
    expect(stdz(["sample", REG, "--rate", "1/0"]).code).toBe(2);
    expect(stdz(["sample", REG, "--rate", "1.5"]).code).toBe(2);
    expect(stdz(["sample", REG, "--by", "不存在的列"]).code).toBe(2);
    expect(stdz(["sample", REG, "--by", "不存在的列"]).stderr).toContain("SMP001");
    expect(stdz(["sample", join(DIR, "missing.csv")]).code).toBe(2);
  });

  it("neutralises formula-like cells in CSV", () => {
    const r = stdz(["sample", join(DIR, "formula.csv"), "--seed", "x", "--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("'=HYPERLINK");
    expect(r.stdout).not.toMatch(/,=HYPERLINK/);
  });
});
