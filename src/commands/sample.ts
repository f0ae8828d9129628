// stdz sample: a reproducible spot-check draw from a register (DESIGN.md "Sampling"). The
// register is read exactly as stdz batch reads it (same row checks and duplicate rejection);
// the population is the accepted rows with a qualifying grade.
import { CliError, diag, formatDiagnosticLine, type Diagnostic } from "../diagnostics.js";
import { t } from "../i18n.js";
import { Rational } from "../core/rational.js";
import { DepartmentTable } from "../core/register/departments.js";
import { detach } from "../core/register/dedup.js";
import { RegisterProcessor, type ProcessCounts } from "../core/register/process.js";
import { columnForHeader, COLUMN_BY_KEY, normalizeHeader, type HeaderMap } from "../core/register/columns.js";
import { DEFAULT_THRESHOLDS, UNSET_COUNTY, type RegisterRow } from "../core/register/row.js";
import { isQualified, parseDateCell } from "../core/register/values.js";
import { Sampler, type GroupSample } from "../core/register/sample.js";
import { emit } from "../io/atomic.js";
import { parseCsvText, type Delimiter } from "../io/csv-reader.js";
import { readRegister, type RegisterInfo } from "../io/register.js";
import { RegisterDecoder } from "../io/register-decode.js";
import { printDiagnostics, usageError } from "./output.js";
import type { SampleOptions } from "./sample.cli.js";

/** Row diagnostics printed to stderr before a count of the rest. */
const STDERR_LIMIT = 20;

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** A share in (0, 1]: "0.1", "1/3" or "10%". */
export function parseShare(text: string, option: string, allowZero = false): Rational {
  const s = text.trim();
  const pct = /^(.*)%$/.exec(s);
  const r = pct ? Rational.parse(pct[1]!)?.div(Rational.of(100)) : Rational.parseFractionOrDecimal(s);
  if (!r || r.isNegative() || (!allowZero && r.isZero()) || r.gt(Rational.ONE)) {
    throw usageError(t(`${option} “${text}” 应为 0 到 1 之间的小数、分数（如 1/3）或百分数（如 30%）`, `${option} '${text}' must be a decimal, a fraction (e.g. 1/3) or a percentage (e.g. 30%) between 0 and 1`));
  }
  return r;
}

export function parseDateOption(text: string | undefined, option: string): string | undefined {
  if (text === undefined) return undefined;
  const d = parseDateCell(text);
  if (!d) throw usageError(t(`${option} “${text}” 不是有效日期（如 2024-06-30）`, `${option} '${text}' is not a valid date (e.g. 2024-06-30)`));
  return d;
}

export interface RegisterReadSettings {
  encoding: "auto" | "utf8" | "gbk" | "gb18030";
  delimiter: "auto" | "," | "tab" | "comma";
}

/**
 * Field index of the group column named by --by: a known column (any alias) or any header.
 * -1 for a register without a 所属区县 column when grouping by county: every row is then
 * 未填, as stdz batch counts it.
 */
export function groupColumn(map: HeaderMap, by: string, file: string): number {
  const key = columnForHeader(by);
  if (key !== undefined && map.index[key] !== undefined) return map.index[key]!;
  if (key === "county") return -1;
  const want = normalizeHeader(by);
  const i = map.headers.findIndex((h) => normalizeHeader(h) === want);
  if (i >= 0) return i;
  const name = key !== undefined ? `${by}（${COLUMN_BY_KEY[key].zh}）` : by;
  throw new CliError(2, [diag("SMP001", { by: name, headers: map.headers.filter((h) => h !== "").join(t("、", ", ")) }, { file })]);
}

export interface Scan {
  info: RegisterInfo;
  counts: ProcessCounts;
  /** Rejection diagnostics, the first STDERR_LIMIT of them. */
  rowDiagnostics: Diagnostic[];
  rowProblems: number;
  rejectedByCode: Record<string, number>;
}

/**
 * Read a register with stdz batch's row checks; `accept` gets every accepted row with its
 * group (the --by cell, or 未填 when empty). Row problems are kept for stderr.
 */
