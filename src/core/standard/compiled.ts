import type { Json } from "../lib/canonical.js";
import {
  isStrictLimit,
  windowsOf,
  type CompiledStandard,
  type Condition,
  type Deduction,
  type Element,
  type Item,
  type Level,
  type Limit,
  type Performance,
  type Prerequisite,
  type Provenance,
  type Scoring,
  type Tier,
  type Veto,
} from "./model.js";
import { Rational } from "../lib/rational.js";
import { normalizeLevel, normalizePrerequisite, normalizeProfile, type PointerMap } from "./standard.js";

/**
 * The compiled standard as JSON (schema/compiled.schema.json): numbers are written as JSON
 * numbers (exact short decimals), `veto` as in the YAML (false, true or {blocks}).
 * Keys come in a fixed order so the same standard always gives the same bytes.
 */
export const COMPILED_KIND = "compiled-standard";

const num = (r: Rational): number => r.toNumber();

const limitJson = (l: Limit): Json => (isStrictLimit(l) ? { lt: num(l.lt) } : num(l));

function limits(c: Partial<Record<string, Limit>>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = limitJson(v);
  return out;
}

function windowJson(w: Performance): Record<string, Json> {
  const p: Record<string, Json> = {};
  if (w.months !== undefined) p.months = w.months;
  if (w.ever) p.ever = true;
  if (w.max_total) p.max_total = limits(w.max_total);
  if (w.max_per_accident) p.max_per_accident = limits(w.max_per_accident);
  if (w.max_count) p.max_count = limits(w.max_count);
  if (w.max_rate_per_1000) p.max_rate_per_1000 = limits(w.max_rate_per_1000);
  if (w.kinds) p.kinds = [...w.kinds];
  if (w.include_contractor !== undefined) p.include_contractor = w.include_contractor;
  return p;
}

export function levelJson(l: Level): Record<string, Json> {
  const o: Record<string, Json> = { name: l.name, min_score: num(l.min_score) };
  const mer = l.min_element_rate;
  if (mer instanceof Rational) o.min_element_rate = num(mer);
  else if (mer !== undefined) {
    const m: Record<string, Json> = {};
    if (mer.default !== undefined) m.default = num(mer.default);
    m.elements = Object.fromEntries(Object.entries(mer.elements).map(([k, v]) => [k, num(v)]));
    o.min_element_rate = m;
  }
  if (l.performance) o.performance = Array.isArray(l.performance) ? windowsOf(l).map(windowJson) : windowJson(l.performance);
  if (l.requires !== undefined) o.requires = l.requires as unknown as Json;
  if (l.text !== undefined) o.text = l.text;
  return o;
}

export function prerequisiteJson(p: Prerequisite): Record<string, Json> {
  const o: Record<string, Json> = { id: p.id, text: p.text, blocks: p.blocks === "all" ? "all" : [...p.blocks] };
  if (p.deduct_total_rate !== undefined) o.deduct_total_rate = num(p.deduct_total_rate);
  return o;
}

export function vetoJson(v: Veto): Json {
  return v === false ? false : v === "all" ? true : { blocks: [...v.blocks] };
}

function deductionJson(d: Deduction): Record<string, Json> {
  const o: Record<string, Json> = { id: d.id, text: d.text, points: num(d.points) };
  if (d.max !== undefined) o.max = num(d.max);
  if (d.element_points !== undefined) o.element_points = num(d.element_points);
  if (d.zeroes !== undefined) o.zeroes = d.zeroes;
  return o;
}

function provJson(p: Provenance | undefined): Json | undefined {
  if (!p) return undefined;
  const o: Record<string, Json> = { introduced_by: p.introduced_by };
  if (p.changed_by !== undefined) o.changed_by = p.changed_by;
  return o;
}

