import {
  ACCIDENT_CLASSES,
  AGGREGATES,
  type Aggregate,
  type AccidentClass,
  type Condition,
  type Deduction,
  type Element,
  type ElementRates,
  type Item,
  type Level,
  type Limit,
  type Performance,
  type Prerequisite,
  type ProfileFieldDecl,
  type Scoring,
  type SharedCap,
  type Standard,
  type Tier,
  type Veto,
  type WeightCase,
  type AccidentField,
} from "./model.js";
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
  weight_cases?: WeightCase[];
  aggregate?: Aggregate;
  caps?: SharedCap[];
  /** Prerequisite fields (a `set` whose id names a prerequisite). */
  text?: string;
  blocks?: "all" | string[];
  deduct_total_rate?: Rational;
}

export type PatchOp =
  | { op: "remove"; id: string; ptr: string }
  | { op: "set"; id: string; fields: SetFields; ptr: string }
  | {
      op: "add";
      parent?: string;
      after?: string;
      element?: Element;
      item?: Item;
      prerequisite?: Prerequisite;
      profile?: Record<string, ProfileFieldDecl>;
      ptr: string;
    };

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
  profile?: Record<string, ProfileFieldDecl>;
  prerequisites?: Prerequisite[];
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
  if (isRaw(raw.profile)) doc.profile = normalizeProfile(raw.profile);
  if (Array.isArray(raw.prerequisites))
    doc.prerequisites = (raw.prerequisites as Raw[]).map((p, i) => normalizePrerequisite(p, `/prerequisites/${i}`, num, pointers));
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

function limits<K extends string>(raw: unknown, ptr: string, num: NumberReader): Partial<Record<K, Limit>> | undefined {
  if (!isRaw(raw)) return undefined;
  const out: Partial<Record<K, Limit>> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "number") out[k as K] = num(v, ptr, k);
    else if (isRaw(v) && typeof v.lt === "number") out[k as K] = { lt: num(v.lt, `${ptr}/${k}`, "lt") };
  }
  return out;
}

function normalizeWindow(pr: Raw, ptr: string, num: NumberReader): Performance {
  const perf: Performance = {};
  if (typeof pr.months === "number") perf.months = pr.months;
  if (pr.ever === true) perf.ever = true;
  const mt = limits<AccidentField>(pr.max_total, `${ptr}/max_total`, num);
  const mp = limits<AccidentField>(pr.max_per_accident, `${ptr}/max_per_accident`, num);
  const mc = limits<AccidentClass>(pr.max_count, `${ptr}/max_count`, num);
  const mr = limits<AccidentField>(pr.max_rate_per_1000, `${ptr}/max_rate_per_1000`, num);
  if (mt) perf.max_total = mt;
  if (mp) perf.max_per_accident = mp;
  if (mc) perf.max_count = mc;
  if (mr) perf.max_rate_per_1000 = mr;
  if (Array.isArray(pr.kinds)) perf.kinds = pr.kinds.map(String);
  if (typeof pr.include_contractor === "boolean") perf.include_contractor = pr.include_contractor;
  return perf;
}

function normalizeElementRates(raw: Raw, ptr: string, num: NumberReader): ElementRates {
  const out: ElementRates = { elements: {} };
  if (typeof raw.default === "number") out.default = num(raw.default, ptr, "default");
  if (isRaw(raw.elements)) for (const [k, v] of Object.entries(raw.elements)) if (typeof v === "number") out.elements[k] = num(v, `${ptr}/elements`, k);
  return out;
}

export function normalizeLevel(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Level {
  const level: Level = { name: String(raw.name), min_score: num(raw.min_score as number, ptr, "min_score") };
  if (typeof raw.min_element_rate === "number") level.min_element_rate = num(raw.min_element_rate, ptr, "min_element_rate");
  else if (isRaw(raw.min_element_rate)) level.min_element_rate = normalizeElementRates(raw.min_element_rate, `${ptr}/min_element_rate`, num);
  if (isRaw(raw.performance)) level.performance = normalizeWindow(raw.performance, `${ptr}/performance`, num);
  else if (Array.isArray(raw.performance)) level.performance = (raw.performance as Raw[]).map((w, i) => normalizeWindow(w, `${ptr}/performance/${i}`, num));
  if (isRaw(raw.requires)) level.requires = raw.requires as Condition;
  if (typeof raw.text === "string") level.text = raw.text;
  pointers.set(level, ptr);
  return level;
}

export function normalizeProfile(raw: Raw): Record<string, ProfileFieldDecl> {
  const out: Record<string, ProfileFieldDecl> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!isRaw(v)) continue;
    const type = v.type === "enum" || v.type === "boolean" || v.type === "integer" || v.type === "number" ? v.type : "string";
    const d: ProfileFieldDecl = { title: typeof v.title === "string" ? v.title : k, type };
    if (Array.isArray(v.values)) d.values = v.values.map(String);
    out[k] = d;
  }
  return out;
}

