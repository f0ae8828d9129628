import { describe, expect, it } from "vitest";
import { codePointCompare, drawSample, sampleKey, sampleSize } from "../../src/core/register/sample.js";
import { Rational } from "../../src/core/lib/rational.js";

const rate = (s: string) => Rational.parseFractionOrDecimal(s)!;

describe("sampleSize: n = min(N, max(min, ⌈rate × N⌉))", () => {
  it("uses the minimum for small groups and the rate for large ones", () => {
    expect(sampleSize(0, rate("0.1"), 3)).toBe(0);
    expect(sampleSize(2, rate("0.1"), 3)).toBe(2); // min(N=2, 3)
    expect(sampleSize(25, rate("0.1"), 3)).toBe(3); // ⌈2.5⌉ = 3
    expect(sampleSize(31, rate("0.1"), 3)).toBe(4); // ⌈3.1⌉ = 4
    expect(sampleSize(30, rate("0.1"), 3)).toBe(3); // exactly 3.0, no float drift to 4
    expect(sampleSize(300, rate("0.1"), 5)).toBe(30);
  });
  it("takes fractions exactly: 1/3 of 9 is 3, of 10 is 4", () => {
    expect(sampleSize(9, rate("1/3"), 1)).toBe(3);
    expect(sampleSize(10, rate("1/3"), 1)).toBe(4);
    // 0.33 is not 1/3: ⌈0.33 × 100⌉ = 33, ⌈(1/3) × 100⌉ = 34
    expect(sampleSize(100, rate("0.33"), 1)).toBe(33);
    expect(sampleSize(100, rate("1/3"), 1)).toBe(34);
  });
});

describe("sampleKey and the draw", () => {
  // Computed independently of this code with coreutils:
  //   printf '2024-06-30\n丰泽区\n%s' "$id" | sha256sum
  const pinned: Record<string, string> = {
    "91350501100007919J": "28b7e1920c662aa29d10736e72070c5596acbe92a631f6fe075acf968e47d5db",
    "91350505100039595X": "31c78239d35babc735f94773bc6310b1a707b92149c05443a458b114e99d536c",
    "91350506100047514K": "381597754f05febbbbd828c4fe36fba6bb888ad6abe11fe2c0d14f49ec71b08a",
    "91350502100015838K": "390aee78206f7dfe46cdf921eb5bf606f5a4eaa30798c51202c64332bd702d2d",
    "91350503100023757L": "4c28ee2fac72feda2b29130afb1a7fe35af11ef00e6dc50975c05ea7f2a744b2",
    某某机械厂: "f8ae179464c087e90ff150fa277a86a84162b494ab2c61166c3470fca4df1cfc",
  };

  it("matches sha256sum of seed, group and id joined by newlines", () => {
    for (const [id, key] of Object.entries(pinned)) expect(sampleKey("2024-06-30", "丰泽区", id)).toBe(key);
  });

  it("draws the n smallest keys in key order, whatever the input order", () => {
    const ids = Object.keys(pinned);
    const opts = { rate: rate("0.1"), min: 3, seed: "2024-06-30" };
    const a = drawSample(
      ids.map((id) => ({ group: "丰泽区", id, data: id })),
      opts,
    );
    const b = drawSample(
      [...ids].reverse().map((id) => ({ group: "丰泽区", id, data: id })),
      opts,
    );
    expect(a).toEqual(b);
    expect(a).toHaveLength(1);
    expect(a[0]!.size).toBe(6);
    expect(a[0]!.n).toBe(3);
    expect(a[0]!.drawn.map((d) => d.id)).toEqual(["91350501100007919J", "91350505100039595X", "91350506100047514K"]);
  });

  it("adding a row changes the draw only if the new row displaces one", () => {
    const opts = { rate: rate("0.1"), min: 2, seed: "s" };
    const base = Array.from({ length: 15 }, (_, i) => ({ group: "g", id: `E${i}`, data: i }));
    const before = drawSample(base, opts)[0]!.drawn.map((d) => d.id);
    const after = drawSample([...base, { group: "g", id: "NEW", data: 99 }], opts)[0]!.drawn.map((d) => d.id);
    const displaced = after.includes("NEW");
    if (displaced) expect(after.filter((x) => x !== "NEW")).toEqual(before.slice(0, 1));
    else expect(after).toEqual(before);
  });

  it("lists groups in code-point order and draws the smallest keys of larger groups", () => {
    const rows = [];
    for (let i = 0; i < 500; i++) rows.push({ group: i % 2 ? "鲤城区" : "丰泽区", id: `C${i}`, data: i });
    const res = drawSample(rows, { rate: rate("0.01"), min: 3, seed: "x" });
    expect(res.map((g) => g.group)).toEqual(["丰泽区", "鲤城区"].sort(codePointCompare));
    for (const g of res) {
      expect(g.n).toBe(3);
      const all = rows
        .filter((r) => r.group === g.group)
        .map((r) => sampleKey("x", g.group, r.id))
        .sort();
      expect(g.drawn.map((d) => d.key)).toEqual(all.slice(0, 3));
    }
  });

  it("orders astral characters by code point, not UTF-16 unit", () => {
    // U+FF5E (～) < U+20000 (𠀀) by code point, but not by UTF-16 units.
    expect(codePointCompare("\uFF5E", "\u{20000}")).toBeLessThan(0);
    expect(["\u{20000}", "\uFF5E"].sort(codePointCompare)).toEqual(["\uFF5E", "\u{20000}"]);
  });
});