function itemJson(it: Item): Record<string, Json> {
  const o: Record<string, Json> = { id: it.id, title: it.title, points: num(it.points) };
  if (it.method !== undefined) o.method = it.method;
  if (it.evidence !== undefined) o.evidence = [...it.evidence];
  o.deductions = it.deductions.map(deductionJson);
  if (it.exhausted_penalty !== undefined) o.exhausted_penalty = num(it.exhausted_penalty);
  o.veto = vetoJson(it.veto);
  if (it.applies_when !== undefined) o.applies_when = it.applies_when as unknown as Json;
  if (it.na !== undefined) o.na = it.na;
  if (it.caps !== undefined) o.caps = it.caps.map((c) => ({ deductions: [...c.deductions], max: num(c.max) }));
  const p = provJson(it.provenance);
  if (p !== undefined) o.provenance = p;
  return o;
}

function elementJson(el: Element): Record<string, Json> {
  const o: Record<string, Json> = { id: el.id, title: el.title };
  if (el.weight !== undefined) o.weight = num(el.weight);
  if (el.weight_cases !== undefined)
    o.weight = el.weight_cases.map((w): Json => (w.when !== undefined ? { when: w.when as unknown as Json, value: num(w.value) } : { value: num(w.value) }));
  if (el.aggregate !== undefined) o.aggregate = el.aggregate;
  o.elements = el.elements.map(elementJson);
  o.items = el.items.map(itemJson);
  const p = provJson(el.provenance);
  if (p !== undefined) o.provenance = p;
  return o;
}

export function compiledToJson(c: CompiledStandard): Record<string, Json> {
  const o: Record<string, Json> = { stdz: 1, kind: COMPILED_KIND, id: c.id, title: c.title, tier: c.tier, region: c.region, sectors: [...c.sectors] };
  if (c.version !== undefined) o.version = c.version;
  if (c.effective !== undefined) o.effective = c.effective;
  o.chain = [...c.chain];
  o.fingerprint = c.fingerprint;
  o.total = num(c.total);
  o.scoring = { model: c.scoring.model, scale: num(c.scoring.scale), round: c.scoring.round, na: c.scoring.na };
  o.grading = { levels: c.grading.levels.map(levelJson) };
  o.elements = c.elements.map(elementJson);
  if (c.profile !== undefined) o.profile = JSON.parse(JSON.stringify(c.profile)) as Json;
  if (c.prerequisites !== undefined) o.prerequisites = c.prerequisites.map(prerequisiteJson);
  return o;
}

// ---- reading back (the data is schema-valid when these run) ----

type Raw = Record<string, unknown>;
const R = (v: unknown): Rational => Rational.fromNumber(v as number);

const numFrom = (v: number): Rational => Rational.fromNumber(v);

let ptrs: PointerMap | undefined;
const mark = <T extends object>(node: T, ptr: string): T => {
  ptrs?.set(node, ptr);
  return node;
};

function levelFrom(raw: Raw, ptr: string): Level {
  return mark(normalizeLevel(raw, ptr, numFrom, new Map()), ptr);
}

function vetoFrom(raw: unknown): Veto {
  if (raw === true) return "all";
  if (raw && typeof raw === "object") return { blocks: ((raw as Raw).blocks as unknown[]).map(String) };
  return false;
}

function provFrom(raw: unknown): Provenance | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Raw;
  const p: Provenance = { introduced_by: String(r.introduced_by) };
  if (typeof r.changed_by === "string") p.changed_by = r.changed_by;
  return p;
}