export async function scanRegister(
  file: string,
  s: RegisterReadSettings,
  by: string,
  accept: (r: RegisterRow, group: string, fields: readonly string[]) => void,
  onHeader?: (map: HeaderMap) => void,
): Promise<Scan> {
  let processor: RegisterProcessor | undefined;
  const rowDiagnostics: Diagnostic[] = [];
  let rowProblems = 0;
  const rejectedByCode: Record<string, number> = {};
  const keep = (code: Diagnostic["code"], args: Record<string, unknown>, row: number, line: number, column: number) => {
    rowProblems++;
    rejectedByCode[code] = (rejectedByCode[code] ?? 0) + 1;
    if (rowDiagnostics.length >= STDERR_LIMIT) return;
    const d = diag(code as never, args, { file, range: { line, column: Math.max(1, column) } });
    d.message += t(`（第 ${row} 行数据）`, ` (row ${row})`);
    rowDiagnostics.push(d);
  };
  const delimiter: Delimiter | undefined = s.delimiter === "tab" ? "\t" : s.delimiter === "," || s.delimiter === "comma" ? "," : undefined;
  const info = await readRegister(
    file,
    { encoding: s.encoding, ...(delimiter ? { delimiter } : {}) },
    {
      header: (map) => {
        onHeader?.(map);
        const gi = groupColumn(map, by, file);
        processor = new RegisterProcessor(
          { header: map, asOf: "2000-01-01", thresholds: DEFAULT_THRESHOLDS, departments: new DepartmentTable([]), keepList: false },
          {
            reject: (_f, row, line, problems) => {
              for (const p of problems) keep(p.code, p.args, row, line, p.column);
            },
            // Warnings (certificate format, 未填 county …) are stdz batch's business; only rejections are shown.
            accept: (r, fields) => {
              const g = gi < 0 ? "" : (fields[gi] ?? "").trim();
              accept(r, g === "" ? UNSET_COUNTY : g, fields);
            },
          },
        );
      },
      record: (fields, row, line) => processor!.record(fields, row, line),
      unclosed: (fields, row, line, column) => processor!.unclosed(fields, row, line, column),
    },
  );
  return { info, counts: processor!.counts, rowDiagnostics, rowProblems, rejectedByCode };
}

export function printRowDiagnostics(file: string, scan: Scan): void {
  printDiagnostics(scan.rowDiagnostics);
  const rest = scan.rowProblems - scan.rowDiagnostics.length;
  if (rest > 0) {
    const byCode = Object.entries(scan.rejectedByCode)
      .map(([k, n]) => `${k}×${n}`)
      .join(", ");
    process.stderr.write(formatDiagnosticLine(diag("REG042", { count: rest, by_code: byCode, where: t("stdz batch -o 写出的 rejects.csv", "rejects.csv written by stdz batch -o") }, { file })) + "\n");
  }
}

