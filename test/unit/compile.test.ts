import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/core/lib/canonical.js";
import { compileChain, resolveChain } from "../../src/core/standard/compile.js";
import { compiledFromJson, compiledToJson } from "../../src/core/standard/compiled.js";
import { allElements, allItems, type CompiledStandard, type Element, type Item } from "../../src/core/standard/model.js";
import { Rational } from "../../src/core/lib/rational.js";
import { normalizeStandard, numberReader, type StandardDoc } from "../../src/core/standard/standard.js";
import { loadCompiled } from "../../src/flows/standard.js";
import { CONFORMANCE, ROOT } from "../helpers/paths.js";
import { sha256Text } from "../../src/io/text-hash.js";

const doc = (raw: Record<string, unknown>): StandardDoc => normalizeStandard(raw, numberReader(new Map()));

const BASE = doc({
  stdz: 1,
  id: "b",
  title: "base",
  tier: "national",
  total: 30,
  grading: { levels: [{ name: "一级", min_score: 90 }] },
  elements: [
    {
      id: "1",
      title: "one",
      items: [
        { id: "1.1", title: "a", points: 10, deductions: [{ id: "a", text: "x", points: 5 }] },
        { id: "1.2", title: "b", points: 10, deductions: [{ id: "a", text: "x", points: 5 }] },
      ],
    },
    { id: "2", title: "two", items: [{ id: "2.1", title: "c", points: 10, deductions: [{ id: "a", text: "x", points: 10 }] }] },
  ],
});

function find(std: { elements: Element[] }, id: string): Item | Element | undefined {
  for (const { element } of allElements(std.elements)) {
    if (element.id === id) return element;
    for (const it of element.items) if (it.id === id) return it;
  }
  return undefined;
}

describe("resolveChain: patches in order", () => {
  it("remove, set, add after a sibling; provenance records who introduced and who last changed", () => {
    const child = doc({
      stdz: 1,
      id: "c",
      title: "child",
      tier: "provincial",
      extends: "b",
      total: 35,
      patch: [
        { op: "remove", id: "1.2" },
        { op: "set", id: "2.1", fields: { points: 15, title: "c2" } },
        { op: "add", parent: "1", after: "1.1", item: { id: "1.3", title: "new", points: 10, deductions: [{ id: "a", text: "y", points: 10 }] } },
      ],
    });
    const r = resolveChain([BASE, child]);
    expect(r.patchProblems).toEqual([]);
    const std = r.std!;
    expect(std.elements[0]!.items.map((i) => i.id)).toEqual(["1.1", "1.3"]);
    // 10 (1.1) + 10 (1.3) + 15 (2.1) = 35
    expect(Rational.sum([...allItems(std)].map((x) => x.item.points)).eq(Rational.of(35))).toBe(true);
    expect(std.total.eq(Rational.of(35))).toBe(true);
    expect(find(std, "1.1")!.provenance).toEqual({ introduced_by: "b" });
    expect(find(std, "1.3")!.provenance).toEqual({ introduced_by: "c" });
    expect(find(std, "2.1")!.provenance).toEqual({ introduced_by: "b", changed_by: "c" });
    expect((find(std, "2.1") as Item).title).toBe("c2");
    // Adding and removing children changes the parent element.
    expect(find(std, "1")!.provenance).toEqual({ introduced_by: "b", changed_by: "c" });
    // Setting a child's fields changes the child only.
    expect(find(std, "2")!.provenance).toEqual({ introduced_by: "b" });
    // The inputs are untouched.
    expect(BASE.elements![0]!.items.map((i) => i.id)).toEqual(["1.1", "1.2"]);
    expect(BASE.elements![1]!.items[0]!.points.eq(Rational.of(10))).toBe(true);
  });

  it("ops see the result of the earlier ops: add then set the added node", () => {
    const child = doc({
      stdz: 1,
      id: "c",
      title: "c",
      tier: "county",
      extends: "b",
      patch: [
        { op: "add", parent: "2", item: { id: "2.2", title: "n", points: 5, deductions: [{ id: "a", text: "y", points: 5 }] } },
        { op: "set", id: "2.2", fields: { points: 6 } },
      ],
    });
    const std = resolveChain([BASE, child]).std!;
    expect((find(std, "2.2") as Item).points.eq(Rational.of(6))).toBe(true);
    expect(find(std, "2.2")!.provenance).toEqual({ introduced_by: "c", changed_by: "c" });
  });

  it("reports missing targets, collisions and mismatched fields without applying them", () => {
    const child = doc({
      stdz: 1,
      id: "c",
      title: "c",
      tier: "county",
      extends: "b",
      patch: [
        { op: "remove", id: "9" },
        { op: "add", parent: "1", item: { id: "2.1", title: "dup", points: 1, deductions: [] } },
        { op: "add", parent: "1", after: "9.9", item: { id: "1.9", title: "n", points: 1 } },
        { op: "set", id: "1", fields: { points: 3 } },
        { op: "add", parent: "1.1", item: { id: "1.1.1", title: "n", points: 1 } },
      ],
    });
    const r = resolveChain([BASE, child]);
    expect(
      r.patchProblems.map((p) => (p.kind === "missing" ? `missing ${p.role} ${p.ref}` : p.kind === "collision" ? `collision ${p.id}` : `mismatch ${p.field}`)),
    ).toEqual(["missing id 9", "collision 2.1", "missing after 9.9", "mismatch fields/points", "mismatch parent"]);
    expect([...allItems(r.std!)].map((x) => x.item.id)).toEqual(["1.1", "1.2", "2.1"]);
  });

  it("a top-level key the child states replaces the base's; the rest is inherited", () => {
    const child = doc({ stdz: 1, id: "c", title: "c", tier: "county", extends: "b", grading: { levels: [{ name: "达标", min_score: 60 }] } });
    const std = resolveChain([BASE, child]).std!;
    expect(std.grading.levels.map((l) => l.name)).toEqual(["达标"]);
    expect(std.total.eq(Rational.of(30))).toBe(true);
    expect(std.id).toBe("c");
    expect(std.tier).toBe("county");
  });

  it("compileChain fingerprints only a standard without errors", () => {
    // core does no hashing: the caller passes the hasher (io passes SHA-256).
    expect(compileChain([BASE]).standard).toBeUndefined();
    const ok = compileChain([BASE], { sha256: sha256Text });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.standard!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const bad = compileChain([BASE, doc({ stdz: 1, id: "c", title: "c", tier: "county", extends: "b", total: 31 })], { sha256: sha256Text });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["STD017"]);
    expect(bad.standard).toBeUndefined();
    expect(bad.resolved).toBeDefined();
  });
});

