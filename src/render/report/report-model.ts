// What report templates see: the ScoreResult as it is, plus a `view` of figures derived from it
// (counts, 不适用 contents with readable reasons, elements that failed a rate condition).
import { NARRATIVE_KEYS, type Accident, type ElementResult, type ItemResult, type Nonconformity, type ScoreResult } from "../../core/scoring/result.js";
import { Rational } from "../../core/lib/rational.js";
import { label, ruleLabel, type LabelLang } from "./report-labels.js";

/**
 * Weighted model: each first-level element's share of the score, weight × rate ÷ Σ weight × scale, to 2 places
 * ("—" for an element without a rate or a weight); Σ weight runs over the elements with a rate, as in the score.
 */
export function contributions(result: ScoreResult): Record<string, string> {
  const rated = result.elements.filter((el) => el.rate !== null && el.weight !== undefined && el.weight !== null);
  const sw = Rational.sum(rated.map((el) => Rational.fromNumber(el.weight!)));
  const scale = Rational.fromNumber(result.standard.scale);
  const out: Record<string, string> = {};
  for (const el of result.elements)
    out[el.id] =
      el.rate === null || el.weight === undefined || el.weight === null || sw.isZero() || el.applicable_points === 0
        ? "—"
        : Rational.fromNumber(el.weight)
            .mul(Rational.fromNumber(el.earned_points))
            .div(Rational.fromNumber(el.applicable_points))
            .div(sw)
            .mul(scale)
            .toFixed(2);
  return out;
}

export interface NaItem {
  id: string;
  title: string;
  element: string;
  element_title: string;
  points: number;
  /** The reason as recorded (`applies_when` for a false condition). */
  reason: string;
  /** The reason for people: the recorded text, or a sentence for `applies_when`. */
  reason_text: string;
  /** True when the standard's condition, not the assessor, made the content 不适用. */
  by_condition: boolean;
}

export interface NonconformityGroup {
  element: string;
  element_title: string;
  /** The group's nonconformities, each with `seq`, its 1-based number across the whole list. */
  items: (Nonconformity & { seq: number })[];
}

/** One of the review team's own sections, numbered as printed: （一）企业概况 … */
export interface NarrativeSection {
  key: string;
  number: string;
  title: string;
  /** The text split into paragraphs at blank lines or line breaks. */
  paragraphs: string[];
}

export interface TeamRow {
  role: string;
  name: string;
  qualification: string;
}

export interface ReportView {
  /** 安全生产标准化自评报告 / 评审报告 / 抽查报告. */
  title: string;
  qualified: boolean;
  summary: { items: number; conform: number; nonconform: number; na: number; nonconformities: number; veto: number; na_points: number };
  na_items: NaItem[];
  /** The 整改清单 in result order, in runs of the same first-level element, numbered throughout. */
  nonconformity_groups: NonconformityGroup[];
  /** Element ids named by a failed min_element_rate condition → true. */
  low_elements: Record<string, true>;
  /** Element id → the lowest min_element_rate it failed, so its rate is never printed as reaching it. */
  low_element_bounds: Record<string, number>;
  /** The lowest min_element_rate a missed level asked for, for the chart's reference line. */
  min_element_rate: number | null;
  has_weights: boolean;
  /** Σ of the elements' weights (weighted model), exact to 4 places. */
  weight_total: number | null;
  /** Weighted model: element id → its contribution to the score (see `contributions`). */
  contributions: Record<string, string>;
  /** Σ of the elements' content earnings before 追加扣分. */
  items_earned: number;
  has_element_deductions: boolean;
  accidents_total: { deaths: number; serious_injuries: number; minor_injuries: number; direct_loss: number };
  evidence_bytes: number;
  /** The result's diagnostics (warnings and notes from scoring). */
  notes: ScoreResult["diagnostics"];
  /** The team's own words, in the contract's order, only those given. */
  narrative: NarrativeSection[];
  /** The review team for the signature table (leader first), empty when the bundle gives none. */
  team: TeamRow[];
  /** Who assessed, for the cover: the organisation, 企业自评, or a note that it is missing — never the enterprise as issuer. */
  issuer: string;
  /** The risk colour's label (红（重大风险）…), when the bundle gives one. */
  risk_label: string | null;
  /** The banner of a result file edited after scoring (its digest no longer matches), else null. */
  edited_banner: string | null;
}

/** An element that combines child elements, with its rule in words and its children. */
export interface PartView {
  id: string;
  title: string;
  aggregate: string;
  rule: string;
  rate: number | null;
  children: ElementResult[];
}

export interface ExtensionView {
  /** Elements with children at any level, when the standard combines any of them other than by pooling. */
  parts: PartView[];
  has_prerequisites: boolean;
  has_accident_classes: boolean;
}

export type ReportModel = ScoreResult & { view: ReportView & ExtensionView };

/** DESIGN.md extension 5: elements that combine their children, shown with their rule. */
export function partsOf(elements: readonly ElementResult[], lang: LabelLang): PartView[] {
  const all: ElementResult[] = [];
  const walk = (els: readonly ElementResult[]) => {
    for (const e of els) {
      all.push(e);
      walk(e.children ?? []);
    }
  };
  walk(elements);
  // A standard that only pools shows its nested parts as before (in the element table); nothing new.
  if (!all.some((e) => e.aggregate !== undefined && e.aggregate !== "pool")) return [];
  return all
    .filter((e) => (e.children ?? []).length > 0)
    .map((e) => ({
      id: e.id,
      title: e.title,
      aggregate: e.aggregate ?? "pool",
      rule: ruleLabel(e.aggregate ?? "pool", e.title, e.children!.length, lang),
      rate: e.rate,
      children: e.children!,
    }));
}

