import { canonicalJson } from "../lib/canonical.js";
import { prerequisiteJson, vetoJson } from "./compiled.js";
import type { Deduction, Element, Item, Level, Standard } from "./model.js";
import type { Rational } from "../lib/rational.js";

export type ChangeKind = "added" | "removed" | "repointed" | "retitled" | "moved" | "renumbered" | "deductions" | "changed";
export type NodeKind = "item" | "element" | "level" | "scoring" | "total" | "standard" | "prerequisite" | "profile";

/** One difference between two standards. Values are plain JSON-ready data. */
export interface Change {
  kind: ChangeKind;
  node: NodeKind;
  /** Id in the new standard (the old one for removals). */
  id: string;
  old_id?: string;
  title?: string;
  /** For repointed: points; moved: parent path; retitled: title; changed: the fields; deductions: per deduction. */
  old?: unknown;
  new?: unknown;
  /** Fields that changed (changed) or deduction ids that changed (deductions). */
  fields?: string[];
}

export interface StandardDiff {
  /** `total` is a number, as in the `total` change. */
  old: { id: string; title: string; total: number; items: number };
  new: { id: string; title: string; total: number; items: number };
  changes: Change[];
  /** Count per change kind. */
  summary: Partial<Record<ChangeKind, number>>;
}

interface Placed<T> {
  node: T;
  /** Ids of the enclosing elements, outermost first. */
  path: string[];
  order: number;
}

function collect(std: Standard): { items: Map<string, Placed<Item>>; elements: Map<string, Placed<Element>> } {
  const items = new Map<string, Placed<Item>>();
  const elements = new Map<string, Placed<Element>>();
  let order = 0;
  const walk = (list: Element[], path: string[]) => {
    for (const el of list) {
      if (!elements.has(el.id)) elements.set(el.id, { node: el, path, order: order++ });
      const inner = [...path, el.id];
      for (const it of el.items) if (!items.has(it.id)) items.set(it.id, { node: it, path: inner, order: order++ });
      walk(el.elements, inner);
    }
  };
  walk(std.elements, []);
  return { items, elements };
}

const num = (r: Rational | undefined) => (r === undefined ? undefined : r.toNumber());
const dedJson = (d: Deduction) => ({
  id: d.id,
  text: d.text,
  points: d.points.toNumber(),
  ...(d.max ? { max: d.max.toNumber() } : {}),
  ...(d.element_points ? { element_points: d.element_points.toNumber() } : {}),
  ...(d.zeroes !== undefined ? { zeroes: d.zeroes } : {}),
});
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const normTitle = (s: string) => s.replace(/\s+/g, "").replace(/[，,。.；;：:、]/g, "");

/** Fields of a content compared besides id, title, points, deductions and position. */
const ITEM_FIELDS = ["method", "evidence", "exhausted_penalty", "veto", "applies_when", "na", "caps"] as const;

function itemField(it: Item, f: (typeof ITEM_FIELDS)[number]): unknown {
  if (f === "veto") return vetoJson(it.veto);
  if (f === "exhausted_penalty") return num(it.exhausted_penalty);
  if (f === "caps") return it.caps?.map((c) => ({ deductions: c.deductions, max: c.max.toNumber() }));
  return it[f];
}

function compareItem(id: string, a: Placed<Item>, b: Placed<Item>, out: Change[], oldId?: string): void {
  const x = a.node;
  const y = b.node;
  const base = oldId !== undefined ? { id, old_id: oldId, title: y.title } : { id, title: y.title };
  if (oldId !== undefined) out.push({ ...base, kind: "renumbered", node: "item", old: oldId, new: id });
  if (!x.points.eq(y.points)) out.push({ ...base, kind: "repointed", node: "item", old: x.points.toNumber(), new: y.points.toNumber() });
  if (x.title !== y.title) out.push({ ...base, kind: "retitled", node: "item", old: x.title, new: y.title });
  if (a.path.join("/") !== b.path.join("/")) out.push({ ...base, kind: "moved", node: "item", old: a.path.join(" › "), new: b.path.join(" › ") });
  const da = new Map(x.deductions.map((d) => [d.id, dedJson(d)]));
  const db = new Map(y.deductions.map((d) => [d.id, dedJson(d)]));
  const changedDeds = [...new Set([...da.keys(), ...db.keys()])].filter((k) => !same(da.get(k), db.get(k)));
  if (changedDeds.length > 0) {
    out.push({
      ...base,
      kind: "deductions",
      node: "item",
      fields: changedDeds,
      old: changedDeds.map((k) => da.get(k) ?? null),
      new: changedDeds.map((k) => db.get(k) ?? null),
    });
  }
  const fields = ITEM_FIELDS.filter((f) => !same(itemField(x, f), itemField(y, f)));
  if (fields.length > 0) {
    out.push({
      ...base,
      kind: "changed",
      node: "item",
      fields: [...fields],
      old: Object.fromEntries(fields.map((f) => [f, itemField(x, f) ?? null])),
      new: Object.fromEntries(fields.map((f) => [f, itemField(y, f) ?? null])),
    });
  }
}