function normalizeBlocks(raw: unknown): "all" | string[] {
  return Array.isArray(raw) ? raw.map(String) : "all";
}

export function normalizePrerequisite(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Prerequisite {
  const p: Prerequisite = { id: String(raw.id), text: typeof raw.text === "string" ? raw.text : "", blocks: normalizeBlocks(raw.blocks) };
  if (typeof raw.deduct_total_rate === "number") p.deduct_total_rate = num(raw.deduct_total_rate, ptr, "deduct_total_rate");
  pointers.set(p, ptr);
  return p;
}

function normalizeCaps(raw: unknown, ptr: string, num: NumberReader, pointers: PointerMap): SharedCap[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return (raw as Raw[]).map((c, i) => {
    const cap: SharedCap = { deductions: Array.isArray(c.deductions) ? c.deductions.map(String) : [], max: num(c.max as number, `${ptr}/${i}`, "max") };
    pointers.set(cap, `${ptr}/${i}`);
    return cap;
  });
}

function normalizeWeightCases(raw: unknown[], ptr: string, num: NumberReader): WeightCase[] {
  return (raw.filter(isRaw) as Raw[]).map((c, i) => {
    const w: WeightCase = { value: num(c.value as number, `${ptr}/${i}`, "value") };
    if (isRaw(c.when)) w.when = c.when as Condition;
    return w;
  });
}

function normalizeAggregate(raw: unknown): Aggregate | undefined {
  return AGGREGATES.find((a) => a === raw);
}

export const isAccidentClass = (k: string): k is AccidentClass => (ACCIDENT_CLASSES as readonly string[]).includes(k);

function normalizeVeto(raw: unknown): Veto {
  if (raw === true) return "all";
  if (isRaw(raw) && Array.isArray(raw.blocks)) return { blocks: raw.blocks.map(String) };
  return false;
}

function normalizeDeduction(raw: Raw, ptr: string, num: NumberReader, pointers: PointerMap): Deduction {
  const d: Deduction = { id: String(raw.id), text: typeof raw.text === "string" ? raw.text : "", points: num(raw.points as number, ptr, "points") };
  if (typeof raw.max === "number") d.max = num(raw.max, ptr, "max");
  if (typeof raw.element_points === "number") d.element_points = num(raw.element_points, ptr, "element_points");
  if (typeof raw.zeroes === "string" || typeof raw.zeroes === "number") d.zeroes = String(raw.zeroes);
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
  const caps = normalizeCaps(raw.caps, `${ptr}/caps`, num, pointers);
  if (caps) item.caps = caps;
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
  else if (Array.isArray(raw.weight)) el.weight_cases = normalizeWeightCases(raw.weight, `${ptr}/weight`, num);
  const agg = normalizeAggregate(raw.aggregate);
  if (agg) el.aggregate = agg;
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
  else if (Array.isArray(raw.weight)) f.weight_cases = normalizeWeightCases(raw.weight, `${ptr}/weight`, num);
  const agg = normalizeAggregate(raw.aggregate);
  if (agg) f.aggregate = agg;
  const caps = normalizeCaps(raw.caps, `${ptr}/caps`, num, pointers);
  if (caps) f.caps = caps;
  if (typeof raw.text === "string") f.text = raw.text;
  if ("blocks" in raw) f.blocks = normalizeBlocks(raw.blocks);
  if (typeof raw.deduct_total_rate === "number") f.deduct_total_rate = num(raw.deduct_total_rate, ptr, "deduct_total_rate");
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
    if (isRaw(raw.prerequisite)) op.prerequisite = normalizePrerequisite(raw.prerequisite, `${ptr}/prerequisite`, num, pointers);
    if (isRaw(raw.profile)) op.profile = normalizeProfile(raw.profile);
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
  if (doc.profile !== undefined) std.profile = doc.profile;
  if (doc.prerequisites !== undefined) std.prerequisites = doc.prerequisites;
  return std;
}
