import type { AccidentRecord } from "./bundle.js";
import { addMonths, formatYmd, parseIsoDate } from "../lib/dates.js";
import {
  ACCIDENT_FIELDS,
  windowsOf,
  withinLimit,
  isStrictLimit,
  limitValue,
  type AccidentField,
  type Level,
  type Limit,
  type Standard,
} from "../standard/model.js";
import { extraWindowReasons, windowAccidents, windowRange } from "./performance.js";
import { elementFloor, extensionReasons, type LevelContext } from "./levels.js";
import { percent, percentExact } from "../lib/percent.js";
import { Rational } from "../lib/rational.js";

export { percent };
import { NOT_QUALIFIED, type GradeReason } from "./result.js";
import { text, type Text } from "../lib/text.js";
import type { ItemCalc, ScoreCalc } from "./score.js";

/** DESIGN.md step 6: levels from the highest; the first one met is the grade. Pure. */

/** A reason as the grading finds it: its message in both languages (the result file holds one). */
export type GradeFinding = Omit<GradeReason, "message"> & { message: Text };

export interface LevelCheck {
  level: string;
  met: boolean;
  reasons: GradeFinding[];
  /** The performance window, when the level has one: both ends inclusive. */
  window?: { from: string; to: string };
}

export interface GradeOutcome {
  grade: string;
  /** For each level above the one awarded, every condition that failed. */
  reasons: GradeFinding[];
  levels: LevelCheck[];
}

const FIELD_ZH: Record<AccidentField, [string, string]> = {
  deaths: ["死亡", "人"],
  serious_injuries: ["重伤", "人"],
  minor_injuries: ["轻伤", "人"],
  direct_loss: ["直接经济损失", "万元"],
  occupational_disease: ["职业病", "人"],
};
const FIELD_EN: Record<AccidentField, [string, string]> = {
  deaths: ["deaths", ""],
  serious_injuries: ["serious injuries", ""],
  minor_injuries: ["minor injuries", ""],
  direct_loss: ["direct loss", " (10k CNY)"],
  occupational_disease: ["occupational disease cases", ""],
};

/** The rounded score as written in messages: exactly `round` decimals. */
const scoreText = (c: ScoreCalc) => c.score.toFixed(c.round);

/**
 * Rate with at most 6 decimals, as in the JSON result: cut, not rounded, so a rate that failed a
 * bound is never written as reaching it (0.8499995 is 0.849999, not 0.85).
 */
export const rateNumber = (r: Rational): number => {
  const scale = 1_000_000n;
  return Number(Rational.of(r.mul(Rational.of(scale)).floor(), scale).toFixed(6));
};

function vetoBlocks(c: ItemCalc, level: string): boolean {
  const v = c.item.veto;
  if (v === false) return false;
  return v === "all" || v.blocks.includes(level);
}

/** The window of `months` months before `date` through `date`, clamped to the month's end. */
export function performanceWindow(date: string, months: number): { from: string; to: string } | undefined {
  const d = parseIsoDate(date);
  if (!d) return undefined;
  return { from: formatYmd(addMonths(d, -months)), to: date };
}

/** The words of a failed accident limit: the field's name and unit in both languages, the operator and the bound. */
function limitWords(f: AccidentField, cap: Limit): { n: string; u: string; ne: string; ue: string; op: string; capText: string } {
  const [n, u] = FIELD_ZH[f];
  const [ne, ue] = FIELD_EN[f];
  return { n, u, ne, ue, op: isStrictLimit(cap) ? "≥" : ">", capText: limitValue(cap).toString() };
}

