// The sample workflow: a reproducible spot-check draw from a register (DESIGN.md "Sampling").
// The register is read exactly as stdz batch reads it (same row checks and duplicate
// rejection); the population is the accepted rows with a qualifying grade.
import { diag, InputError, type Diagnostic } from "../diagnostics.js";
import { t } from "../i18n.js";
import { Rational } from "../core/lib/rational.js";
import { columnForHeader, normalizeHeader } from "../core/register/columns.js";
import { detach } from "../core/register/dedup.js";
import { CompactRows } from "../core/register/list.js";
import { codePointCompare, sampleSize, type GroupSample } from "../core/register/sample.js";
import { KeyDraw } from "../core/register/sample-draw.js";
import { grow } from "../core/lib/grow.js";
import type { RegisterRow } from "../core/register/row.js";
import { isQualified, parseDateCell } from "../core/register/values.js";
import { parseCsvText } from "../io/csv-reader.js";
import { RegisterDecoder } from "../io/register-decode.js";
import type { Progress } from "../render/formats/progress.js";
import type { FlowResult } from "./outcome.js";
import { delimiterOf, moreRowsDiagnostic, scanRegister, type DelimiterChoice, type RegisterEncoding, type Scan } from "./register.js";

/** Row diagnostics printed to stderr before a count of the rest. */
export const STDERR_LIMIT = 20;

export interface SampleOptions {
  rate: string;
  min: string;
  by: string;
  seed?: string;
  asOf?: string;
  /** Today's date as the command sees it (STDZ_TODAY in tests); the clock when absent. */
  today?: string;
  gradedSince?: string;
  exclude?: string;
  format: "table" | "csv" | "json";
  output?: string;
  encoding: RegisterEncoding;
  delimiter: DelimiterChoice;
  /** Sheet of an .xlsx register. */
  sheet?: string;
  /** Tests only: KeyDraw's keep bound, to force the second read. */
  keepBelow?: (size: number) => number;
}

export function usageProblem(message: string): InputError {
  return new InputError([diag("CLI002", { message })]);
}

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
    throw usageProblem(
      t(
        `${option} “${text}” 应为 0 到 1 之间的小数、分数（如 1/3）或百分数（如 30%）`,
        `${option} '${text}' must be a decimal, a fraction (e.g. 1/3) or a percentage (e.g. 30%) between 0 and 1`,
      ),
    );
  }
  return r;
}

export function parseDateOption(text: string | undefined, option: string): string | undefined {
  if (text === undefined) return undefined;
  const d = parseDateCell(text);
  if (!d) throw usageProblem(t(`${option} “${text}” 不是有效日期（如 2024-06-30）`, `${option} '${text}' is not a valid date (e.g. 2024-06-30)`));
  return d;
}

