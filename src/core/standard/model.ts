import { Rational } from "../lib/rational.js";

/**
 * The in-memory standard: what scoring, grading, diff and reports work on.
 * Built from YAML (src/core/standard.ts) or from a compiled JSON standard; numbers are exact.
 */

export type Tier = "national" | "industry" | "provincial" | "municipal" | "county";
export const TIERS: readonly Tier[] = ["national", "industry", "provincial", "municipal", "county"];

export type ProfileField = "employees" | "sector" | "region" | "above_scale" | "high_risk" | "small_micro";
export const PROFILE_FIELDS: readonly ProfileField[] = ["employees", "sector", "region", "above_scale", "high_risk", "small_micro"];

export type Scalar = string | number | boolean;
export type Comparison = {
  eq?: Scalar;
  ne?: Scalar;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  in?: Scalar[];
};

/**
 * `applies_when`: data, never code. A map of several fields means all of them. Besides the six
 * built-in profile fields a condition may name a field the standard declares under `profile`.
 */
export type Condition =
  { all: Condition[] } | { any: Condition[] } | { not: Condition } | { [field in ProfileField]?: Comparison } | { [field: string]: Comparison | undefined };

/** A fact about the enterprise a standard declares beyond the built-in six (DESIGN.md extension 6). */
export interface ProfileFieldDecl {
  title: string;
  type: "enum" | "boolean" | "integer" | "number" | "string";
  values?: string[];
}

export type AccidentField = "deaths" | "serious_injuries" | "minor_injuries" | "direct_loss" | "occupational_disease";
export const ACCIDENT_FIELDS: readonly AccidentField[] = ["deaths", "serious_injuries", "minor_injuries", "direct_loss", "occupational_disease"];

/** Accident classes of 《生产安全事故报告和调查处理条例》, least severe first. */
export type AccidentClass = "一般" | "较大" | "重大" | "特别重大";
export const ACCIDENT_CLASSES: readonly AccidentClass[] = ["一般", "较大", "重大", "特别重大"];

/** A performance limit: a number means ≤ it; `{lt: n}` means strictly below n (「n 及以上」 is not allowed). */
export type Limit = Rational | { lt: Rational };

export interface Performance {
  /** Months before the assessment date; absent when `ever`. */
  months?: number;
  /** Every accident on or before the assessment date. */
  ever?: boolean;
  max_total?: Partial<Record<AccidentField, Limit>>;
  max_per_accident?: Partial<Record<AccidentField, Limit>>;
  /** Accidents of a class or worse. */
  max_count?: Partial<Record<AccidentClass, Limit>>;
  /** Per 1000 employees. */
  max_rate_per_1000?: Partial<Record<AccidentField, Limit>>;
  /** Only accidents of these kinds count (an accident without `kind` then does not). */
  kinds?: string[];
  /** Default true. */
  include_contractor?: boolean;
}

/** `min_element_rate` as a map: a floor per first-level element id, `default` for those not listed. */
export interface ElementRates {
  default?: Rational;
  elements: Record<string, Rational>;
}

export interface Level {
  name: string;
  min_score: Rational;
  /** A number applies to every first-level element; a map per element (extension 4). */
  min_element_rate?: Rational | ElementRates;
  /** One window, or a list that must all hold (extension 8). */
  performance?: Performance | Performance[];
  /** A condition over profile fields (extension 7). */
  requires?: Condition;
  /** The published wording of the level's conditions. */
  text?: string;
}

/** Unscored conditions that must hold before a level can be awarded (extension 1). */
export interface Prerequisite {
  id: string;
  text: string;
  blocks: "all" | string[];
  deduct_total_rate?: Rational;
}

export interface Scoring {
  model: "points" | "weighted";
  scale: Rational;
  round: number;
  na: "allowed" | "forbidden";
}

export interface Deduction {
  id: string;
  text: string;
  points: Rational;
  max?: Rational;
  element_points?: Rational;
  /** Id of an enclosing element every applicable content of which earns 0 when this is charged. */
  zeroes?: string;
}