function sum<T>(xs: readonly T[], f: (x: T) => number | undefined): number {
  // Accident counts are integers and losses have at most 2 decimals: sum in hundredths.
  return xs.reduce((s, x) => s + Math.round((f(x) ?? 0) * 100), 0) / 100;
}

/** `edited`: the result no longer matches its digest (checked by the caller, who read the file). */
export function reportModel(result: ScoreResult, lang: LabelLang = "zh", opts: { edited?: boolean } = {}): ReportModel {
  const elementTitle = new Map<string, string>(result.elements.map((e: ElementResult) => [e.id, e.title]));
  const items = result.items ?? [];
  const na_items: NaItem[] = items
    .filter((i: ItemResult) => i.status === "na")
    .map((i) => {
      const byCondition = i.reason === "applies_when";
      const reason = i.reason ?? "";
      return {
        id: i.id,
        title: i.title,
        element: i.element,
        element_title: elementTitle.get(i.element) ?? "",
        points: i.points,
        reason,
        reason_text: byCondition ? label("applies_when", lang)! : reason,
        by_condition: byCondition,
      };
    });
  const low_elements: Record<string, true> = {};
  const low_element_bounds: Record<string, number> = {};
  let minRate: number | null = null;
  for (const r of result.grade_reasons ?? []) {
    if (r.condition !== "min_element_rate") continue;
    const req = typeof r.required === "number" ? r.required : Number(r.required);
    if (r.element) {
      low_elements[r.element] = true;
      if (Number.isFinite(req)) low_element_bounds[r.element] = Math.min(low_element_bounds[r.element] ?? req, req);
    }
    if (Number.isFinite(req)) minRate = minRate === null ? req : Math.min(minRate, req);
  }
  const accidents: Accident[] = result.accidents ?? [];
  const nonconformities = result.nonconformities ?? [];
  // Each element heads one group, in the standard's order; within it the result's order holds
  // (veto items first, then by points lost). Numbering runs through the groups as printed.
  const order = new Map(result.elements.map((e, i) => [e.id, i]));
  const byElement = new Map<string, NonconformityGroup>();
  for (const n of nonconformities) {
    let g = byElement.get(n.element);
    if (!g) byElement.set(n.element, (g = { element: n.element, element_title: n.element_title, items: [] }));
    g.items.push({ ...n, seq: 0 });
  }
  const groups = [...byElement.values()].sort((a, b) => (order.get(a.element) ?? Infinity) - (order.get(b.element) ?? Infinity));
  let seq = 0;
  for (const g of groups) for (const n of g.items) n.seq = ++seq;
  const kind = result.assessment?.kind ?? "self";
  const NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八"];
  const narrative: NarrativeSection[] = NARRATIVE_KEYS.filter((k) => (result.narrative?.[k] ?? "").trim() !== "").map((k, i) => ({
    key: k,
    number: lang === "en" ? `${i + 1}.` : `（${NUMBERS[i]}）`,
    title: label(`narrative_${k}_${kind}`, lang) ?? label(`narrative_${k}`, lang) ?? k,
    paragraphs: result
      .narrative![k]!.split(/\r?\n\s*\r?\n|\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  }));
  const ROLE_ORDER = ["组长", "技术专家", "组员"];
  const team: TeamRow[] = [...(result.assessment?.team ?? [])]
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
    .map((m) => ({ role: label(`role_${m.role}`, lang) ?? m.role, name: m.name, qualification: m.qualification ?? "" }));
  const issuer = kind === "self" ? label("issued_self", lang)! : (result.assessment?.organisation ?? `（${label("organisation_missing", lang)}）`);
  const risk = result.enterprise?.risk;
  return {
    ...result,
    view: {
      title: label(`report_${result.assessment?.kind ?? "self"}`, lang) ?? label("report_self", lang)!,
      qualified: result.grade !== "未达标",
      summary: {
        items: items.length,
        conform: items.filter((i) => i.status === "conform").length,
        nonconform: items.filter((i) => i.status === "nonconform").length,
        na: na_items.length,
        nonconformities: nonconformities.length,
        veto: nonconformities.filter((n) => n.veto).length,
        na_points: result.na_points,
      },
      na_items,
      nonconformity_groups: groups,
      low_elements,
      low_element_bounds,
      min_element_rate: minRate,
      has_weights: result.elements.some((e) => e.weight !== undefined && e.weight !== null),
      weight_total: result.elements.some((e) => typeof e.weight === "number")
        ? result.elements.reduce((t, e) => t + Math.round((e.weight ?? 0) * 10000), 0) / 10000
        : null,
      contributions: contributions(result),
      items_earned: result.elements.reduce((t, e) => t + Math.round(e.items_earned * 100), 0) / 100,
      has_element_deductions: result.elements.some((e) => e.element_deductions > 0),
      accidents_total: {
        deaths: sum(accidents, (a) => a.deaths),
        serious_injuries: sum(accidents, (a) => a.serious_injuries),
        minor_injuries: sum(accidents, (a) => a.minor_injuries),
        direct_loss: sum(accidents, (a) => a.direct_loss),
      },
      evidence_bytes: (result.evidence ?? []).reduce((s, e) => s + (e.bytes ?? 0), 0),
      notes: result.diagnostics ?? [],
      narrative,
      team,
      issuer,
      risk_label: risk ? (label(`risk_${risk}`, lang) ?? String(risk)) : null,
      edited_banner: opts.edited ? label("result_edited", lang)! : null,
      parts: partsOf(result.elements, lang),
      has_prerequisites: (result.prerequisites ?? []).length > 0,
      has_accident_classes: accidents.some((a) => a.class !== undefined),
    },
  };
}
