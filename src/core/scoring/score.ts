import { diag, type Diagnostic, type DiagnosticJson } from "../../diagnostics.js";
import { text, type Text } from "../lib/text.js";
import { normalizeEvidencePath, type Applies, type Bundle, type Finding } from "./bundle.js";
import { rateNumber, type GradeOutcome } from "./grade.js";
import { itemsOf, type Deduction, type Element, type Item, type Standard } from "../standard/model.js";
import { Rational } from "../lib/rational.js";
import type { DeductionResult, ElementResult, EvidenceFile, FindingStatus, GradeReason, ItemResult, Nonconformity, ScoreResult } from "./result.js";

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
  /** Σ element earned after 追加扣分 and the floor. */
  earned: Rational;
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
  const base = { item, top, index, deductions: [] as DeductionCalc[], exhausted: Rational.ZERO, charge: Rational.ZERO, lost: Rational.ZERO, earned: Rational.ZERO };
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
    lost = lost.add(dl);
    elementPoints = elementPoints.add(ep);
  }
  calc.earned = deds.length === 0 ? Rational.ZERO : Rational.max(Rational.ZERO, item.points.sub(lost));
  calc.lost = item.points.sub(calc.earned);
  // Step 3 (content side): 追加扣分 via element_points, and exhausted_penalty when nothing is left.
  if (calc.earned.isZero() && item.exhausted_penalty !== undefined) calc.exhausted = item.exhausted_penalty;
  calc.charge = elementPoints.add(calc.exhausted);
  return calc;
}

/** Steps 1–5 for a (validated) bundle's findings against a standard. */
export function scoreFindings(std: Standard, findings: readonly Finding[], applies: Applies): ScoreCalc {
  const byItem = new Map<string, Finding>();
  for (const f of findings) if (!byItem.has(f.item)) byItem.set(f.item, f);
  const diagnostics: Diagnostic[] = [];
  const items: ItemCalc[] = [];
  const elements: ElementCalc[] = [];
  let index = 0;
  for (const top of std.elements) {
    let points = Rational.ZERO;
    let applicable = Rational.ZERO;
    let itemsEarned = Rational.ZERO;
    let charges = Rational.ZERO;
    for (const item of itemsOf(top)) {
      const c = scoreItem(item, top, index++, byItem.get(item.id), applies);
      items.push(c);
      points = points.add(item.points);
      if (!c.applicable) continue;
      applicable = applicable.add(item.points);
      itemsEarned = itemsEarned.add(c.earned);
      if (!c.charge.isZero()) charges = charges.add(c.charge);
    }
    // Step 3: the element's earned points never go below 0.
    const earned = Rational.max(Rational.ZERO, itemsEarned.sub(charges));
    const ec: ElementCalc = { element: top, points, applicable, na: points.sub(applicable), itemsEarned, charges, earned };
    if (!applicable.isZero()) ec.rate = earned.div(applicable);
    elements.push(ec);
  }

  const sum = (f: (e: ElementCalc) => Rational) => Rational.sum(elements.map(f));
  const points = sum((e) => e.points);
  const applicable = sum((e) => e.applicable);
  const earned = sum((e) => e.earned);
  const charges = sum((e) => e.charges);
  const { scale, round, model } = std.scoring;

  // Step 4.
  let raw = Rational.ZERO;
  if (model === "weighted") {
    let sw = Rational.ZERO;
    let acc = Rational.ZERO;
    for (const e of elements) {
      if (e.rate === undefined) continue;
      if (e.element.weight === undefined) {
        diagnostics.push(diag("BUN022", { element: e.element.id }));
        continue;
      }
      sw = sw.add(e.element.weight);
      acc = acc.add(e.element.weight.mul(e.rate));
    }
    if (sw.isZero()) {
      if (diagnostics.length === 0) diagnostics.push(diag("BUN021"));
    } else raw = acc.div(sw).mul(scale);
  } else if (applicable.isZero()) {
    diagnostics.push(diag("BUN021"));
  } else {
    raw = earned.div(applicable).mul(scale);
  }

  return {
    model,
    scale,
    round,
    items,
    elements,
    points,
    applicable,
    na: points.sub(applicable),
    earned,
    charges,
    raw,
    // Step 5: round once.
    score: raw.roundHalfUp(round),
    diagnostics,
  };
}