/** Row diagnostics of a sample or deviation scan, then REG042 for the ones not shown. */
export function scanDiagnostics(file: string, scan: Scan): Diagnostic[] {
  const out: Diagnostic[] = [...scan.notes, ...scan.rowDiagnostics];
  const rest = scan.rowProblems - scan.rowDiagnostics.length;
  if (rest > 0) out.push(moreRowsDiagnostic(file, rest, scan.rejectedByCode, t("stdz batch -o 写出的 拒收记录.csv", "拒收记录.csv written by stdz batch -o")));
  return out;
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
    throw new InputError([diag("SMP002", { detail: t("无法解码（应为 UTF-8 或 GBK 的 CSV）", "cannot be decoded (expected a UTF-8 or GBK CSV)") }, { file })]);
  }
  const records = parseCsvText(text).filter((r) => r.fields.some((f) => f.trim() !== ""));
  const head = records[0];
  if (!head) throw new InputError([diag("SMP002", { detail: t("为空", "is empty") }, { file })]);
  const findCol = (key: "credit_code" | "name", word: string) =>
    head.fields.findIndex((h) => columnForHeader(h) === key || h.includes(word) || normalizeHeader(h).includes(key));
  const ci = findCol("credit_code", "统一社会信用代码");
  const ni = findCol("name", "单位名称");
  if (ci < 0 && ni < 0) {
    throw new InputError([
      diag(
        "SMP002",
        { detail: t("没有 统一社会信用代码 或 单位名称 列", "has no 统一社会信用代码 (credit_code) or 单位名称 (name) column") },
        { file, range: { line: head.line, column: 1 } },
      ),
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

/** A candidate's cells as CompactRows keeps them (name first, as it expects). */
function unpack(cells: readonly string[]): SampledRow {
  const [name = "", credit_code = "", county = "", sector = "", grade = "", score = "", issued = "", review_org = "", row = "0"] = cells;
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

/** Where a row stands in the draw (DESIGN.md "Sampling": the population is the accepted rows with a qualifying grade). */
type Standing = "unqualified" | "without-issued" | "before-since" | "excluded" | "candidate";

function standing(r: RegisterRow, since: string | undefined, excl: Exclusions | undefined): Standing {
  if (!isQualified(r.grade)) return "unqualified";
  if (since !== undefined) {
    if (r.issued === undefined) return "without-issued";
    if (r.issued < since) return "before-since";
  }
  if (excl && ((r.credit_code !== "" && excl.codes.has(r.credit_code)) || excl.names.has(r.name))) return "excluded";
  return "candidate";
}

/** A candidate's cells as CompactRows keeps them (name first, as it expects); `unpack` reads them back. */
function pack(r: RegisterRow): string[] {
  return [r.name, r.credit_code, r.county, r.sector, r.grade!, r.score?.text ?? "", r.issued ?? "", r.review_org, String(r.row)];
}

type Exclusions = Awaited<ReturnType<typeof readExclusions>>;

/** Draw the sample; diagnostics are the row problems shown and SMP003. */
export async function drawSample(file: string, o: SampleOptions, progress?: Progress): Promise<FlowResult<SampleRun>> {
  const rate = parseShare(o.rate, "--rate");
  const min = Number(o.min);
  if (!/^\d+$/.test(String(o.min)) || !Number.isSafeInteger(min))
    throw usageProblem(t(`--min “${o.min}” 应为非负整数`, `--min '${o.min}' must be a non-negative integer`));
  const asOf = parseDateOption(o.asOf, "--as-of") ?? o.today ?? today();
  const since = parseDateOption(o.gradedSince, "--graded-since");
  const seed = o.seed ?? asOf;
  const excl = o.exclude !== undefined ? await readExclusions(o.exclude) : undefined;

  // Per candidate the draw keeps 12 bytes; the cells (as UTF-8 in large blocks) are kept only
  // for the candidates KeyDraw says may be drawn, about rate + a few per cent of them.
  const draw = new KeyDraw({ rate, min, seed, ...(o.keepBelow ? { keepBelow: o.keepBelow } : {}) });
  const cells = new CompactRows(0);
  /** The candidate number of each row of `cells`, ascending. */
  let keptOf = new Uint32Array(1024);
  let qualified = 0;
  let population = 0;
  let removed = 0;
  let withoutIssued = 0;
  const onProgress = progress ? (b: number, total: number, rows: number) => progress.update(b, total, rows) : undefined;
  const scan = await scanRegister(
    file,
    {
      encoding: o.encoding,
      delimiter: delimiterOf(o.delimiter),
      sheet: o.sheet,
      keep: STDERR_LIMIT,
      by: o.by,
      ...(onProgress ? { onProgress } : {}),
    },
    {
      accept: (r, group) => {
        const s = standing(r, since, excl);
        if (s === "unqualified") return;
        qualified++;
        if (s === "without-issued") withoutIssued++;
        if (s === "excluded") removed++;
        if (s !== "candidate") return;
        const candidate = population++;
        // Nothing of the row is kept as it is: its fields are slices of large decoded chunks, and
        // keeping them would keep every chunk (hundreds of MB on a million-row register).
        if (!draw.add(group, r.credit_code !== "" ? r.credit_code : r.name)) return;
        keptOf = grow(keptOf, cells.length + 1);
        keptOf[cells.length] = candidate;
        cells.add(pack(r), []);
      },
    },
  ).finally(() => progress?.stop());

  const selected = draw.select((size) => sampleSize(size, rate, min), codePointCompare);
  const rows = new Map<number, SampledRow>();
  const missing = new Set<number>();
  for (const g of selected) {
    for (const c of g.candidates) {
      const at = indexOf(keptOf, cells.length, c);
      if (at < 0) missing.add(c);
      else rows.set(c, unpack(cells.cells(at)));
    }
  }
  // A drawn candidate whose cells were not kept (KeyDraw makes this all but impossible): read again for it.
  if (missing.size > 0) for (const [c, row] of await reread(file, o, since, excl, missing)) rows.set(c, row);

  const groups: GroupSample<SampledRow>[] = [];
  for (const g of selected) {
    const drawn = draw.finish(g, (c) => {
      const row = rows.get(c);
      return row && (row.credit_code !== "" ? row.credit_code : row.name);
    });
    if (!drawn) throw new InputError([diag("REG090", {}, { file })]);
    groups.push({
      group: g.group,
      size: g.size,
      n: g.n,
      drawn: drawn.map((d) => {
        const data = rows.get(d.candidate)!;
        return { key: d.key, id: data.credit_code !== "" ? data.credit_code : data.name, data };
      }),
    });
  }

  const result: SampleRun = {
    file,
    seed,
    as_of: asOf,
    rate,
    rate_text: o.rate.trim(),
    min,
    by: o.by,
    register: { read: scan.counts.read, accepted: scan.counts.accepted, rejected: scan.counts.rejected, qualified, population, without_issued: withoutIssued },
    groups,
  };
  if (since !== undefined) result.graded_since = since;
  if (excl) result.exclude = { file: o.exclude!, entries: excl.entries, removed };

  const diagnostics = scanDiagnostics(file, scan);
  if (withoutIssued > 0) diagnostics.push(diag("SMP003", { count: withoutIssued }, { file }));
  return { value: result, diagnostics, outcome: "ok" };
}

/** Position of `value` in the ascending `sorted[0, length)`, or −1. */
function indexOf(sorted: Uint32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < length && sorted[lo] === value ? lo : -1;
}

/** The second read: the rows of the `wanted` candidates, numbered as in the first. */
async function reread(
  file: string,
  o: SampleOptions,
  since: string | undefined,
  excl: Exclusions | undefined,
  wanted: Set<number>,
): Promise<Map<number, SampledRow>> {
  const got = new Map<number, SampledRow>();
  let candidate = 0;
  await scanRegister(
    file,
    { encoding: o.encoding, delimiter: delimiterOf(o.delimiter), sheet: o.sheet, keep: 0, by: o.by },
    {
      accept: (r) => {
        if (standing(r, since, excl) !== "candidate") return;
        // Detached: the cells must not keep the reader's chunks.
        if (wanted.has(candidate)) got.set(candidate, unpack(pack(r).map(detach)));
        candidate++;
      },
    },
  );
  return got;
}
