import { Rational } from "../lib/rational.js";
import { collator } from "./aggregate.js";
import { collatedOrder } from "./collate.js";
import { UNSET_COUNTY } from "./row.js";
import type { ScoreResult } from "../scoring/result.js";

/**
 * 误差率 (DESIGN.md "Deviation"). No national text defines it; these formulas are ours:
 * score deviation = |R − A| ÷ A (0 when both are 0, 1 when only A is 0), on the rounded scores.
 */
export function scoreDeviation(reported: Rational, audited: Rational): Rational {
  if (audited.isZero()) return reported.isZero() ? Rational.ZERO : Rational.ONE;
  return reported.sub(audited).abs().div(audited);
}

export interface ContentDifference {
  item: string;
  title: string;
  reported: { status: string; earned: number; deductions: { id: string; count: number }[] };
  audited: { status: string; earned: number; deductions: { id: string; count: number }[] };
}

export interface PairDeviation {
  reported_score: number;
  audited_score: number;
  score_deviation: Rational;
  /** Contents whose status or earned points differ ÷ contents applicable in either result. */
  content_disagreement: Rational;
  differing: ContentDifference[];
  applicable_either: number;
  reported_grade: string;
  audited_grade: string;
  grade_mismatch: boolean;
  flagged: boolean;
}

/** Compare a reported result with an audited (spot-check) one of the same enterprise and standard. */
export function compareResults(reported: ScoreResult, audited: ScoreResult, threshold: Rational): PairDeviation {
  const r = Rational.fromNumber(reported.score);
  const a = Rational.fromNumber(audited.score);
  const auditedItems = new Map(audited.items.map((i) => [i.id, i]));
  const differing: ContentDifference[] = [];
  let applicable = 0;
  for (const ri of reported.items) {
    const ai = auditedItems.get(ri.id);
    if (!ai) continue;
    if (ri.status === "na" && ai.status === "na") continue;
    applicable++;
    if (ri.status !== ai.status || !Rational.fromNumber(ri.earned).eq(Rational.fromNumber(ai.earned))) {
      const side = (x: typeof ri) => ({ status: x.status, earned: x.earned, deductions: x.deductions.map((d) => ({ id: d.id, count: d.count })) });
      differing.push({ item: ri.id, title: ri.title, reported: side(ri), audited: side(ai) });
    }
  }
  const dev = scoreDeviation(r, a);
  return {
    reported_score: reported.score,
    audited_score: audited.score,
    score_deviation: dev,
    content_disagreement: applicable === 0 ? Rational.ZERO : Rational.of(differing.length, applicable),
    differing,
    applicable_either: applicable,
    reported_grade: reported.grade,
    audited_grade: audited.grade,
    grade_mismatch: reported.grade !== audited.grade,
    flagged: dev.gte(threshold),
  };
}

export interface RegisterDeviationRow<T> {
  group: string;
  reported: Rational;
  audited: Rational;
  reported_grade?: string;
  audited_grade?: string;
  data: T;
}

export interface EnterpriseDeviation<T> {
  group: string;
  reported: Rational;
  audited: Rational;
  score_deviation: Rational;
  reported_grade?: string;
  audited_grade?: string;
  /** Undefined when either grade is missing. */
  grade_mismatch?: boolean;
  flagged: boolean;
  data: T;
}

export interface GroupDeviation {
  group: string;
  sampled: number;
  flagged: number;
  /** flagged ÷ sampled. */
  flagged_share: Rational;
  group_flagged: boolean;
}

/** Register mode: per enterprise and per group (flagged share ≥ groupThreshold flags the group). */
export function registerDeviation<T>(
  rows: Iterable<RegisterDeviationRow<T>>,
  threshold: Rational,
  groupThreshold: Rational,
): { enterprises: EnterpriseDeviation<T>[]; groups: GroupDeviation[] } {
  const enterprises: EnterpriseDeviation<T>[] = [];
  const groups = new Map<string, { sampled: number; flagged: number }>();
  for (const row of rows) {
    const dev = scoreDeviation(row.reported, row.audited);
    const flagged = dev.gte(threshold);
    const e: EnterpriseDeviation<T> = { group: row.group, reported: row.reported, audited: row.audited, score_deviation: dev, flagged, data: row.data };
    if (row.reported_grade) e.reported_grade = row.reported_grade;
    if (row.audited_grade) e.audited_grade = row.audited_grade;
    if (row.reported_grade && row.audited_grade) e.grade_mismatch = row.reported_grade !== row.audited_grade;
    enterprises.push(e);
    const g = groups.get(row.group) ?? { sampled: 0, flagged: 0 };
    g.sampled++;
    if (flagged) g.flagged++;
    groups.set(row.group, g);
  }
  const out: GroupDeviation[] = groupOrder([...groups.keys()]).map((group) => {
    const g = groups.get(group)!;
    const share = Rational.of(g.flagged, g.sampled);
    return { group, sampled: g.sampled, flagged: g.flagged, flagged_share: share, group_flagged: share.gte(groupThreshold) };
  });
  return { enterprises, groups: out };
}

/** The flagged enterprises (the 复评名单), group by group in the groups' order, each group's in register order. */
export function reReviewEnterprises<T>(enterprises: readonly EnterpriseDeviation<T>[], groups: readonly GroupDeviation[]): EnterpriseDeviation<T>[] {
  const rank = new Map(groups.map((g, i) => [g.group, i]));
  // Array.prototype.sort is stable: register order within a group.
  return enterprises.filter((e) => e.flagged).sort((a, b) => rank.get(a.group)! - rank.get(b.group)!);
}

/**
 * Group names in the order stdz batch lists its counties: zh-CN collation (pinyin), ties in
 * UTF-16 order as batch breaks them, 未填 (an empty group cell) last.
 */
export function groupOrder(names: readonly string[]): string[] {
  // collatedOrder breaks ties by index: sorting by UTF-16 first makes those ties batch's.
  const sorted = names.filter((n) => n !== UNSET_COUNTY).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = Array.from(collatedOrder(sorted, collator), (i) => sorted[i]!);
  if (names.includes(UNSET_COUNTY)) out.push(UNSET_COUNTY);
  return out;
}

/** Why two results cannot be compared: different standards or different enterprises (undefined when they can). */
export type PairMismatch = { kind: "standard"; reported: string; audited: string } | { kind: "enterprise"; reported: string; audited: string };

function standardLabel(s: ScoreResult["standard"]): string {
  return `${s.id}${s.version !== undefined ? ` v${s.version}` : ""} (${s.fingerprint.slice(0, 12)})`;
}

function enterpriseLabel(e: ScoreResult["enterprise"]): string {
  return e.credit_code ? `${e.name} ${e.credit_code}` : e.name;
}

/**
 * Same standard means the same compiled content (fingerprint), not just the same id; the same
 * enterprise means the same credit code, or the same name when either result has none.
 */
export function pairMismatch(reported: ScoreResult, audited: ScoreResult): PairMismatch | undefined {
  const rs = reported.standard;
  const as = audited.standard;
  if (rs.id !== as.id || rs.fingerprint !== as.fingerprint) return { kind: "standard", reported: standardLabel(rs), audited: standardLabel(as) };
  const re = reported.enterprise;
  const ae = audited.enterprise;
  const same = re.credit_code && ae.credit_code ? re.credit_code === ae.credit_code : re.name.trim() === ae.name.trim();
  if (!same) return { kind: "enterprise", reported: enterpriseLabel(re), audited: enterpriseLabel(ae) };
  return undefined;
}
