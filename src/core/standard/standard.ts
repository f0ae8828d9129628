import type { Condition, Deduction, Element, Item, Level, Performance, Scoring, Standard, Tier, Veto, AccidentField } from "./model.js";
import { Rational } from "../lib/rational.js";

/** Fields a `set` patch may change on a content or an element. `applies_when: null` removes it. */
export interface SetFields {
  title?: string;
  points?: Rational;
  method?: string;
  evidence?: string[];
  deductions?: Deduction[];
  exhausted_penalty?: Rational;
  veto?: Veto;
  applies_when?: Condition | null;
  na?: "allowed" | "forbidden";
  weight?: Rational;
}

export type PatchOp =
  | { op: "remove"; id: string; ptr: string }
  | { op: "set"; id: string; fields: SetFields; ptr: string }
  | { op: "add"; parent?: string; after?: string; element?: Element; item?: Item; ptr: string };

/** One standard file as its author wrote it: may extend another and leave keys to inherit. */
export interface StandardDoc {
  stdz: 1;
  id: string;
  title: string;
  tier: Tier;
  region?: string;
  sectors?: string[];
  version?: string;
  effective?: string;
  extends?: string;
  total?: Rational;
  scoring?: Scoring;
  grading?: { levels: Level[] };
  elements?: Element[];
  patch: PatchOp[];
}

/** Where each model node came from: JSON pointer of its YAML node. */
/** A Map, not a WeakMap: it lives as long as the nodes, and thousands of ephemerons make every young-generation GC slow. */
export type PointerMap = Map<object, string>;

/** Reads a number exactly: from its source text when kept (at JSON pointer `${ptr}/${field}`), else from the value. */
export type NumberReader = (value: number, ptr: string, field: string) => Rational;

export function numberReader(numText: ReadonlyMap<string, string>): NumberReader {
  // Usually no number needs its text: then no pointer string is built at all.
  if (numText.size === 0) return (value) => Rational.fromNumber(value);
  return (value, ptr, field) => {
    const src = numText.get(`${ptr}/${field}`);
    return (src !== undefined ? Rational.parse(src) : undefined) ?? Rational.fromNumber(value);
  };
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Turn schema-valid raw data into the model. Pure: numbers are read through `num`, and
 * every created node is recorded in `pointers` so diagnostics can find its source.
 */
export function normalizeStandard(raw: Raw, num: NumberReader, pointers: PointerMap = new Map()): StandardDoc {
  const doc: StandardDoc = {
    stdz: 1,
    id: String(raw.id),
    title: String(raw.title),
    tier: raw.tier as Tier,
    patch: [],
  };
  if (typeof raw.region === "string") doc.region = raw.region;
  if (Array.isArray(raw.sectors)) doc.sectors = raw.sectors.map(String);
  if (typeof raw.version === "string") doc.version = raw.version;
  if (typeof raw.effective === "string") doc.effective = raw.effective;
  if (typeof raw.extends === "string") doc.extends = raw.extends;
  if (typeof raw.total === "number") doc.total = num(raw.total, "", "total");
  if (isRaw(raw.scoring)) doc.scoring = normalizeScoring(raw.scoring, num);
  if (isRaw(raw.grading)) doc.grading = { levels: (raw.grading.levels as Raw[]).map((l, i) => normalizeLevel(l, `/grading/levels/${i}`, num, pointers)) };
  if (Array.isArray(raw.elements)) doc.elements = (raw.elements as Raw[]).map((e, i) => normalizeElement(e, `/elements/${i}`, num, pointers));
  if (Array.isArray(raw.patch)) doc.patch = (raw.patch as Raw[]).map((p, i) => normalizePatch(p, `/patch/${i}`, num, pointers));
  pointers.set(doc, "");
  return doc;
}

export function normalizeScoring(raw: Raw, num: NumberReader): Scoring {
  return {
    model: raw.model === "weighted" ? "weighted" : "points",
    scale: typeof raw.scale === "number" ? num(raw.scale, "/scoring", "scale") : Rational.of(100),
    round: typeof raw.round === "number" ? raw.round : 1,
    na: raw.na === "forbidden" ? "forbidden" : "allowed",
  };
}

export const DEFAULT_SCORING: Scoring = { model: "points", scale: Rational.of(100), round: 1, na: "allowed" };

function caps(raw: unknown, ptr: string, num: NumberReader): Partial<Record<AccidentField, Rational>> | undefined {
  if (!isRaw(raw)) return undefined;
  const out: Partial<Record<AccidentField, Rational>> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "number") out[k as AccidentField] = num(v, ptr, k);
  return out;
}