/** One loss cap shared by several deductions of an item (extension 3). */
export interface SharedCap {
  deductions: string[];
  max: Rational;
}

/** `veto: true` blocks every level ("all"); `{blocks: [...]}` only the named ones. */
export type Veto = false | "all" | { blocks: string[] };

/** Which standard in an `extends` chain introduced or last changed a node. */
export interface Provenance {
  introduced_by: string;
  changed_by?: string;
}

export interface Item {
  id: string;
  title: string;
  points: Rational;
  method?: string;
  evidence?: string[];
  deductions: Deduction[];
  exhausted_penalty?: Rational;
  veto: Veto;
  applies_when?: Condition;
  /** Override of `scoring.na`; absent means the standard's default. */
  na?: "allowed" | "forbidden";
  caps?: SharedCap[];
  provenance?: Provenance;
}

export type Aggregate = "pool" | "min" | "mean" | "weighted";
export const AGGREGATES: readonly Aggregate[] = ["pool", "min", "mean", "weighted"];

/** One case of a conditional weight; the last has no `when`. */
export interface WeightCase {
  when?: Condition;
  value: Rational;
}

export interface Element {
  id: string;
  title: string;
  weight?: Rational;
  /** A weight that depends on the enterprise: first matching case wins (extension 5). */
  weight_cases?: WeightCase[];
  /** How the element combines its children; absent means pool. */
  aggregate?: Aggregate;
  elements: Element[];
  items: Item[];
  provenance?: Provenance;
}

export interface Standard {
  stdz: 1;
  id: string;
  title: string;
  tier: Tier;
  region: string;
  sectors: string[];
  version?: string;
  effective?: string;
  extends?: string;
  total: Rational;
  scoring: Scoring;
  grading: { levels: Level[] };
  elements: Element[];
  /** Declared enterprise facts beyond the built-in six. */
  profile?: Record<string, ProfileFieldDecl>;
  prerequisites?: Prerequisite[];
}

/** The windows of a level's performance, as a list. */
export function windowsOf(level: Pick<Level, "performance">): Performance[] {
  const p = level.performance;
  return p === undefined ? [] : Array.isArray(p) ? p : [p];
}

export const isStrictLimit = (l: Limit): l is { lt: Rational } => !(l instanceof Rational);
/** The bound of a limit, strict or not. */
export const limitValue = (l: Limit): Rational => (isStrictLimit(l) ? l.lt : l);
/** Whether a value stays within a limit. */
export const withinLimit = (v: Rational, l: Limit): boolean => (isStrictLimit(l) ? v.lt(l.lt) : v.lte(l));

/** A standard ready for scoring: `extends` resolved, patches applied, fingerprinted. */
export interface CompiledStandard extends Standard {
  /** SHA-256 of the canonical JSON of the compiled standard (without the fingerprint). */
  fingerprint: string;
  /** The chain from this standard down to its root base, e.g. [市标, 省标, 国标]. */
  chain: string[];
}

/** Every item under an element, depth first, in document order. */
export function* itemsOf(el: Element): Generator<Item> {
  for (const it of el.items) yield it;
  for (const child of el.elements) yield* itemsOf(child);
}

/** Every item of a standard with its first-level element, in document order. */
export function* allItems(std: Pick<Standard, "elements">): Generator<{ item: Item; top: Element }> {
  for (const top of std.elements) for (const item of itemsOf(top)) yield { item, top };
}

/** Every element at any depth, depth first. */
export function* allElements(els: Element[]): Generator<{ element: Element; depth: number; parent?: Element }> {
  const rec = function* (list: Element[], depth: number, parent?: Element): Generator<{ element: Element; depth: number; parent?: Element }> {
    for (const e of list) {
      yield parent ? { element: e, depth, parent } : { element: e, depth };
      yield* rec(e.elements, depth + 1, e);
    }
  };
  yield* rec(els, 0);
}
