// The plain JSON result (DESIGN.md "Result") from a score calculation and a grade, and the
// score's formula with its numbers filled in. Pure.
import { type DiagnosticJson } from "../../diagnostics.js";
import { text, type Text } from "../lib/text.js";
import { normalizeEvidencePath, type Bundle } from "./bundle.js";
import { rateNumber, type GradeOutcome } from "./grade.js";
import { type Standard } from "../standard/model.js";
import { Rational } from "../lib/rational.js";
import type { DeductionResult, ElementResult, EvidenceFile, GradeReason, ItemResult, Nonconformity, PrerequisiteResult, ScoreResult } from "./result.js";
import { accidentClass } from "./performance.js";
import type { DeductionCalc, ElementCalc, ItemCalc, ScoreCalc } from "./score.js";

/** The formula with the numbers filled in, e.g. "得分 = 110 ÷ (200 − 40) × 100 = 68.75 → 68.8". */
export function formulaText(c: ScoreCalc): Text {
  const exact = c.raw.decimalPlaces() !== undefined;
  const raw = exact ? `= ${c.raw.toString()}` : `≈ ${c.raw.toFixed(6)}`;
  const rounded = c.score.toFixed(c.round);
  const scale = c.scale.toString();
  if (c.model === "weighted") {
    const terms = c.elements
      .filter((e) => e.rate !== undefined && e.weight !== undefined)
      .map((e) => `${e.weight!.toString()} × ${e.earned.toString()}/${e.applicable.toString()}`);
    const sw = Rational.sum(c.elements.filter((e) => e.rate !== undefined && e.weight !== undefined).map((e) => e.weight!));
    // An unmet prerequisite's cut comes off the weighted score (DESIGN.md extension 1).
    const filled = `(${terms.join(" + ")}) ÷ ${sw.toString()} × ${scale}${c.cut.isZero() ? "" : ` − ${c.cut.toString()}`}`;
    return text(
      `得分 = Σ(权重 × 得分率) ÷ Σ权重 × ${scale} = ${filled} ${raw} → ${rounded}`,
      `score = Σ(weight × rate) ÷ Σweight × ${scale} = ${filled} ${raw} → ${rounded}`,
    );
  }
  // The cut of unmet prerequisites comes off the earned points (DESIGN.md extension 1).
  const earned = c.cut.isZero() ? c.earned.toString() : `(${c.earned.add(c.cut).toString()} − ${c.cut.toString()})`;
  const filled = `${earned} ÷ (${c.points.toString()} − ${c.na.toString()}) × ${scale}`;
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
  const elementResult = (e: ElementCalc): ElementResult => {
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
    if (e.weight !== undefined) r.weight = n(e.weight);
    r.aggregate = e.aggregate;
    if (e.children.length > 0) r.children = e.children.map(elementResult);
    return r;
  };
  const elements: ElementResult[] = calc.elements.map(elementResult);
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
  const texts = std.grading.levels.flatMap((l) => (l.text !== undefined ? [{ name: l.name, text: l.text }] : []));
  if (texts.length > 0) standard.level_texts = texts;

  const result: ScoreResult = {
    stdz: 1,
    kind: "result",
    generated_by: { tool: "stdz", version: input.version },
    standard,
    enterprise: { ...bundle.enterprise },
    assessment: {
      ...bundle.assessment,
      assessors: [...bundle.assessment.assessors],
      ...(bundle.assessment.team ? { team: bundle.assessment.team.map((m) => ({ ...m })) } : {}),
    },
    ...(bundle.narrative ? { narrative: { ...bundle.narrative } } : {}),
    accidents: bundle.accidents.map((a) => ({ ...a.src, class: accidentClass(a.values) })),
    total: n(std.total),
    applicable_points: n(calc.applicable),
    na_points: n(calc.na),
    earned_points: n(calc.earned),
    element_deductions: n(calc.charges),
    raw_score: calc.raw.toString(),
    score: Number(calc.score.toFixed(calc.round)),
    score_text: calc.score.toFixed(calc.round),
    grade: grade.grade,
    grade_reasons: input.texts.grade_reasons,
    formula: input.texts.formula,
    elements,
    items,
    nonconformities,
    evidence: [...input.evidence].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    diagnostics: input.diagnostics,
  };
  if (std.prerequisites !== undefined) {
    const rates = new Map(std.prerequisites.map((p) => [p.id, p.deduct_total_rate]));
    result.prerequisites = calc.prerequisites.map((p) => {
      const r: PrerequisiteResult = { id: p.id, text: p.text, met: p.met, blocks: p.blocks === "all" ? "all" : [...p.blocks] };
      const rate = rates.get(p.id);
      if (rate !== undefined) r.deduct_total_rate = n(rate);
      if (p.note !== undefined) r.note = p.note;
      return r;
    });
    result.prerequisite_cut = n(calc.cut);
  }
  if (
    calc.zeroes.length > 0 ||
    std.elements.some(function usesZeroes(e): boolean {
      return e.items.some((i) => i.deductions.some((d) => d.zeroes !== undefined)) || e.elements.some(usesZeroes);
    })
  ) {
    result.zeroes = calc.zeroes.map((z) => ({ ...z }));
  }
  if (input.manifest) result.manifest = input.manifest;
  if (input.uncited) result.uncited = [...input.uncited].sort();
  return result;
}
