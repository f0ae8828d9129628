import { describe, expect, it } from "vitest";
import { diffStandards } from "../../src/core/standard/diff.js";
import { resolveChain } from "../../src/core/standard/compile.js";
import { normalizeStandard, numberReader, type StandardDoc } from "../../src/core/standard/standard.js";
import type { Standard } from "../../src/core/standard/model.js";
import { loadCompiled } from "../../src/flows/standard.js";

const doc = (raw: Record<string, unknown>): StandardDoc => normalizeStandard(raw, numberReader(new Map()));
const std = (raw: Record<string, unknown>): Standard => resolveChain([doc(raw)]).std!;

const A = std({
  stdz: 1,
  id: "old",
  title: "旧",
  tier: "provincial",
  total: 30,
  grading: {
    levels: [
      { name: "一级", min_score: 90 },
      { name: "二级", min_score: 75 },
    ],
  },
  elements: [
    {
      id: "1",
      title: "目标",
      items: [
        { id: "1.1", title: "制定目标", points: 10, deductions: [{ id: "a", text: "无目标", points: 10 }] },
        { id: "1.2", title: "分解目标", points: 10, deductions: [{ id: "a", text: "未分解", points: 5 }] },
      ],
    },
    { id: "2", title: "培训", items: [{ id: "2.1", title: "培训计划", points: 10, deductions: [{ id: "a", text: "无计划", points: 10 }] }] },
  ],
});

const B = std({
  stdz: 1,
  id: "new",
  title: "新",
  tier: "national",
  total: 35,
  grading: {
    levels: [
      { name: "一级", min_score: 90, min_element_rate: 0.6 },
      { name: "三级", min_score: 60 },
    ],
  },
  elements: [
    {
      id: "1",
      title: "目标职责",
      items: [
        {
          id: "1.1",
          title: "制定安全生产目标",
          points: 15,
          deductions: [
            { id: "a", text: "无目标", points: 10 },
            { id: "b", text: "未发布", points: 5 },
          ],
        },
      ],
    },
    {
      id: "2",
      title: "培训",
      items: [
        { id: "2.1", title: "培训计划", points: 10, veto: true, deductions: [{ id: "a", text: "无计划", points: 10 }] },
        { id: "2.9", title: "分解目标", points: 10, deductions: [{ id: "a", text: "未分解", points: 5 }] },
      ],
    },
  ],
});

describe("diffStandards", () => {
  const d = diffStandards(A, B);
  const rows = d.changes.map((c) => `${c.kind} ${c.node} ${c.old_id ? `${c.old_id}→` : ""}${c.id}`);
  it("finds re-pointed, retitled, deductions, changed fields, renumbered and grading changes", () => {
    expect(rows).toEqual([
      "retitled element 1",
      "repointed item 1.1",
      "retitled item 1.1",
      "deductions item 1.1",
      "changed item 2.1",
      "renumbered item 1.2→2.9",
      "moved item 1.2→2.9",
      "changed level 一级",
      "added level 三级",
      "removed level 二级",
      "changed total total",
      "changed standard new",
    ]);
  });
  it("carries old and new values", () => {
    const rp = d.changes.find((c) => c.kind === "repointed")!;
    expect([rp.old, rp.new]).toEqual([10, 15]);
    const ded = d.changes.find((c) => c.kind === "deductions")!;
    expect(ded.fields).toEqual(["b"]);
    const ch = d.changes.find((c) => c.kind === "changed" && c.node === "item")!;
    expect(ch.fields).toEqual(["veto"]);
    expect(ch.old).toEqual({ veto: false });
    const mv = d.changes.find((c) => c.kind === "moved")!;
    expect([mv.old, mv.new]).toEqual(["1", "2"]);
    expect(d.summary).toEqual({ repointed: 1, retitled: 1, deductions: 1, changed: 1, renumbered: 1, moved: 1 });
  });
  it("a standard against itself has no changes", () => {
    expect(diffStandards(A, A).changes).toEqual([]);
  });
  it("the shipped 市标 against its 省标: 8 contents added, 5.1.2.2 removed, total 1050 → 1086", async () => {
    const fj = (await loadCompiled("fj-gm-2014")).compiled!;
    const qz = (await loadCompiled("qz-gm-2021")).compiled!;
    const r = diffStandards(fj, qz);
    expect(r.changes.filter((c) => c.kind === "added" && c.node === "item").length).toBe(8);
    expect(r.changes.filter((c) => c.kind === "removed" && c.node === "item").map((c) => c.id)).toEqual(["5.1.2.2"]);
    expect(r.changes.find((c) => c.node === "total")).toMatchObject({ old: 1050, new: 1086 });
  });
});