export function checkLevel(level: Level, c: ScoreCalc, accidents: readonly AccidentRecord[], assessmentDate: string, ctx: LevelContext = {}): LevelCheck {
  const reasons: GradeFinding[] = [];
  const name = level.name;
  if (c.score.lt(level.min_score)) {
    const s = scoreText(c);
    const m = level.min_score.toString();
    reasons.push({
      level: name,
      condition: "min_score",
      actual: Number(s),
      required: level.min_score.toNumber(),
      message: text(`得分 ${s} < ${m}`, `score ${s} < ${m}`),
    });
  }
  if (level.min_element_rate !== undefined) {
    for (const e of c.elements) {
      const min = elementFloor(level, e.element.id);
      if (min === undefined || e.rate === undefined || e.rate.gte(min)) continue;
      const a = percent(e.rate, min);
      const r = percentExact(min);
      reasons.push({
        level: name,
        condition: "min_element_rate",
        actual: rateNumber(e.rate),
        required: min.toNumber(),
        element: e.element.id,
        message: text(`类目 ${e.element.id} 得分率 ${a}% < ${r}%`, `element ${e.element.id} rate ${a}% < ${r}%`),
      });
    }
  }
  let window: { from: string; to: string } | undefined;
  for (const perf of windowsOf(level)) {
    const range = windowRange(perf, assessmentDate);
    // The result keeps one window per level: the first one with dates.
    if (window === undefined && range?.from !== undefined) window = { from: range.from, to: range.to };
    const inWindow = windowAccidents(perf, accidents, assessmentDate);
    const within = perf.ever ? text("企业成立以来", "ever") : text(`${perf.months}个月内`, `within ${perf.months} months`);
    for (const f of ACCIDENT_FIELDS) {
      const cap = perf.max_total?.[f];
      if (cap === undefined) continue;
      const total = Rational.sum(inWindow.map((a) => a.values[f]));
      if (withinLimit(total, cap)) continue;
      const { n, u, ne, ue, op, capText } = limitWords(f, cap);
      reasons.push({
        level: name,
        condition: "performance",
        actual: total.toNumber(),
        required: limitValue(cap).toNumber(),
        message: text(`${within.zh}${n} ${total.toString()} ${u} ${op} ${capText}`, `${ne} ${within.en}: ${total.toString()}${ue} ${op} ${capText}`),
      });
    }
    for (const f of ACCIDENT_FIELDS) {
      const cap = perf.max_per_accident?.[f];
      if (cap === undefined) continue;
      for (const a of inWindow) {
        const v = a.values[f];
        if (withinLimit(v, cap)) continue;
        const { n, u, ne, ue, op, capText } = limitWords(f, cap);
        reasons.push({
          level: name,
          condition: "performance",
          actual: v.toNumber(),
          required: limitValue(cap).toNumber(),
          message: text(
            `${within.zh}单起事故${n} ${v.toString()} ${u} ${op} ${capText}（${a.src.date}）`,
            `one accident ${within.en} with ${ne} ${v.toString()}${ue} ${op} ${capText} (${a.src.date})`,
          ),
        });
      }
    }
    reasons.push(...extraWindowReasons(level, perf, inWindow, ctx.profile?.employees));
  }
  for (const ic of c.items) {
    if (!ic.applicable || ic.status !== "nonconform" || !vetoBlocks(ic, name)) continue;
    reasons.push({
      level: name,
      condition: "veto",
      actual: ic.item.id,
      required: "conform",
      item: ic.item.id,
      message: text(`否决项 ${ic.item.id} 不符合`, `veto item ${ic.item.id} not met`),
    });
  }
  reasons.push(...extensionReasons(level, ctx));
  const out: LevelCheck = { level: name, met: reasons.length === 0, reasons };
  if (window) out.window = window;
  return out;
}

/** Try the levels highest first; none met is 未达标. */
export function gradeScore(
  std: Pick<Standard, "grading">,
  c: ScoreCalc,
  accidents: readonly AccidentRecord[],
  assessmentDate: string,
  appliedLevel?: string,
): GradeOutcome {
  const levels: LevelCheck[] = [];
  const reasons: GradeFinding[] = [];
  const names = std.grading.levels.map((l) => l.name);
  const applied = appliedLevel !== undefined ? names.indexOf(appliedLevel) : -1;
  for (const [i, level] of std.grading.levels.entries()) {
    const ctx: LevelContext = { prerequisites: c.prerequisites };
    if (c.profile !== undefined) ctx.profile = c.profile;
    if (applied > i && appliedLevel !== undefined) ctx.aboveApplied = { applied: appliedLevel };
    const check = checkLevel(level, c, accidents, assessmentDate, ctx);
    levels.push(check);
    if (check.met) return { grade: level.name, reasons, levels };
    reasons.push(...check.reasons);
  }
  return { grade: NOT_QUALIFIED, reasons, levels };
}
