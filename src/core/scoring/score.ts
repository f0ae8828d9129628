import { diag, type Diagnostic } from "../../diagnostics.js";
import { type Applies, type Finding } from "./bundle.js";
import type { ConditionProfile } from "../standard/condition.js";
import { itemsOf, type Aggregate, type Deduction, type Element, type Item, type Standard } from "../standard/model.js";
import type { PrerequisiteState } from "./levels.js";
import { enclosingIds, scoreNode, sharedCapLoss, type LeafScore, type NodeScore } from "./tree.js";
import { Rational } from "../lib/rational.js";
import type { FindingStatus } from "./result.js";

/**
 * DESIGN.md "Scoring, step by step", steps 1–5, on exact fractions. Pure: the caller
 * validates the bundle first (core/bundle.ts) and decides `applies_when` (core/condition.ts).
 */

export interface DeductionCalc {
  deduction: Deduction;
  count: number;
  /** min(count × points, max). */
  lost: Rational;
  /** count × element_points (not limited by max). */
  elementPoints: Rational;
  note?: string;
}

export interface ItemCalc {
  item: Item;
  top: Element;
  /** Position in document order, for stable sorting. */
  index: number;
  finding?: Finding;
  status: FindingStatus;
  applicable: boolean;
  /** For na: the finding's reason, or "applies_when". */
  reason?: string;
  earned: Rational;
  /** points − earned on the content itself. */
  lost: Rational;
  deductions: DeductionCalc[];
  /** exhausted_penalty charged because the nonconforming content earned 0. */
  exhausted: Rational;
  /** Everything this content charges to its first-level element: Σ elementPoints + exhausted. */
  charge: Rational;
}

export interface ElementCalc {
  element: Element;
  points: Rational;
  applicable: Rational;
  na: Rational;
  itemsEarned: Rational;
  charges: Rational;
  /** max(0, itemsEarned − charges). */
  earned: Rational;
  /** earned ÷ applicable; undefined when nothing applies. */
  rate?: Rational;
  /** How the element combines its children (pool unless the standard says otherwise). */
  aggregate: Aggregate;
  /** The weight that applies to this enterprise, when the element has one. */
  weight?: Rational;
  /** Child elements, scored by their own aggregate (no 追加扣分 below the first level). */
  children: ElementCalc[];
}

/** A charged `zeroes`: the element emptied, by which content's deduction. */
export interface ZeroesCalc {
  element: string;
  item: string;
  deduction: string;
}

/** What the bundle says beyond its findings, for the extensions. */
export interface ScoreContext {
  profile?: ConditionProfile;
  prerequisites?: readonly { id: string; met: boolean; note?: string }[];
}

export interface ScoreCalc {
  model: "points" | "weighted";
  scale: Rational;
  round: number;
  items: ItemCalc[];
  elements: ElementCalc[];
  points: Rational;
  applicable: Rational;
  na: Rational;
  /** Σ element earned after 追加扣分 and the floor, and after the prerequisites' cut (points model). */
  earned: Rational;
  /** What unmet prerequisites' deduct_total_rate took: points (points model) or score points (weighted). */
  cut: Rational;
  zeroes: ZeroesCalc[];
  prerequisites: PrerequisiteState[];
  profile?: ConditionProfile;
  charges: Rational;
  /** Unrounded score (step 4). */
  raw: Rational;
  /** Rounded once, half up (step 5). */
  score: Rational;
  /** Errors that make a score impossible (nothing applies, missing weights). */
  diagnostics: Diagnostic[];
}

/** `applies_when` through a condition evaluator, for a given enterprise profile. */
export function appliesWith<P>(evaluate: (cond: NonNullable<Item["applies_when"]>, profile: P) => boolean, profile: P): Applies {
  return (item) => item.applies_when === undefined || evaluate(item.applies_when, profile);
}

