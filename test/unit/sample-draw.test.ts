// KeyDraw (src/core/register/sample-draw.ts) against the plain draw of DESIGN.md "Sampling":
// every candidate's full key, sorted, the n smallest per group; and the sample flow's second
// read, forced, against its usual single read.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rational } from "../../src/core/lib/rational.js";
import { withCheckChar } from "../../src/core/lib/credit-code.js";
import { KeyDraw, type KeyDrawOptions } from "../../src/core/register/sample-draw.js";
import { codePointCompare, drawSample as coreDraw, sampleKey, sampleSize } from "../../src/core/register/sample.js";
import { drawSample, type SampleOptions } from "../../src/flows/sample.js";
import { InputError } from "../../src/diagnostics.js";

const rate = (s: string) => Rational.parseFractionOrDecimal(s)!;

interface Row {
  group: string;
  id: string;
}

/** The plain way: full keys of every candidate, sorted; candidate numbers of the n smallest per group. */
function plain(rows: Row[], o: KeyDrawOptions): Array<{ group: string; size: number; drawn: Array<{ key: string; candidate: number }> }> {
  const groups = [...new Set(rows.map((r) => r.group))].sort(codePointCompare);
  return groups.map((group) => {
    const members = rows.flatMap((r, c) => (r.group === group ? [{ key: sampleKey(o.seed, group, r.id), candidate: c }] : []));
    members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.candidate - b.candidate));
    return { group, size: members.length, drawn: members.slice(0, sampleSize(members.length, o.rate, o.min)) };
  });
}

/** KeyDraw with every id at hand; also which candidates it said to keep. */
function compact(rows: Row[], o: KeyDrawOptions) {
  const d = new KeyDraw(o);
  const kept = rows.map((r) => d.add(r.group, r.id));
  const groups = d
    .select((size) => sampleSize(size, o.rate, o.min), codePointCompare)
    .map((g) => ({
      group: g.group,
      size: g.size,
      drawn: d.finish(g, (c) => rows[c]!.id)!,
    }));
  return { groups, kept };
}

/** A register-like mix: a few large groups, some tiny ones, ids as credit codes or names. */
function rowsOf(count: number, salt: string): Row[] {
  const groups = ["鲤城区", "丰泽区", "晋江市", "\u{20000}区", "小区"];
  return Array.from({ length: count }, (_, i) => ({
    group: i % 97 === 0 ? groups[3 + (i % 2)]! : groups[i % 3]!,
    id: i % 5 === 0 ? `${salt}企业${i}` : `9135050${String(i).padStart(10, "0")}${salt}`,
  }));
}

describe("KeyDraw agrees with the plain draw", () => {
  const cases: Array<[string, KeyDrawOptions]> = [
    ["rate 0.1, min 3", { rate: rate("0.1"), min: 3, seed: "2024-06-30" }],
    ["rate 1/3, min 1", { rate: rate("1/3"), min: 1, seed: "种子" }],
    ["rate 1 (everyone)", { rate: rate("1"), min: 0, seed: "x" }],
    ["min above the group sizes", { rate: rate("0.01"), min: 50, seed: "y" }],
  ];
  for (const [name, o] of cases) {
    it(`${name}: same candidates in the same key order`, () => {
      const rows = rowsOf(3000, name.length.toString());
      expect(compact(rows, o).groups).toEqual(plain(rows, o));
    });
  }

  it("breaks ties of the leading bits by the full key (3 bits: thousands of ties)", () => {
    const rows = rowsOf(2000, "t");
    for (const r of ["0.1", "0.5"]) {
      const o = { rate: rate(r), min: 3, seed: "ties", keyBits: 3 };
      expect(compact(rows, o).groups).toEqual(plain(rows, o));
    }
  });

  it("the core Sampler (every id kept) draws the same", () => {
    const rows = rowsOf(1500, "s");
    const o = { rate: rate("0.2"), min: 3, seed: "s" };
    const viaSampler = coreDraw(
      rows.map((r, c) => ({ ...r, data: c })),
      o,
    ).map((g) => ({ group: g.group, size: g.size, drawn: g.drawn.map((d) => ({ key: d.key, candidate: d.data })) }));
    expect(viaSampler).toEqual(plain(rows, o));
  });
});