/** An independent canonical JSON: sorted keys, no spaces (for checking the fingerprint). */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

describe("compiling the shipped 市标 (qz-gm-2021 → fj-gm-2014 → gbt33000-2016)", async () => {
  const { compiled, diagnostics } = await loadCompiled("qz-gm-2021");
  const std = compiled as CompiledStandard;

  it("compiles without errors", () => {
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(std).toBeDefined();
    expect(std.chain).toEqual(["qz-gm-2021", "fj-gm-2014", "gbt33000-2016"]);
  });

  it("totals: the contents add up to the declared 1086 (1050 + 5+12+10+3+5+4+5+4 − 12), 94 contents (87 + 8 − 1)", () => {
    const items = [...allItems(std)];
    expect(items.length).toBe(94);
    expect(Rational.sum(items.map((x) => x.item.points)).toString()).toBe("1086");
    expect(std.total.toString()).toBe("1086");
    // Per base: fj 1050 with 87 contents, gbt 1000 with 84.
  });

  it("the bases compile to their own totals", async () => {
    const fj = (await loadCompiled("fj-gm-2014")).compiled!;
    const gb = (await loadCompiled("gbt33000-2016")).compiled!;
    expect([...allItems(fj)].length).toBe(87);
    expect(Rational.sum([...allItems(fj)].map((x) => x.item.points)).toString()).toBe("1050");
    expect([...allItems(gb)].length).toBe(84);
    expect(Rational.sum([...allItems(gb)].map((x) => x.item.points)).toString()).toBe("1000");
  });

  it("provenance: each node names the standard that introduced or last changed it", () => {
    expect(find(std, "5.1.1.4")!.provenance).toEqual({ introduced_by: "qz-gm-2021" });
    expect(find(std, "5.4.5.1")!.provenance).toEqual({ introduced_by: "fj-gm-2014" });
    expect(find(std, "5.4.5")!.provenance).toEqual({ introduced_by: "fj-gm-2014" });
    expect(find(std, "5.1.5.2")!.provenance).toEqual({ introduced_by: "gbt33000-2016", changed_by: "fj-gm-2014" });
    expect((find(std, "5.1.5.2") as Item).points.toString()).toBe("5");
    expect((find(std, "5.4.1.3") as Item).points.toString()).toBe("30");
    expect((find(std, "5.4.2.3") as Item).veto).toBe("all");
    expect(find(std, "5.1.2")!.provenance).toEqual({ introduced_by: "gbt33000-2016", changed_by: "qz-gm-2021" });
    expect(find(std, "5.1.2.2")).toBeUndefined();
    expect(find(std, "5.1.6.2")).toBeUndefined();
    // The grading comes from the 省标 (it states it); the 市标 does not.
    expect(std.grading.levels[0]!.min_element_rate!.toString()).toBe("0.6");
  });

  it("the fingerprint is the SHA-256 of the canonical JSON without the fingerprint", () => {
    const json = compiledToJson(std);
    delete json.fingerprint;
    const hex = createHash("sha256").update(canon(json), "utf8").digest("hex");
    expect(std.fingerprint).toBe(hex);
    expect(canonicalJson(json)).toBe(canon(json));
  });

  it("reads back from its JSON to the same standard and fingerprint", () => {
    const back = compiledFromJson(JSON.parse(JSON.stringify(compiledToJson(std))) as Record<string, unknown>);
    expect(JSON.stringify(compiledToJson(back))).toBe(JSON.stringify(compiledToJson(std)));
  });

  it("is deterministic: two compilations give the same bytes", async () => {
    const again = await loadCompiled(join(ROOT, "standards", "qz-gm-2021.yaml"));
    expect(JSON.stringify(compiledToJson(again.compiled!), null, 2)).toBe(JSON.stringify(compiledToJson(std), null, 2));
  });
});

describe("loadCompiled", () => {
  it("finds a standard by relative path from baseDir (conformance standards)", async () => {
    const r = await loadCompiled("cf-basic.yaml", { baseDir: join(CONFORMANCE, "standards") });
    expect(r.diagnostics).toEqual([]);
    expect(r.compiled!.total.toString()).toBe("200");
  });
  it("an unknown id is STD002; a missing file is CLI001; never a throw", async () => {
    expect((await loadCompiled("no-such-id")).diagnostics.map((d) => d.code)).toEqual(["STD002"]);
    expect((await loadCompiled("./missing.yaml")).diagnostics.map((d) => d.code)).toEqual(["CLI001"]);
  });
});