function scoreItem(item: Item, top: Element, index: number, finding: Finding | undefined, applies: Applies): ItemCalc {
  const base = {
    item,
    top,
    index,
    deductions: [] as DeductionCalc[],
    exhausted: Rational.ZERO,
    charge: Rational.ZERO,
    lost: Rational.ZERO,
    earned: Rational.ZERO,
  };
  const calc: ItemCalc = finding ? { ...base, finding, status: "na", applicable: false } : { ...base, status: "na", applicable: false };
  // Step 1: applicable when the condition holds and the finding is not na.
  if (!applies(item)) {
    calc.reason = "applies_when";
    return calc;
  }
  if (finding?.status === "na") {
    if (finding.reason !== undefined) calc.reason = finding.reason;
    return calc;
  }
  calc.applicable = true;
  // A missing finding is an error reported by checkFindings; scored as a bare nonconformity meanwhile.
  calc.status = finding?.status ?? "nonconform";
  if (calc.status === "conform") {
    calc.earned = item.points;
    return calc;
  }
  // Step 2: nonconform.
  let lost = Rational.ZERO;
  let elementPoints = Rational.ZERO;
  const deds = finding?.deductions ?? [];
  for (const fd of deds) {
    const d = item.deductions.find((x) => x.id === fd.id);
    // Unknown ids and bad counts are errors reported by checkFindings; they score nothing here.
    if (!d || !Number.isSafeInteger(fd.count) || fd.count < 1) continue;
    const n = Rational.of(fd.count);
    const raw = n.mul(d.points);
    const dl = d.max !== undefined ? Rational.min(raw, d.max) : raw;
    const ep = d.element_points !== undefined ? n.mul(d.element_points) : Rational.ZERO;
    const dc: DeductionCalc = { deduction: d, count: fd.count, lost: dl, elementPoints: ep };
    if (fd.note !== undefined) dc.note = fd.note;
    calc.deductions.push(dc);
    elementPoints = elementPoints.add(ep);
  }
  // Each deduction's own max first, then the caps several of them share (extension 3).
  lost = sharedCapLoss(
    item.caps,
    calc.deductions.map((d) => ({ id: d.deduction.id, lost: d.lost })),
  );
  calc.earned = deds.length === 0 ? Rational.ZERO : Rational.max(Rational.ZERO, item.points.sub(lost));
  calc.lost = item.points.sub(calc.earned);
  // Step 3 (content side): 追加扣分 via element_points, and exhausted_penalty when nothing is left.
  if (calc.earned.isZero() && item.exhausted_penalty !== undefined) calc.exhausted = item.exhausted_penalty;
  calc.charge = elementPoints.add(calc.exhausted);
  return calc;
}

function elementCalc(n: NodeScore): ElementCalc {
  const ec: ElementCalc = {
    element: n.element,
    points: n.points,
    applicable: n.applicable,
    na: n.points.sub(n.applicable),
    itemsEarned: n.itemsEarned,
    charges: Rational.ZERO,
    earned: n.earned,
    aggregate: n.aggregate,
    children: n.children.map(elementCalc),
  };
  if (n.rate !== undefined) ec.rate = n.rate;
  if (n.weight !== undefined) ec.weight = n.weight;
  return ec;
}