function itemFrom(raw: Raw, ptr: string): Item {
  const it: Item = {
    id: String(raw.id),
    title: String(raw.title),
    points: R(raw.points),
    deductions: ((raw.deductions as Raw[]) ?? []).map((d, i) => {
      const x: Deduction = { id: String(d.id), text: String(d.text ?? ""), points: R(d.points) };
      if (d.max !== undefined) x.max = R(d.max);
      if (d.element_points !== undefined) x.element_points = R(d.element_points);
      if (typeof d.zeroes === "string") x.zeroes = d.zeroes;
      return mark(x, `${ptr}/deductions/${i}`);
    }),
    veto: vetoFrom(raw.veto),
  };
  if (typeof raw.method === "string") it.method = raw.method;
  if (Array.isArray(raw.evidence)) it.evidence = raw.evidence.map(String);
  if (raw.exhausted_penalty !== undefined) it.exhausted_penalty = R(raw.exhausted_penalty);
  if (raw.applies_when !== undefined) it.applies_when = raw.applies_when as Condition;
  if (raw.na === "allowed" || raw.na === "forbidden") it.na = raw.na;
  if (Array.isArray(raw.caps))
    it.caps = (raw.caps as Raw[]).map((c, i) => mark({ deductions: (c.deductions as unknown[]).map(String), max: R(c.max) }, `${ptr}/caps/${i}`));
  const p = provFrom(raw.provenance);
  if (p) it.provenance = p;
  return mark(it, ptr);
}

function elementFrom(raw: Raw, ptr: string): Element {
  const el: Element = {
    id: String(raw.id),
    title: String(raw.title),
    elements: ((raw.elements as Raw[]) ?? []).map((e, i) => elementFrom(e, `${ptr}/elements/${i}`)),
    items: ((raw.items as Raw[]) ?? []).map((it, i) => itemFrom(it, `${ptr}/items/${i}`)),
  };
  if (typeof raw.weight === "number") el.weight = R(raw.weight);
  else if (Array.isArray(raw.weight))
    el.weight_cases = (raw.weight as Raw[]).map((w) => (w.when !== undefined ? { when: w.when as Condition, value: R(w.value) } : { value: R(w.value) }));
  if (raw.aggregate === "pool" || raw.aggregate === "min" || raw.aggregate === "mean" || raw.aggregate === "weighted") el.aggregate = raw.aggregate;
  const p = provFrom(raw.provenance);
  if (p) el.provenance = p;
  return mark(el, ptr);
}

/** Read a schema-valid compiled JSON back into the model (numbers exact); `pointers` records each node's JSON pointer. */
export function compiledFromJson(raw: Raw, pointers?: PointerMap): CompiledStandard {
  ptrs = pointers;
  try {
    return readCompiled(raw);
  } finally {
    ptrs = undefined;
  }
}

function readCompiled(raw: Raw): CompiledStandard {
  const sc = raw.scoring as Raw;
  const scoring: Scoring = {
    model: sc.model === "weighted" ? "weighted" : "points",
    scale: R(sc.scale),
    round: Number(sc.round),
    na: sc.na === "forbidden" ? "forbidden" : "allowed",
  };
  const c: CompiledStandard = {
    stdz: 1,
    id: String(raw.id),
    title: String(raw.title),
    tier: raw.tier as Tier,
    region: String(raw.region),
    sectors: (raw.sectors as unknown[]).map(String),
    total: R(raw.total),
    scoring,
    grading: { levels: ((raw.grading as Raw).levels as Raw[]).map((l, i) => levelFrom(l, `/grading/levels/${i}`)) },
    elements: (raw.elements as Raw[]).map((e, i) => elementFrom(e, `/elements/${i}`)),
    chain: (raw.chain as unknown[]).map(String),
    fingerprint: String(raw.fingerprint),
  };
  if (typeof raw.version === "string") c.version = raw.version;
  if (typeof raw.effective === "string") c.effective = raw.effective;
  if (raw.profile !== undefined && raw.profile !== null && typeof raw.profile === "object") c.profile = normalizeProfile(raw.profile as Raw);
  if (Array.isArray(raw.prerequisites))
    c.prerequisites = (raw.prerequisites as Raw[]).map((p, i) =>
      mark(normalizePrerequisite(p, `/prerequisites/${i}`, numFrom, new Map()), `/prerequisites/${i}`),
    );
  return mark(c, "");
}