/** Credit codes and names of an exclusion CSV (any header containing 统一社会信用代码/credit_code or 单位名称/name). */
export async function readExclusions(file: string): Promise<{ codes: Set<string>; names: Set<string>; entries: number }> {
  const { readUserFile } = await import("../io/text.js");
  const buf = await readUserFile(file);
  let text: string;
  try {
    const dec = new RegisterDecoder("auto");
    text = dec.write(buf) + dec.end();
  } catch {
    throw new CliError(2, [diag("SMP002", { detail: t("无法解码（应为 UTF-8 或 GBK 的 CSV）", "cannot be decoded (expected a UTF-8 or GBK CSV)") }, { file })]);
  }
  const records = parseCsvText(text).filter((r) => r.fields.some((f) => f.trim() !== ""));
  const head = records[0];
  if (!head) throw new CliError(2, [diag("SMP002", { detail: t("为空", "is empty") }, { file })]);
  const findCol = (key: "credit_code" | "name", word: string) =>
    head.fields.findIndex((h) => columnForHeader(h) === key || h.includes(word) || normalizeHeader(h).includes(key));
  const ci = findCol("credit_code", "统一社会信用代码");
  const ni = findCol("name", "单位名称");
  if (ci < 0 && ni < 0) {
    throw new CliError(2, [
      diag("SMP002", { detail: t("没有 统一社会信用代码 或 单位名称 列", "has no 统一社会信用代码 (credit_code) or 单位名称 (name) column") }, { file, range: { line: head.line, column: 1 } }),
    ]);
  }
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const r of records.slice(1)) {
    const c = ci >= 0 ? (r.fields[ci] ?? "").trim().replace(/^'/, "") : "";
    const n = ni >= 0 ? (r.fields[ni] ?? "").trim().replace(/^'/, "") : "";
    if (c !== "") codes.add(c);
    if (n !== "") names.add(n);
  }
  return { codes, names, entries: records.length - 1 };
}

const SEP = "\u0000";

function unpack(packed: string): SampledRow {
  const [row, name, credit_code, county, sector, grade, score, issued, review_org] = packed.split(SEP) as [string, string, string, string, string, string, string, string, string];
  return { row: Number(row), name, credit_code, county, sector, grade, score, issued, review_org };
}

/** What a drawn enterprise carries to the outputs. */
export interface SampledRow {
  row: number;
  name: string;
  credit_code: string;
  county: string;
  sector: string;
  grade: string;
  score: string;
  issued: string;
  review_org: string;
}

export interface SampleRun {
  file: string;
  seed: string;
  as_of: string;
  rate: Rational;
  rate_text: string;
  min: number;
  by: string;
  graded_since?: string;
  exclude?: { file: string; entries: number; removed: number };
  register: { read: number; accepted: number; rejected: number; qualified: number; population: number; without_issued: number };
  groups: GroupSample<SampledRow>[];
}

export async function run(file: string, o: SampleOptions): Promise<number> {
  const rate = parseShare(o.rate, "--rate");
  const min = Number(o.min);
  if (!/^\d+$/.test(String(o.min)) || !Number.isSafeInteger(min)) throw usageError(t(`--min “${o.min}” 应为非负整数`, `--min '${o.min}' must be a non-negative integer`));
  const asOf = parseDateOption(o.asOf, "--as-of") ?? today();
  const since = parseDateOption(o.gradedSince, "--graded-since");
  const seed = o.seed ?? asOf;
  const excl = o.exclude !== undefined ? await readExclusions(o.exclude) : undefined;

  const sampler = new Sampler<string>({ rate, min, seed });
  let qualified = 0;
  let population = 0;
  let removed = 0;
  let withoutIssued = 0;
  const scan = await scanRegister(file, { encoding: o.encoding, delimiter: o.delimiter }, o.by, (r, group) => {
    if (!isQualified(r.grade)) return;
    qualified++;
    if (since !== undefined) {
      if (r.issued === undefined) {
        withoutIssued++;
        return;
      }
      if (r.issued < since) return;
    }
    if (excl && ((r.credit_code !== "" && excl.codes.has(r.credit_code)) || excl.names.has(r.name))) {
      removed++;
      return;
    }
    population++;
    // One flat string per candidate: the row's fields are slices of large decoded chunks, and
    // keeping them would keep every chunk (hundreds of MB on a million-row register).
    const id = r.credit_code !== "" ? r.credit_code : r.name;
    sampler.add({
      group,
      id: detach(id),
      data: [r.row, r.name, r.credit_code, r.county, r.sector, r.grade!, r.score?.text ?? "", r.issued ?? "", r.review_org].join(SEP),
    });
  });

  const result: SampleRun = {
    file,
    seed,
    as_of: asOf,
    rate,
    rate_text: o.rate.trim(),
    min,
    by: o.by,
    register: { read: scan.counts.read, accepted: scan.counts.accepted, rejected: scan.counts.rejected, qualified, population, without_issued: withoutIssued },
    groups: sampler.result().map((g) => ({ ...g, drawn: g.drawn.map((d) => ({ ...d, data: unpack(d.data) })) })),
  };
  if (since !== undefined) result.graded_since = since;
  if (excl) result.exclude = { file: o.exclude!, entries: excl.entries, removed };

  printRowDiagnostics(file, scan);
  if (withoutIssued > 0) printDiagnostics([diag("SMP003", { count: withoutIssued }, { file })]);
  // The seed is always printed, whatever the format (stderr when stdout carries data).
  if (o.format !== "table") process.stderr.write(t(`种子：${seed}\n`, `seed: ${seed}\n`));

  const render = await import("../render/sample-output.js");
  const text = o.format === "json" ? render.sampleJson(result) : o.format === "csv" ? render.sampleCsv(result) : render.sampleTable(result);
  await emit(text, o.output);
  return 0;
}