/** Steps 1–5 for a (validated) bundle's findings against a standard, with the format extensions. */
export function scoreFindings(std: Standard, findings: readonly Finding[], applies: Applies, ctx: ScoreContext = {}): ScoreCalc {
  const byItem = new Map<string, Finding>();
  for (const f of findings) if (!byItem.has(f.item)) byItem.set(f.item, f);
  const diagnostics: Diagnostic[] = [];
  const items: ItemCalc[] = [];
  let index = 0;
  // Steps 1–2.
  for (const top of std.elements) for (const item of itemsOf(top)) items.push(scoreItem(item, top, index++, byItem.get(item.id), applies));

  // Extension 2: a charged `zeroes` empties every applicable content under the element named (after step 2, before step 3).
  const zeroes: ZeroesCalc[] = [];
  const enclosing = enclosingIds(std.elements);
  const zeroed = new Set<string>();
  for (const c of items) {
    if (!c.applicable) continue;
    for (const d of c.deductions) {
      const target = d.deduction.zeroes;
      if (target === undefined || d.count < 1 || !enclosing.get(c.item)?.has(target)) continue;
      zeroes.push({ element: target, item: c.item.id, deduction: d.deduction.id });
      zeroed.add(target);
    }
  }
  if (zeroed.size > 0) {
    for (const c of items) {
      if (!c.applicable) continue;
      const above = enclosing.get(c.item);
      if (above && [...zeroed].some((z) => above.has(z))) {
        c.earned = Rational.ZERO;
        c.lost = c.item.points;
      }
    }
  }

  // Step 3 and extension 5: elements combine their children; 追加扣分 on the first level.
  const leaves = new Map<Item, LeafScore>(items.map((c) => [c.item, { item: c.item, applicable: c.applicable, earned: c.earned }]));
  const profile = ctx.profile ?? {};
  const elements: ElementCalc[] = [];
  const chargeOf = new Map<Element, Rational>();
  for (const c of items) if (c.applicable && !c.charge.isZero()) chargeOf.set(c.top, (chargeOf.get(c.top) ?? Rational.ZERO).add(c.charge));
  for (const top of std.elements) {
    const ec = elementCalc(scoreNode(top, leaves, profile));
    const charges = chargeOf.get(top) ?? Rational.ZERO;
    // The element's earned points never go below 0.
    ec.charges = charges;
    ec.earned = Rational.max(Rational.ZERO, ec.earned.sub(charges));
    if (ec.applicable.isZero()) delete ec.rate;
    else ec.rate = ec.earned.div(ec.applicable);
    elements.push(ec);
  }

  // Extension 1: prerequisites as stated by the bundle (one not stated is a bundle error, and counts as unmet).
  const stated = new Map((ctx.prerequisites ?? []).map((p) => [p.id, p]));
  const prerequisites: PrerequisiteState[] = (std.prerequisites ?? []).map((p) => {
    const st = stated.get(p.id);
    const out: PrerequisiteState = { id: p.id, text: p.text, met: st?.met === true, blocks: p.blocks };
    if (st?.note !== undefined) out.note = st.note;
    return out;
  });
  const cutRate = Rational.sum(
    (std.prerequisites ?? []).filter((p, i) => !prerequisites[i]!.met && p.deduct_total_rate !== undefined).map((p) => p.deduct_total_rate ?? Rational.ZERO),
  );

  const sum = (f: (e: ElementCalc) => Rational) => Rational.sum(elements.map(f));
  const points = sum((e) => e.points);
  const applicable = sum((e) => e.applicable);
  let earned = sum((e) => e.earned);
  const charges = sum((e) => e.charges);
  const { scale, round, model } = std.scoring;
  let cut = Rational.ZERO;

  // Step 4.
  let raw = Rational.ZERO;
  if (model === "weighted") {
    let sw = Rational.ZERO;
    let acc = Rational.ZERO;
    for (const e of elements) {
      if (e.rate === undefined) continue;
      if (e.weight === undefined) {
        diagnostics.push(diag("BUN022", { element: e.element.id }));
        continue;
      }
      sw = sw.add(e.weight);
      acc = acc.add(e.weight.mul(e.rate));
    }
    if (sw.isZero()) {
      if (diagnostics.length === 0) diagnostics.push(diag("BUN021"));
    } else raw = acc.div(sw).mul(scale);
    if (!cutRate.isZero()) {
      cut = Rational.min(raw, cutRate.mul(scale));
      raw = raw.sub(cut);
    }
  } else if (applicable.isZero()) {
    diagnostics.push(diag("BUN021"));
  } else {
    if (!cutRate.isZero()) {
      cut = Rational.min(earned, cutRate.mul(applicable));
      earned = earned.sub(cut);
    }
    raw = earned.div(applicable).mul(scale);
  }

  const calc: ScoreCalc = {
    model,
    scale,
    round,
    items,
    elements,
    points,
    applicable,
    na: points.sub(applicable),
    earned,
    cut,
    zeroes,
    prerequisites,
    charges,
    raw,
    // Step 5: round once.
    score: raw.roundHalfUp(round),
    diagnostics,
  };
  if (ctx.profile !== undefined) calc.profile = ctx.profile;
  return calc;
}

export { buildResult, compareNonconformities, formulaText, type ResultInput, type ResultTexts } from "./build-result.js";
