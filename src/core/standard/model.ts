import type { Rational } from "../lib/rational.js";

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

/** `applies_when`: data, never code. A map of several fields means all of them. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { [field in ProfileField]?: Comparison };

export type AccidentField = "deaths" | "serious_injuries" | "minor_injuries" | "direct_loss";
export const ACCIDENT_FIELDS: readonly AccidentField[] = ["deaths", "serious_injuries", "minor_injuries", "direct_loss"];

export interface Performance {
  months: number;
  max_total?: Partial<Record<AccidentField, Rational>>;
  max_per_accident?: Partial<Record<AccidentField, Rational>>;
}

export interface Level {
  name: string;
  min_score: Rational;
  min_element_rate?: Rational;
  performance?: Performance;
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
  provenance?: Provenance;
}

export interface Element {
  id: string;
  title: string;
  weight?: Rational;
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
}

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
