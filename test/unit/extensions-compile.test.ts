// DESIGN.md «What real rubrics need»: compile (patches on prerequisites, caps, profile fields;
// the compiled JSON round trip), diff, and the accident class per 《生产安全事故报告和调查处理条例》.
import { describe, expect, it } from "vitest";
import { compileChain, resolveChain } from "../../src/core/standard/compile.js";
import { compiledFromJson, compiledToJson } from "../../src/core/standard/compiled.js";
import { diffStandards } from "../../src/core/standard/diff.js";
import { allElements, allItems, type AccidentField } from "../../src/core/standard/model.js";
import { Rational } from "../../src/core/lib/rational.js";
import { sha256Text } from "../../src/io/text-hash.js";
import { accidentClass } from "../../src/core/scoring/performance.js";
import { sharedCapLoss } from "../../src/core/scoring/tree.js";
import { normalizeStandard, numberReader, type StandardDoc } from "../../src/core/standard/standard.js";

const doc = (raw: Record<string, unknown>): StandardDoc => normalizeStandard(raw, numberReader(new Map()));

const BASE = doc({
  stdz: 1,
  id: "base",
  title: "基础",
  tier: "provincial",
  total: 40,
  profile: { rock_burst: { title: "冲击地压", type: "boolean" } },
  prerequisites: [
    { id: "P1", text: "证照齐全", blocks: "all" },
    { id: "P2", text: "三年内无较大事故", blocks: ["一级"] },
  ],
  grading: {
    levels: [
      {
        name: "一级",
        min_score: 90,
        min_element_rate: { default: 0.8, elements: { "1": 0.9 } },
        requires: { rock_burst: { eq: false } },
        performance: [
          { ever: true, max_count: { 较大: 0 } },
          { months: 12, max_rate_per_1000: { serious_injuries: { lt: 2 } }, kinds: ["火灾"], include_contractor: false },
        ],
      },
      { name: "二级", min_score: 75 },
    ],
  },
  elements: [
    {
      id: "1",
      title: "通风",
      aggregate: "weighted",
      elements: [
        {
          id: "1.1",
          title: "风门",
          weight: [{ when: { rock_burst: { eq: true } }, value: 0.7 }, { value: 0.5 }],
          items: [
            {
              id: "1.1.1",
              title: "风门完好",
              points: 10,
              deductions: [
                { id: "a", text: "x", points: 2 },
                { id: "b", text: "y", points: 3 },
              ],
            },
          ],
        },
        {
          id: "1.2",
          title: "风筒",
          weight: 0.5,
          items: [{ id: "1.2.1", title: "风筒吊挂", points: 10, deductions: [{ id: "a", text: "本项目不得分", points: 20, zeroes: "1.2" }] }],
        },
      ],
    },
    { id: "2", title: "其他", items: [{ id: "2.1", title: "制度", points: 20, deductions: [{ id: "a", text: "x", points: 5 }] }] },
  ],
});

const CHILD = doc({
  stdz: 1,
  id: "child",
  title: "市标",
  tier: "municipal",
  extends: "base",
  patch: [
    { op: "set", id: "P1", fields: { text: "依法取得安全生产许可证", deduct_total_rate: 0.4 } },
    { op: "remove", id: "P2" },
    { op: "add", after: "P1", prerequisite: { id: "P3", text: "未被列入失信名单", blocks: ["一级", "二级"] } },
    { op: "add", profile: { gas_class: { title: "瓦斯等级", type: "enum", values: ["低瓦斯", "高瓦斯"] } } },
    { op: "set", id: "1.1.1", fields: { caps: [{ deductions: ["a", "b"], max: 4 }] } },
    { op: "set", id: "1", fields: { aggregate: "min" } },
    { op: "set", id: "P3", fields: { points: 5 } },
  ],
});