/** The formula with the numbers filled in, e.g. "得分 = 110 ÷ (200 − 40) × 100 = 68.75 → 68.8". */
export function formulaText(c: ScoreCalc): Text {
  const exact = c.raw.decimalPlaces() !== undefined;
  const raw = exact ? `= ${c.raw.toString()}` : `≈ ${c.raw.toFixed(6)}`;
  const rounded = c.score.toFixed(c.round);
  const scale = c.scale.toString();
  if (c.model === "weighted") {
    const terms = c.elements
      .filter((e) => e.rate !== undefined && e.element.weight !== undefined)
      .map((e) => `${e.element.weight!.toString()} × ${e.earned.toString()}/${e.applicable.toString()}`);
    const sw = Rational.sum(c.elements.filter((e) => e.rate !== undefined && e.element.weight !== undefined).map((e) => e.element.weight!));
    const filled = `(${terms.join(" + ")}) ÷ ${sw.toString()} × ${scale}`;
    return text(
      `得分 = Σ(权重 × 得分率) ÷ Σ权重 × ${scale} = ${filled} ${raw} → ${rounded}`,
      `score = Σ(weight × rate) ÷ Σweight × ${scale} = ${filled} ${raw} → ${rounded}`,
    );
  }
  const filled = `${c.earned.toString()} ÷ (${c.points.toString()} − ${c.na.toString()}) × ${scale}`;
  return text(
    `得分 = 实得分 ÷ (总分 − 不适用分) × ${scale} = ${filled} ${raw} → ${rounded}`,
    `score = earned ÷ (total − not applicable) × ${scale} = ${filled} ${raw} → ${rounded}`,
  );
}

export interface ResultTexts {
  grade_reasons: GradeReason[];
  formula: string;
}

export interface ResultInput {
  standard: Standard & { fingerprint?: string; chain?: string[] };
  bundle: Bundle;
  calc: ScoreCalc;
  grade: GradeOutcome;
  evidence: EvidenceFile[];
  /** Rendered for the written result (its contract has `message`). */
  diagnostics: DiagnosticJson[];
  /** The grade reasons' messages and the formula in the output language (render/result-text.ts). */
  texts: ResultTexts;
  version: string;
  manifest?: EvidenceFile;
  uncited?: string[];
}

// Whole numbers are most of the figures: skip the decimal formatting for them.
const n = (r: Rational): number => (r.d === 1n ? Number(r.n) : r.toNumber());

function deductionResult(d: DeductionCalc): DeductionResult {
  const out: DeductionResult = { id: d.deduction.id, text: d.deduction.text, points: n(d.deduction.points), count: d.count, lost: n(d.lost) };
  if (d.deduction.max !== undefined) out.max = n(d.deduction.max);
  if (d.deduction.element_points !== undefined) out.element_points = n(d.elementPoints);
  if (d.note !== undefined) out.note = d.note;
  return out;
}

/** Total impact first (points lost on the content plus 追加扣分), veto contents before all others. */
export function compareNonconformities(a: ItemCalc, b: ItemCalc): number {
  const va = a.item.veto !== false ? 0 : 1;
  const vb = b.item.veto !== false ? 0 : 1;
  return va - vb || b.lost.add(b.charge).cmp(a.lost.add(a.charge)) || a.index - b.index;
}

