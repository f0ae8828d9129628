// stdz batch's options, checked into settings (grade thresholds may come from a standard).
import { InputError } from "../diagnostics.js";
import { t } from "../i18n.js";
import { Rational } from "../core/lib/rational.js";
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from "../core/register/row.js";
import { microText, parseDateCell, SCORE_SCALE } from "../core/register/values.js";
import type { Delimiter } from "../io/csv-reader.js";
import type { Denominator } from "../core/register/process.js";
import { delimiterOf, type DelimiterChoice, type RegisterEncoding } from "./register.js";
import { today, usageProblem } from "./sample.js";
import type { XlsxEngineName } from "../render/formats/xlsx.js";

export interface BatchOptions {
  out?: string;
  format: "table" | "json";
  encoding: RegisterEncoding;
  delimiter: DelimiterChoice;
  /** Sheet of an .xlsx register. */
  sheet?: string;
  asOf?: string;
  targets?: string;
  departments?: string;
  standard?: string;
  path: string[];
  thresholds?: string;
  expiringDays: string;
  strict?: boolean;
  progress: boolean;
  xlsx: boolean;
  html: boolean;
  denominator?: string;
  trend?: string;
  /** Today's date as the command sees it (STDZ_TODAY in tests); the clock when absent. */
  today?: string;
  /** The engine that writes 汇总.xlsx (STDZ_XLSX_WRITER); the hand-written one when absent. */
  xlsxEngine?: XlsxEngineName;
}

export type TrendMode = "milestones" | "monthly";

export interface BatchSettings {
  file: string;
  out?: string;
  format: "table" | "json";
  encoding: RegisterEncoding;
  delimiter?: Delimiter;
  sheet?: string;
  asOf: string;
  thresholds: Thresholds;
  thresholdSource: string;
  expiringDays: number;
  strict: boolean;
  progress: boolean;
  xlsx: boolean;
  html: boolean;
  denominator: Denominator;
  /** 达标趋势 dates (with --targets): the milestones, or also every month end. */
  trend: TrendMode;
  xlsxEngine: XlsxEngineName;
}

export async function batchSettings(file: string, o: BatchOptions): Promise<BatchSettings> {
  let asOf = o.today ?? today();
  if (o.asOf !== undefined) {
    const d = parseDateCell(o.asOf);
    if (!d) throw usageProblem(t(`--as-of “${o.asOf}” 不是有效日期（如 2024-06-30）`, `--as-of '${o.asOf}' is not a valid date (e.g. 2024-06-30)`));
    asOf = d;
  }
  let thresholds = DEFAULT_THRESHOLDS;
  let thresholdSource = "90,75,60";
  if (o.thresholds !== undefined) {
    const th = parseThresholds(o.thresholds);
    if (!th)
      throw usageProblem(
        t(
          `--thresholds “${o.thresholds}” 应为从高到低的三个分数，如 90,75,60`,
          `--thresholds '${o.thresholds}' must be three scores from high to low, e.g. 90,75,60`,
        ),
      );
    thresholds = th;
    thresholdSource = o.thresholds;
  }
  if (o.standard !== undefined) {
    const fromStd = await standardThresholds(o.standard, o.path ?? [], thresholds);
    thresholds = fromStd.thresholds;
    thresholdSource = fromStd.source;
  }
  const days = Number(o.expiringDays);
  if (!/^\d+$/.test(String(o.expiringDays)) || days > 3650)
    throw usageProblem(t(`--expiring-days “${o.expiringDays}” 应为 0 到 3650 的整数`, `--expiring-days '${o.expiringDays}' must be an integer from 0 to 3650`));
  const delimiter = delimiterOf(o.delimiter);
  const denominator = o.denominator ?? "all";
  if (denominator !== "all" && denominator !== "accepted")
    throw usageProblem(t(`--denominator “${denominator}” 应为 all 或 accepted`, `--denominator '${denominator}' must be all or accepted`));
  const trend = o.trend ?? "milestones";
  if (trend !== "milestones" && trend !== "monthly")
    throw usageProblem(t(`--trend “${trend}” 应为 milestones 或 monthly`, `--trend '${trend}' must be milestones or monthly`));
  const s: BatchSettings = {
    file,
    format: o.format ?? "table",
    encoding: o.encoding ?? "auto",
    asOf,
    thresholds,
    thresholdSource,
    expiringDays: days,
    strict: Boolean(o.strict),
    progress: o.progress !== false,
    xlsx: o.xlsx !== false,
    xlsxEngine: o.xlsxEngine ?? "stdz",
    html: o.html !== false,
    denominator,
    trend,
  };
  if (delimiter) s.delimiter = delimiter;
  if (o.out !== undefined) s.out = o.out;
  if (o.sheet !== undefined) s.sheet = o.sheet;
  return s;
}

/** Grade thresholds from a standard's grading levels (scaled to 100 points); levels it lacks keep `fallback`. */
async function standardThresholds(ref: string, extra: readonly string[], fallback: Thresholds): Promise<{ thresholds: Thresholds; source: string }> {
  const { loadCompiled } = await import("./standard.js");
  const out = await loadCompiled(ref, { baseDir: process.cwd(), extra });
  if (!out.compiled) throw new InputError(out.diagnostics.filter((d) => d.severity === "error"));
  const std = out.compiled;
  const scale = std.scoring.scale;
  const th = { ...fallback };
  const used: string[] = [];
  for (const level of std.grading.levels) {
    const name = level.name;
    if (!isThresholdGrade(name)) continue;
    const on100 = level.min_score.mul(Rational.of(100)).div(scale);
    th[name] = Number(on100.mul(Rational.of(SCORE_SCALE)).ceil());
    used.push(`${name} ${microText(th[name])}`);
  }
  return { thresholds: th, source: `${std.id}: ${used.join(", ") || "—"}` };
}

function isThresholdGrade(name: string): name is keyof Thresholds {
  return name === "一级" || name === "二级" || name === "三级" || name === "小微达标";
}
