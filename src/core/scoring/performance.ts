import { CLASS_EN, reasonText } from "../../codes/reasons.js";
import type { Text } from "../lib/text.js";
import type { AccidentRecord } from "./bundle.js";
import { addMonths, formatYmd, parseIsoDate } from "../lib/dates.js";
import {
  ACCIDENT_CLASSES,
  isStrictLimit,
  limitValue,
  withinLimit,
  type AccidentClass,
  type AccidentField,
  type Level,
  type Limit,
  type Performance,
} from "../standard/model.js";
import { Rational } from "../lib/rational.js";
import type { GradeFinding } from "./grade.js";

/** DESIGN.md extension 8: accident classes, windows as published, counts by class and rates per 1000. Pure. */

const THRESHOLDS: [AccidentClass, number, number, number][] = [
  // class, deaths, serious injuries, direct loss (万元): 以上 includes the bound.
  ["特别重大", 30, 100, 10000],
  ["重大", 10, 50, 5000],
  ["较大", 3, 10, 1000],
];

/** The class of an accident per 《生产安全事故报告和调查处理条例》 第三条. */
export function accidentClass(v: Readonly<Record<AccidentField, Rational>>): AccidentClass {
  for (const [cls, d, s, l] of THRESHOLDS) {
    if (v.deaths.gte(Rational.of(d)) || v.serious_injuries.gte(Rational.of(s)) || v.direct_loss.gte(Rational.of(l))) return cls;
  }
  return "一般";
}

const rank = (c: AccidentClass): number => ACCIDENT_CLASSES.indexOf(c);

/** The window's dates, both inclusive; `from` is absent for `ever`. */
export function windowRange(perf: Performance, date: string): { from?: string; to: string } | undefined {
  if (perf.ever || perf.months === undefined) return { to: date };
  const d = parseIsoDate(date);
  if (!d) return undefined;
  return { from: formatYmd(addMonths(d, -perf.months)), to: date };
}

/** The accidents a window counts: in its dates, of its kinds, and contractors' only when included. */
export function windowAccidents(perf: Performance, accidents: readonly AccidentRecord[], date: string): AccidentRecord[] {
  const w = windowRange(perf, date);
  if (!w) return [];
  return accidents.filter(
    (a) =>
      a.src.date <= w.to &&
      (w.from === undefined || a.src.date >= w.from) &&
      (perf.kinds === undefined || (a.src.kind !== undefined && perf.kinds.includes(a.src.kind))) &&
      (perf.include_contractor !== false || a.src.contractor !== true),
  );
}

const opText = (l: Limit): string => (isStrictLimit(l) ? "≥" : ">");
const windowText = (perf: Performance): Text => (perf.ever ? reasonText("window_ever") : reasonText("window_months", { months: perf.months ?? 0 }));
const RATE_FIELD: Record<AccidentField, [string, string]> = {
  deaths: ["死亡", "deaths"],
  serious_injuries: ["重伤", "serious injuries"],
  minor_injuries: ["轻伤", "minor injuries"],
  direct_loss: ["直接经济损失", "direct loss"],
  occupational_disease: ["职业病", "occupational disease cases"],
};

/** A rate written for people: exact when it terminates within 4 places, else 4 places. */
const rateText = (r: Rational): string => {
  const p = r.decimalPlaces();
  return p !== undefined && p <= 4 ? r.toString() : r.toFixed(4);
};

/**
 * The limits a window adds beyond max_total / max_per_accident: `max_count` by class and
 * `max_rate_per_1000`. `employees` must be positive when a rate is asked for (the bundle check says so).
 */
export function extraWindowReasons(level: Level, perf: Performance, inWindow: readonly AccidentRecord[], employees: number | undefined): GradeFinding[] {
  const out: GradeFinding[] = [];
  for (const cls of ACCIDENT_CLASSES) {
    const lim = perf.max_count?.[cls];
    if (lim === undefined) continue;
    const count = inWindow.filter((a) => rank(accidentClass(a.values)) >= rank(cls)).length;
    if (withinLimit(Rational.of(count), lim)) continue;
    out.push({
      level: level.name,
      condition: "performance",
      actual: count,
      required: limitValue(lim).toNumber(),
      message: reasonText("max_count", {
        window: windowText(perf),
        class: cls,
        class_en: CLASS_EN[cls] ?? cls,
        count,
        op: opText(lim),
        limit: limitValue(lim).toString(),
      }),
    });
  }
  const rates = perf.max_rate_per_1000;
  if (rates && employees !== undefined && employees > 0) {
    for (const [f, lim] of Object.entries(rates) as [AccidentField, Limit | undefined][]) {
      if (lim === undefined) continue;
      const total = Rational.sum(inWindow.map((a) => a.values[f]));
      const rate = total.mul(Rational.of(1000)).div(Rational.of(employees));
      if (withinLimit(rate, lim)) continue;
      const [zh, en] = RATE_FIELD[f];
      out.push({
        level: level.name,
        condition: "performance",
        actual: rate.toNumber(),
        required: limitValue(lim).toNumber(),
        message: reasonText("max_rate", {
          window: windowText(perf),
          field: zh,
          field_en: en,
          rate: rateText(rate),
          op: opText(lim),
          limit: limitValue(lim).toString(),
        }),
      });
    }
  }
  return out;
}
