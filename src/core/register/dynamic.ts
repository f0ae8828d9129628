// 动态管理: what a department follows up on among graded enterprises on a given day —
// certificates expired or expiring (re-review is applied for 3 months before expiry),
// annual self-assessments overdue, and downgrade candidates whose spot-check (or review)
// score falls below their grade's threshold.
import { addMonths, parseIsoDate, toDayNumber, formatYmd, fromDayNumber } from "../lib/dates.js";
import { GRADE_RANK, isQualified, microText } from "./values.js";
import { type RegisterRow, type Thresholds } from "./row.js";
import { certificateExpiry } from "./qualified.js";

export const DYNAMIC_KINDS = ["expired", "expiring", "self_assessment_overdue", "downgrade"] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

export const DYNAMIC_LABEL: Record<DynamicKind, { zh: string; en: string }> = {
  expired: { zh: "证书已过期", en: "certificate expired" },
  expiring: { zh: "证书即将到期", en: "certificate expiring" },
  self_assessment_overdue: { zh: "年度自评逾期", en: "self-assessment overdue" },
  downgrade: { zh: "降级候选", en: "downgrade candidate" },
};

export interface DynamicFlag {
  kind: DynamicKind;
  /** Why, in Chinese and English. */
  zh: string;
  en: string;
}

export interface DynamicOptions {
  /** ISO date the check is made on. */
  asOf: string;
  thresholds: Thresholds;
  /** Certificates expiring within this many days of asOf (inclusive) are flagged. Default 90. */
  expiringDays?: number;
  /** A self-assessment older than this many months is overdue. Default 12. */
  selfAssessmentMonths?: number;
  /** Whether the register has a 最近自评日期 column at all (no column: no self-assessment check). */
  hasSelfAssessment: boolean;
}

const NONE = Object.freeze([]) as unknown as DynamicFlag[];

/** Precomputed days for a check date. */
export class DynamicChecker {
  private readonly asOfDay: number;
  /** The last expiry date that still counts as "expiring" (asOf + expiringDays), ISO. */
  private readonly expiringUntil: string;
  private readonly selfLimit: string;
  private readonly expiringDays: number;

  constructor(private readonly opts: DynamicOptions) {
    const d = parseIsoDate(opts.asOf);
    if (!d) throw new RangeError(`not a date: ${opts.asOf}`);
    this.asOfDay = toDayNumber(d);
    this.selfLimit = formatYmd(addMonths(d, -(opts.selfAssessmentMonths ?? 12)));
    this.expiringDays = opts.expiringDays ?? 90;
    this.expiringUntil = formatYmd(fromDayNumber(this.asOfDay + this.expiringDays));
  }

  /** Expiry: 有效期至, else the issue date + 3 years (the one rule of qualified.ts). */
  expiry(row: Pick<RegisterRow, "valid_until" | "issued">): { date: string; derived: boolean } | undefined {
    return certificateExpiry(row);
  }

  flags(row: RegisterRow): DynamicFlag[] {
    if (!isQualified(row.grade)) return NONE;
    const grade = row.grade as "一级" | "二级" | "三级" | "小微达标";
    // The common case decided on ISO strings (they compare as dates), without allocating.
    const s = row.audit_score ?? row.score;
    const quiet =
      (row.valid_until ? row.valid_until > this.expiringUntil : !row.issued) &&
      (!this.opts.hasSelfAssessment || (row.last_self_assessment ? row.last_self_assessment >= this.selfLimit : !row.issued || row.issued >= this.selfLimit)) &&
      (s === undefined || s.micro >= this.opts.thresholds[grade]) &&
      (row.audit_grade === undefined || GRADE_RANK[row.audit_grade] <= GRADE_RANK[grade]);
    if (quiet) return NONE;
    const out: DynamicFlag[] = [];

    const exp = this.expiry(row);
    if (exp) {
      const days = toDayNumber(parseIsoDate(exp.date)!) - this.asOfDay;
      const how = exp.derived ? { zh: "（按发证日期推算）", en: " (from the issue date)" } : { zh: "", en: "" };
      if (days < 0)
        out.push({
          kind: "expired",
          zh: `有效期至 ${exp.date}${how.zh}，已过期 ${-days} 天`,
          en: `valid until ${exp.date}${how.en}, expired ${-days} days ago`,
        });
      else if (days <= this.expiringDays)
        out.push({
          kind: "expiring",
          zh: `有效期至 ${exp.date}${how.zh}，还有 ${days} 天到期，应申请复评`,
          en: `valid until ${exp.date}${how.en}, expires in ${days} days: apply for re-review`,
        });
    }

    if (this.opts.hasSelfAssessment) {
      const months = this.opts.selfAssessmentMonths ?? 12;
      if (row.last_self_assessment) {
        if (row.last_self_assessment < this.selfLimit)
          out.push({
            kind: "self_assessment_overdue",
            zh: `最近自评 ${row.last_self_assessment}，已超过 ${months} 个月`,
            en: `last self-assessment ${row.last_self_assessment}, more than ${months} months ago`,
          });
      } else if (row.issued && row.issued < this.selfLimit) {
        out.push({
          kind: "self_assessment_overdue",
          zh: `无自评记录，发证日期 ${row.issued} 已超过 ${months} 个月`,
          en: `no self-assessment on record; issued ${row.issued}, more than ${months} months ago`,
        });
      }
    }

    const reasons: Array<{ zh: string; en: string }> = [];
    const threshold = this.opts.thresholds[grade];
    if (s !== undefined && s.micro < threshold) {
      const which = row.audit_score ? { zh: "抽查得分", en: "spot-check score" } : { zh: "评审得分", en: "review score" };
      reasons.push({
        zh: `${which.zh} ${s.text} 低于${grade}分数线 ${microText(threshold)}`,
        en: `${which.en} ${s.text} is below the ${grade} threshold ${microText(threshold)}`,
      });
    }
    if (row.audit_grade !== undefined && GRADE_RANK[row.audit_grade] > GRADE_RANK[grade]) {
      reasons.push({ zh: `抽查等级 ${row.audit_grade} 低于 ${grade}`, en: `spot-check grade ${row.audit_grade} is below ${grade}` });
    }
    if (reasons.length) out.push({ kind: "downgrade", zh: reasons.map((r) => r.zh).join("；"), en: reasons.map((r) => r.en).join("; ") });
    return out;
  }
}