/** The plain JSON result (DESIGN.md "Result"). */
export function buildResult(input: ResultInput): ScoreResult {
  const { standard: std, bundle, calc, grade } = input;
  const items: ItemResult[] = calc.items.map((c) => {
    const r: ItemResult = {
      id: c.item.id,
      title: c.item.title,
      element: c.top.id,
      status: c.status,
      points: n(c.item.points),
      earned: n(c.earned),
      deductions: c.deductions.map(deductionResult),
      veto: c.item.veto === false ? false : c.item.veto === "all" ? true : { blocks: [...c.item.veto.blocks] },
      evidence: (c.finding?.evidence ?? []).map((e) => normalizeEvidencePath(e.path)),
    };
    if (c.reason !== undefined) r.reason = c.reason;
    if (!c.exhausted.isZero()) r.exhausted_penalty = n(c.exhausted);
    if (c.finding?.note !== undefined) r.note = c.finding.note;
    if (c.finding?.rectify_by !== undefined) r.rectify_by = c.finding.rectify_by;
    return r;
  });
  const elements: ElementResult[] = calc.elements.map((e) => {
    const r: ElementResult = {
      id: e.element.id,
      title: e.element.title,
      points: n(e.points),
      applicable_points: n(e.applicable),
      na_points: n(e.na),
      items_earned: n(e.itemsEarned),
      element_deductions: n(e.charges),
      earned_points: n(e.earned),
      rate: e.rate === undefined ? null : rateNumber(e.rate),
    };
    if (e.element.weight !== undefined) r.weight = n(e.element.weight);
    return r;
  });
  const nonconformities: Nonconformity[] = calc.items
    .filter((c) => c.applicable && c.status === "nonconform")
    .sort(compareNonconformities)
    .map((c) => {
      const r: Nonconformity = {
        item: c.item.id,
        title: c.item.title,
        element: c.top.id,
        element_title: c.top.title,
        veto: c.item.veto !== false,
        points: n(c.item.points),
        earned: n(c.earned),
        lost: n(c.lost),
        element_deductions: n(c.charge),
        deductions: c.deductions.map(deductionResult),
        evidence: (c.finding?.evidence ?? []).map((e) => normalizeEvidencePath(e.path)),
      };
      if (c.finding?.note !== undefined) r.note = c.finding.note;
      if (c.finding?.rectify_by !== undefined) r.rectify_by = c.finding.rectify_by;
      return r;
    });

  const standard: ScoreResult["standard"] = {
    id: std.id,
    title: std.title,
    tier: std.tier,
    region: std.region,
    fingerprint: std.fingerprint ?? "",
    model: calc.model,
    scale: n(calc.scale),
    round: calc.round,
    levels: std.grading.levels.map((l) => l.name),
  };
  if (std.version !== undefined) standard.version = std.version;
  if (std.chain !== undefined) standard.chain = [...std.chain];

  const result: ScoreResult = {
    stdz: 1,
    kind: "result",
    generated_by: { tool: "stdz", version: input.version },
    standard,
    enterprise: { ...bundle.enterprise },
    assessment: { ...bundle.assessment, assessors: [...bundle.assessment.assessors], ...(bundle.assessment.team ? { team: bundle.assessment.team.map((m) => ({ ...m })) } : {}) },
    ...(bundle.narrative ? { narrative: { ...bundle.narrative } } : {}),
    accidents: bundle.accidents.map((a) => ({ ...a.src })),
    total: n(std.total),
    applicable_points: n(calc.applicable),
    na_points: n(calc.na),
    earned_points: n(calc.earned),
    element_deductions: n(calc.charges),
    raw_score: calc.raw.toString(),
    score: Number(calc.score.toFixed(calc.round)),
    grade: grade.grade,
    grade_reasons: input.texts.grade_reasons,
    formula: input.texts.formula,
    elements,
    items,
    nonconformities,
    evidence: [...input.evidence].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    diagnostics: input.diagnostics,
  };
  if (input.manifest) result.manifest = input.manifest;
  if (input.uncited) result.uncited = [...input.uncited].sort();
  return result;
}