function normalizeLevel(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Level {
  const level: Level = { name: String(raw.name), min_score: num(raw.min_score as number, ptr, "min_score") };
  if (typeof raw.min_element_rate === "number") level.min_element_rate = num(raw.min_element_rate, ptr, "min_element_rate");
  if (isRaw(raw.performance)) {
    const pr = raw.performance;
    const perf: Performance = { months: Number(pr.months) };
    const mt = caps(pr.max_total, `${ptr}/performance/max_total`, num);
    const mp = caps(pr.max_per_accident, `${ptr}/performance/max_per_accident`, num);
    if (mt) perf.max_total = mt;
    if (mp) perf.max_per_accident = mp;
    level.performance = perf;
  }
  pointers.set(level, ptr);
  return level;
}

function normalizeVeto(raw: unknown): Veto {
  if (raw === true) return "all";
  if (isRaw(raw) && Array.isArray(raw.blocks)) return { blocks: raw.blocks.map(String) };
  return false;
}

function normalizeDeduction(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Deduction {
  const d: Deduction = { id: String(raw.id), text: typeof raw.text === "string" ? raw.text : "", points: num(raw.points as number, ptr, "points") };
  if (typeof raw.max === "number") d.max = num(raw.max, ptr, "max");
  if (typeof raw.element_points === "number") d.element_points = num(raw.element_points, ptr, "element_points");
  pointers.set(d, ptr);
  return d;
}

export function normalizeItem(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Item {
  const item: Item = {
    id: String(raw.id),
    title: String(raw.title),
    points: num(raw.points as number, ptr, "points"),
    deductions: Array.isArray(raw.deductions) ? (raw.deductions as Raw[]).map((d, i) => normalizeDeduction(d, `${ptr}/deductions/${i}`, num, pointers)) : [],
    veto: normalizeVeto(raw.veto),
  };
  if (typeof raw.method === "string") item.method = raw.method;
  if (Array.isArray(raw.evidence)) item.evidence = raw.evidence.map(String);
  if (typeof raw.exhausted_penalty === "number") item.exhausted_penalty = num(raw.exhausted_penalty, ptr, "exhausted_penalty");
  if (isRaw(raw.applies_when)) item.applies_when = raw.applies_when as Condition;
  if (raw.na === "allowed" || raw.na === "forbidden") item.na = raw.na;
  pointers.set(item, ptr);
  return item;
}

export function normalizeElement(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Element {
  const el: Element = {
    id: String(raw.id),
    title: String(raw.title),
    elements: Array.isArray(raw.elements) ? (raw.elements as Raw[]).map((e, i) => normalizeElement(e, `${ptr}/elements/${i}`, num, pointers)) : [],
    items: Array.isArray(raw.items) ? (raw.items as Raw[]).map((it, i) => normalizeItem(it, `${ptr}/items/${i}`, num, pointers)) : [],
  };
  if (typeof raw.weight === "number") el.weight = num(raw.weight, ptr, "weight");
  pointers.set(el, ptr);
  return el;
}

function normalizeSetFields(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): SetFields {
  const f: SetFields = {};
  if (typeof raw.title === "string") f.title = raw.title;
  if (typeof raw.points === "number") f.points = num(raw.points, ptr, "points");
  if (typeof raw.method === "string") f.method = raw.method;
  if (Array.isArray(raw.evidence)) f.evidence = raw.evidence.map(String);
  if (Array.isArray(raw.deductions)) f.deductions = (raw.deductions as Raw[]).map((d, i) => normalizeDeduction(d, `${ptr}/deductions/${i}`, num, pointers));
  if (typeof raw.exhausted_penalty === "number") f.exhausted_penalty = num(raw.exhausted_penalty, ptr, "exhausted_penalty");
  if ("veto" in raw) f.veto = normalizeVeto(raw.veto);
  if ("applies_when" in raw) f.applies_when = isRaw(raw.applies_when) ? (raw.applies_when as Condition) : null;
  if (raw.na === "allowed" || raw.na === "forbidden") f.na = raw.na;
  if (typeof raw.weight === "number") f.weight = num(raw.weight, ptr, "weight");
  return f;
}

function normalizePatch(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): PatchOp {
  let op: PatchOp;
  if (raw.op === "remove") op = { op: "remove", id: String(raw.id), ptr };
  else if (raw.op === "set") op = { op: "set", id: String(raw.id), fields: normalizeSetFields(raw.fields as Raw, `${ptr}/fields`, num, pointers), ptr };
  else {
    op = { op: "add", ptr };
    if (typeof raw.parent === "string") op.parent = raw.parent;
    if (typeof raw.after === "string") op.after = raw.after;
    if (isRaw(raw.element)) op.element = normalizeElement(raw.element, `${ptr}/element`, num, pointers);
    if (isRaw(raw.item)) op.item = normalizeItem(raw.item, `${ptr}/item`, num, pointers);
  }
  pointers.set(op, ptr);
  return op;
}

/** A standard with no `extends`, complete as written. Undefined when required keys are missing. */
export function asStandard(doc: StandardDoc): Standard | undefined {
  if (!doc.total || !doc.grading || !doc.elements) return undefined;
  const std: Standard = {
    stdz: 1,
    id: doc.id,
    title: doc.title,
    tier: doc.tier,
    region: doc.region ?? "全国",
    sectors: doc.sectors ?? ["*"],
    total: doc.total,
    scoring: doc.scoring ?? DEFAULT_SCORING,
    grading: doc.grading,
    elements: doc.elements,
  };
  if (doc.version !== undefined) std.version = doc.version;
  if (doc.effective !== undefined) std.effective = doc.effective;
  return std;
}