describe("compile: patches reach prerequisites, caps and profile fields", () => {
  const r = resolveChain([BASE, CHILD]);
  const std = r.std!;

  it("sets, removes and adds prerequisites in order, without touching the base", () => {
    expect(std.prerequisites).toEqual([
      { id: "P1", text: "依法取得安全生产许可证", blocks: "all", deduct_total_rate: Rational.parse("0.4") },
      { id: "P3", text: "未被列入失信名单", blocks: ["一级", "二级"] },
    ]);
    expect(BASE.prerequisites!.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(BASE.prerequisites![0]!.text).toBe("证照齐全");
  });

  it("a prerequisite has no points: the set is a mismatch problem, the rest applies", () => {
    expect(r.patchProblems.map((p) => (p.kind === "mismatch" ? p.field : p.kind))).toEqual(["fields/points"]);
  });

  it("adds a profile field beside the inherited one; sets caps and aggregate", () => {
    expect(Object.keys(std.profile!)).toEqual(["rock_burst", "gas_class"]);
    const item = [...allItems(std)].find((x) => x.item.id === "1.1.1")!.item;
    expect(item.caps).toEqual([{ deductions: ["a", "b"], max: Rational.of(4) }]);
    expect([...allElements(std.elements)].find((e) => e.element.id === "1")!.element.aggregate).toBe("min");
  });

  it("the compiled JSON keeps every extension and reads back to the same JSON", () => {
    expect(compileChain([BASE, CHILD]).standard).toBeUndefined(); // the mismatch above is an error: nothing compiled
    const out = compileChain([BASE], { sha256: sha256Text });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const json = compiledToJson(out.standard!);
    const back = compiledToJson(compiledFromJson(JSON.parse(JSON.stringify(json)) as Record<string, unknown>));
    expect(back).toEqual(json);
    expect(JSON.stringify(json)).toContain('"max_rate_per_1000":{"serious_injuries":{"lt":2}}');
    expect(JSON.stringify(json)).toContain('"weight":[{"when":{"rock_burst":{"eq":true}},"value":0.7},{"value":0.5}]');
    expect(JSON.stringify(json)).toContain('"zeroes":"1.2"');
  });
});

describe("diff: prerequisites, profile fields, aggregate, caps and zeroes", () => {
  it("lists each change", () => {
    const a = resolveChain([BASE]).std!;
    const b = resolveChain([BASE, { ...CHILD, patch: CHILD.patch.filter((p) => !(p.op === "set" && p.id === "P3")) }]).std!;
    const d = diffStandards(a, b);
    const brief = d.changes.map((c) => `${c.kind} ${c.node} ${c.id}${c.fields ? ` ${c.fields.join(",")}` : ""}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        "changed element 1 aggregate",
        "changed item 1.1.1 caps",
        "changed prerequisite P1 text,deduct_total_rate",
        "added prerequisite P3",
        "removed prerequisite P2",
        "added profile gas_class",
      ]),
    );
  });
});

describe("accident class (《生产安全事故报告和调查处理条例》 第三条: 以上 includes the bound)", () => {
  const cls = (v: Partial<Record<AccidentField, number>>) =>
    accidentClass({
      deaths: Rational.of(v.deaths ?? 0),
      serious_injuries: Rational.of(v.serious_injuries ?? 0),
      minor_injuries: Rational.ZERO,
      direct_loss: Rational.fromNumber(v.direct_loss ?? 0),
      occupational_disease: Rational.ZERO,
    });
  it.each([
    [{ deaths: 2, serious_injuries: 9, direct_loss: 999.99 }, "一般"],
    [{ deaths: 3 }, "较大"],
    [{ serious_injuries: 10 }, "较大"],
    [{ direct_loss: 1000 }, "较大"],
    [{ deaths: 10 }, "重大"],
    [{ serious_injuries: 50 }, "重大"],
    [{ direct_loss: 5000 }, "重大"],
    [{ deaths: 9, serious_injuries: 49, direct_loss: 4999 }, "较大"],
    [{ deaths: 30 }, "特别重大"],
    [{ serious_injuries: 100 }, "特别重大"],
    [{ direct_loss: 10000 }, "特别重大"],
  ])("%o is %s", (v, want) => expect(cls(v)).toBe(want));
});

describe("shared caps (extension 3)", () => {
  const r = (n: number) => Rational.of(n);
  it("caps the listed losses together, after each one's own max; the others add on", () => {
    // x1's 1.2: a 9, b 4 (own max), cap {a, b} 12; c 2 outside → 14.
    expect(
      sharedCapLoss(
        [{ deductions: ["a", "b"], max: r(12) }],
        [
          { id: "a", lost: r(9) },
          { id: "b", lost: r(4) },
          { id: "c", lost: r(2) },
        ],
      ).toString(),
    ).toBe("14");
    expect(
      sharedCapLoss(undefined, [
        { id: "a", lost: r(9) },
        { id: "b", lost: r(4) },
      ]).toString(),
    ).toBe("13");
    // A deduction listed in two caps counts in the first only (lint reports it: STD051).
    expect(
      sharedCapLoss(
        [
          { deductions: ["a"], max: r(5) },
          { deductions: ["a", "b"], max: r(3) },
        ],
        [
          { id: "a", lost: r(9) },
          { id: "b", lost: r(4) },
        ],
      ).toString(),
    ).toBe("8");
  });
});