describe("KeyDraw's keep bound", () => {
  it("keeps every drawn candidate while keeping only a little more than the rate of a large group", () => {
    const rows = rowsOf(60000, "k");
    const o = { rate: rate("0.1"), min: 3, seed: "2024-06-30" };
    const { groups, kept } = compact(rows, o);
    for (const g of groups) for (const d of g.drawn) expect(kept[d.candidate]).toBe(true);
    const share = kept.filter(Boolean).length / rows.length;
    // 10 % are drawn; the bound keeps a margin (most of it early in each group), not everyone.
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.2);
  });

  it("keeps everyone while a group is small or the rate is high", () => {
    const few = compact(rowsOf(60, "f"), { rate: rate("0.1"), min: 3, seed: "f" });
    expect(few.kept.every(Boolean)).toBe(true);
    const all = compact(rowsOf(5000, "a"), { rate: rate("0.9"), min: 3, seed: "a" });
    expect(all.kept.every(Boolean)).toBe(true);
  });

  it("finish says so when an id no longer gives the key recorded", () => {
    const rows = rowsOf(100, "c");
    const d = new KeyDraw({ rate: rate("0.5"), min: 3, seed: "c" });
    for (const r of rows) d.add(r.group, r.id);
    const g = d.select((size) => sampleSize(size, rate("0.5"), 3), codePointCompare)[0]!;
    expect(d.finish(g, (c) => rows[c]!.id)).toHaveLength(g.n);
    expect(d.finish(g, (c) => `${rows[c]!.id}X`)).toBeUndefined();
    expect(d.finish(g, () => undefined)).toBeUndefined();
  });
});

describe("the sample flow reads the register again for candidates it did not keep", () => {
  const dir = mkdtempSync(join(tmpdir(), "stdz-sample-draw-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = "单位名称,统一社会信用代码,所属行业,所属区县,达标等级,评审得分,发证日期,评审单位";
  const lines = Array.from({ length: 400 }, (_, i) => {
    const code = withCheckChar(`9135050${String(i + 1).padStart(10, "0")}`);
    return `泉州测试${i}有限公司,${i % 7 === 0 ? "" : code},机械,${i % 3 ? "晋江市" : "丰泽区"},${["一级", "二级", "三级", "小微达标", "未达标"][i % 5]},${70 + (i % 30)},2023-0${1 + (i % 9)}-15,甲评审中心`;
  });
  const file = join(dir, "register.csv");
  writeFileSync(file, [header, ...lines].join("\n") + "\n");
  const o: SampleOptions = {
    rate: "0.1",
    min: "3",
    by: "county",
    seed: "2024-06-30",
    format: "json",
    encoding: "auto",
    delimiter: "auto",
    today: "2024-06-30",
  };

  it("draws exactly what a single read draws", async () => {
    const once = await drawSample(file, o);
    expect(once.value.groups.reduce((a, g) => a + g.n, 0)).toBeGreaterThan(20);
    // Nothing kept: every drawn row comes from the second read; some kept: part of them.
    for (const keepBelow of [() => 0, (size: number) => (size % 2 ? 0.05 : 0)]) {
      const twice = await drawSample(file, { ...o, keepBelow });
      expect(twice).toEqual(once);
    }
  });

  it("stops with REG090 when the register changed between the reads", async () => {
    const changing = join(dir, "changing.csv");
    writeFileSync(changing, [header, ...lines].join("\n") + "\n");
    let changed = false;
    const keepBelow = () => {
      // The first read has the whole (small) file already; the second sees the rows in another order.
      if (!changed) writeFileSync(changing, [header, ...[...lines].reverse()].join("\n") + "\n");
      changed = true;
      return 0;
    };
    const err = await drawSample(changing, { ...o, keepBelow }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err instanceof InputError && err.diagnostics.map((d) => d.code)).toEqual(["REG090"]);
  });
});