/** A plain weight as a number; a conditional one as its list of cases. */
const weightJson = (el: Element): unknown =>
  el.weight_cases !== undefined ? el.weight_cases.map((c) => ({ ...(c.when ? { when: c.when } : {}), value: c.value.toNumber() })) : num(el.weight);

const levelJson = (l: Level) => ({
  min_score: l.min_score.toNumber(),
  ...(l.min_element_rate ? { min_element_rate: JSON.parse(JSON.stringify(l.min_element_rate)) as unknown } : {}),
  ...(l.performance ? { performance: JSON.parse(JSON.stringify(l.performance)) as unknown } : {}),
  ...(l.requires ? { requires: JSON.parse(JSON.stringify(l.requires)) as unknown } : {}),
  ...(l.text !== undefined ? { text: l.text } : {}),
});

/**
 * What changed from `a` to `b`, matched by id: contents added, removed, re-pointed, retitled,
 * moved (to another element) and with changed deductions or other fields; a content removed
 * and one added with the same title count as renumbered. Elements, grading levels, scoring
 * and total too. Pure; changes come in the new standard's order, removals last.
 */
export function diffStandards(a: Standard, b: Standard): StandardDiff {
  const A = collect(a);
  const B = collect(b);
  const changes: Change[] = [];

  // Elements
  for (const [id, pb] of B.elements) {
    const pa = A.elements.get(id);
    if (!pa) {
      changes.push({ kind: "added", node: "element", id, title: pb.node.title });
      continue;
    }
    if (pa.node.title !== pb.node.title) changes.push({ kind: "retitled", node: "element", id, title: pb.node.title, old: pa.node.title, new: pb.node.title });
    if (pa.path.join("/") !== pb.path.join("/"))
      changes.push({ kind: "moved", node: "element", id, title: pb.node.title, old: pa.path.join(" › "), new: pb.path.join(" › ") });
    const wa = weightJson(pa.node);
    const wb = weightJson(pb.node);
    if (!same(wa, wb))
      changes.push({
        kind: "changed",
        node: "element",
        id,
        title: pb.node.title,
        fields: ["weight"],
        old: { weight: wa ?? null },
        new: { weight: wb ?? null },
      });
    if ((pa.node.aggregate ?? "pool") !== (pb.node.aggregate ?? "pool")) {
      changes.push({
        kind: "changed",
        node: "element",
        id,
        title: pb.node.title,
        fields: ["aggregate"],
        old: { aggregate: pa.node.aggregate ?? "pool" },
        new: { aggregate: pb.node.aggregate ?? "pool" },
      });
    }
  }

  // Contents: pair removed and added ones with the same title as renumbered.
  const removed = [...A.items.keys()].filter((id) => !B.items.has(id));
  const added = [...B.items.keys()].filter((id) => !A.items.has(id));
  const removedByTitle = new Map<string, string[]>();
  for (const id of removed) {
    const k = normTitle(A.items.get(id)!.node.title);
    removedByTitle.set(k, [...(removedByTitle.get(k) ?? []), id]);
  }
  const renumbered = new Map<string, string>();
  for (const id of added) {
    const list = removedByTitle.get(normTitle(B.items.get(id)!.node.title));
    if (list && list.length > 0) renumbered.set(id, list.shift()!);
  }
  const consumed = new Set(renumbered.values());
  for (const [id, pb] of B.items) {
    const pa = A.items.get(id);
    if (pa) compareItem(id, pa, pb, changes);
    else if (renumbered.has(id)) compareItem(id, A.items.get(renumbered.get(id)!)!, pb, changes, renumbered.get(id));
    else changes.push({ kind: "added", node: "item", id, title: pb.node.title, new: pb.node.points.toNumber() });
  }
  for (const id of removed) {
    if (consumed.has(id)) continue;
    const pa = A.items.get(id)!;
    changes.push({ kind: "removed", node: "item", id, title: pa.node.title, old: pa.node.points.toNumber() });
  }
  for (const [id, pa] of A.elements) if (!B.elements.has(id)) changes.push({ kind: "removed", node: "element", id, title: pa.node.title });

  // Grading, scoring, total, header
  const la = new Map(a.grading.levels.map((l) => [l.name, l]));
  const lb = new Map(b.grading.levels.map((l) => [l.name, l]));
  for (const [name, l] of lb) {
    const o = la.get(name);
    if (!o) changes.push({ kind: "added", node: "level", id: name, new: levelJson(l) });
    else if (!same(levelJson(o), levelJson(l))) {
      const x = levelJson(o) as Record<string, unknown>;
      const y = levelJson(l) as Record<string, unknown>;
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !same(x[k], y[k]));
      changes.push({ kind: "changed", node: "level", id: name, fields, old: x, new: y });
    }
  }
  for (const [name, l] of la) if (!lb.has(name)) changes.push({ kind: "removed", node: "level", id: name, old: levelJson(l) });
  const order = (levels: Level[]) => levels.map((l) => l.name).filter((n) => la.has(n) && lb.has(n));
  if (order(a.grading.levels).join("|") !== order(b.grading.levels).join("|")) {
    changes.push({
      kind: "changed",
      node: "level",
      id: "*",
      fields: ["order"],
      old: a.grading.levels.map((l) => l.name),
      new: b.grading.levels.map((l) => l.name),
    });
  }
  const sa = { model: a.scoring.model, scale: a.scoring.scale.toNumber(), round: a.scoring.round, na: a.scoring.na };
  const sb = { model: b.scoring.model, scale: b.scoring.scale.toNumber(), round: b.scoring.round, na: b.scoring.na };
  const sf = (Object.keys(sa) as (keyof typeof sa)[]).filter((k) => sa[k] !== sb[k]);
  if (sf.length > 0) changes.push({ kind: "changed", node: "scoring", id: "scoring", fields: sf, old: sa, new: sb });
  if (!a.total.eq(b.total)) changes.push({ kind: "changed", node: "total", id: "total", old: a.total.toNumber(), new: b.total.toNumber() });
  const hf = (["tier", "region", "sectors", "version", "effective"] as const).filter((k) => !same(a[k], b[k]));
  if (hf.length > 0) {
    changes.push({
      kind: "changed",
      node: "standard",
      id: b.id,
      fields: [...hf],
      old: Object.fromEntries(hf.map((k) => [k, a[k] ?? null])),
      new: Object.fromEntries(hf.map((k) => [k, b[k] ?? null])),
    });
  }

  // Prerequisites and declared profile fields (DESIGN.md extensions 1 and 6), by id and by field name.
  const pa = new Map((a.prerequisites ?? []).map((p) => [p.id, p]));
  const pb = new Map((b.prerequisites ?? []).map((p) => [p.id, p]));
  for (const [id, p] of pb) {
    const o = pa.get(id);
    const y = prerequisiteJson(p);
    if (!o) changes.push({ kind: "added", node: "prerequisite", id, title: p.text, new: y });
    else {
      const x = prerequisiteJson(o);
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !same(x[k], y[k]));
      if (fields.length > 0) changes.push({ kind: "changed", node: "prerequisite", id, title: p.text, fields, old: x, new: y });
    }
  }
  for (const [id, p] of pa) if (!pb.has(id)) changes.push({ kind: "removed", node: "prerequisite", id, title: p.text, old: prerequisiteJson(p) });
  const fa = a.profile ?? {};
  const fb = b.profile ?? {};
  for (const [k, d] of Object.entries(fb)) {
    const o = fa[k];
    if (!o) changes.push({ kind: "added", node: "profile", id: k, title: d.title, new: d });
    else if (!same(o, d)) changes.push({ kind: "changed", node: "profile", id: k, title: d.title, old: o, new: d });
  }
  for (const [k, d] of Object.entries(fa)) if (!fb[k]) changes.push({ kind: "removed", node: "profile", id: k, title: d.title, old: d });

  const summary: Partial<Record<ChangeKind, number>> = {};
  for (const c of changes) if (c.node === "item") summary[c.kind] = (summary[c.kind] ?? 0) + 1;
  return {
    old: { id: a.id, title: a.title, total: a.total.toNumber(), items: A.items.size },
    new: { id: b.id, title: b.title, total: b.total.toNumber(), items: B.items.size },
    changes,
    summary,
  };
}
