// stdz batch: a register (CSV from Excel) → 达标名单, 达标情况表, 达标率 against targets,
// 动态管理, rejects — streamed, so a register of a million rows runs in bounded memory.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, diag, formatDiagnosticLine, type Diagnostic } from "../diagnostics.js";
import { getLang, t } from "../i18n.js";
import { rateRows, ratePercent, rateShown, tableTotals, type AggregateResult, type RateRow } from "../core/register/aggregate.js";
import { ALL_LABEL, DIMENSION_LABEL, RATE_HEADER, rateTableRows, situationHeader, situationRows, summaryJson } from "../core/register/aggregate-summary.js";
import { DepartmentTable, departmentsFromRows, type DepartmentEntry } from "../core/register/departments.js";
import { Rational } from "../core/rational.js";
import { DYNAMIC_KINDS, DYNAMIC_LABEL, type DynamicKind } from "../core/register/dynamic.js";
import { DYNAMIC_HEADER, LIST_HEADER, RegisterProcessor } from "../core/register/process.js";
import { CATEGORIES, DEFAULT_THRESHOLDS, parseThresholds, TABLE_COLUMNS, type RowProblem, type Thresholds } from "../core/register/row.js";
import { microText, parseDateCell, SCORE_SCALE } from "../core/register/values.js";
import { parseTargets, type Targets } from "../core/register/targets.js";
import { AtomicFileWriter } from "../io/atomic.js";
import { csvFileRecords, parseCsvText, type Delimiter } from "../io/csv-reader.js";
import { readRegister, type RegisterInfo } from "../io/register.js";
import { ENCODING_LABEL, RegisterDecoder } from "../io/register-decode.js";
import { CsvBatchWriter, toCsv } from "../render/csv.js";
import { printDiagnostics, usageError } from "./output.js";
import type { BatchOptions } from "./batch.cli.js";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Output file names: part of the contract. */
export const OUTPUT_FILES = {
  list: "达标名单.csv",
  situation: "达标情况表.csv",
  rates: "达标率.csv",
  dynamic: "动态管理.csv",
  rejects: "rejects.csv",
  warnings: "warnings.csv",
  xlsx: "汇总.xlsx",
  html: "汇总.html",
  summary: "summary.json",
} as const;

/** Row diagnostics printed to stderr before "N more …". */
const STDERR_LIMIT = 20;
/** Row diagnostics kept for --format json. */
const JSON_LIMIT = 1000;

export const REJECT_HEADER = ["行号", "物理行", "列", "错误代码", "错误说明"] as const;
export const WARNING_HEADER = ["行号", "物理行", "列", "代码", "说明", "单位名称"] as const;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

interface Settings {
  file: string;
  out?: string;
  format: "table" | "json";
  encoding: "auto" | "utf8" | "gbk" | "gb18030";
  delimiter?: Delimiter;
  asOf: string;
  thresholds: Thresholds;
  thresholdSource: string;
  expiringDays: number;
  strict: boolean;
  progress: boolean;
  xlsx: boolean;
  html: boolean;
}

async function settings(file: string, o: BatchOptions): Promise<Settings> {
  let asOf = today();
  if (o.asOf !== undefined) {
    const d = parseDateCell(o.asOf);
    if (!d) throw usageError(t(`--as-of “${o.asOf}” 不是有效日期（如 2024-06-30）`, `--as-of '${o.asOf}' is not a valid date (e.g. 2024-06-30)`));
    asOf = d;
  }
  let thresholds = DEFAULT_THRESHOLDS;
  let thresholdSource = "90,75,60";
  if (o.thresholds !== undefined) {
    const th = parseThresholds(o.thresholds);
    if (!th) throw usageError(t(`--thresholds “${o.thresholds}” 应为从高到低的三个分数，如 90,75,60`, `--thresholds '${o.thresholds}' must be three scores from high to low, e.g. 90,75,60`));
    thresholds = th;
    thresholdSource = o.thresholds;
  }
  if (o.standard !== undefined) {
    const fromStd = await standardThresholds(o.standard, o.path ?? [], thresholds);
    thresholds = fromStd.thresholds;
    thresholdSource = fromStd.source;
  }
  const days = Number(o.expiringDays);
  if (!/^\d+$/.test(String(o.expiringDays)) || days > 3650) throw usageError(t(`--expiring-days “${o.expiringDays}” 应为 0 到 3650 的整数`, `--expiring-days '${o.expiringDays}' must be an integer from 0 to 3650`));
  const delimiter: Delimiter | undefined = o.delimiter === "tab" ? "\t" : o.delimiter === "," || o.delimiter === "comma" ? "," : undefined;
  const s: Settings = {
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
    html: o.html !== false,
  };
  if (delimiter) s.delimiter = delimiter;
  if (o.out !== undefined) s.out = o.out;
  return s;
}

/** Grade thresholds from a standard's grading levels (scaled to 100 points); levels it lacks keep `fallback`. */
async function standardThresholds(ref: string, extra: readonly string[], fallback: Thresholds): Promise<{ thresholds: Thresholds; source: string }> {
  const { loadCompiled } = await import("../io/compile.js");
  const out = await loadCompiled(ref, { baseDir: process.cwd(), extra });
  if (!out.compiled) throw new CliError(2, out.diagnostics.filter((d) => d.severity === "error"));
  const std = out.compiled;
  const scale = std.scoring.scale;
  const th: Record<string, number> = { ...fallback };
  const used: string[] = [];
  for (const level of std.grading.levels) {
    if (!(level.name in th)) continue;
    const on100 = level.min_score.mul(Rational.of(100)).div(scale);
    th[level.name] = Number(on100.mul(Rational.of(SCORE_SCALE)).ceil());
    used.push(`${level.name} ${microText(th[level.name]!)}`);
  }
  return { thresholds: th as unknown as Thresholds, source: `${std.id}: ${used.join(", ") || "—"}` };
}

async function loadDepartments(file: string | undefined): Promise<DepartmentTable> {
  if (file === undefined) {
    const data = JSON.parse(await readFile(join(PACKAGE_ROOT, "data", "sectors.json"), "utf8")) as { sectors: DepartmentEntry[] };
    return new DepartmentTable(data.sectors);
  }
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(2, [diag("CLI001", { file, reason: err.code === "ENOENT" ? t("文件不存在", "no such file") : (err.code ?? err.message) }, { file })]);
  }
  let text: string;
  try {
    const dec = new RegisterDecoder("auto");
    text = dec.write(buf) + dec.end();
  } catch {
    throw new CliError(2, [diag("REG041", { detail: t("无法解码（应为 UTF-8 或 GBK 的 CSV）", "cannot be decoded (expected a UTF-8 or GBK CSV)") }, { file })]);
  }
  const { entries, problems } = departmentsFromRows(parseCsvText(text));
  if (problems.length) {
    throw new CliError(
      2,
      problems.map((p) => diag("REG041", { detail: t(p.zh, p.en) }, { file, range: { line: p.line, column: 1 } })),
    );
  }
  return new DepartmentTable(entries);
}

async function loadTargets(file: string | undefined): Promise<{ file: string; targets: Targets } | undefined> {
  if (file === undefined) return undefined;
  const { readUserFile } = await import("../io/text.js");
  const { parseYamlBytes } = await import("../io/yaml.js");
  const buf = await readUserFile(file);
  const loaded = parseYamlBytes(buf, file);
  if (loaded.value === undefined || loaded.diagnostics.some((d) => d.severity === "error")) {
    throw new CliError(2, loaded.diagnostics.length ? loaded.diagnostics : [diag("REG040", { detail: t("文件为空", "the file is empty") }, { file })]);
  }
  const { targets, problems } = parseTargets(loaded.value, loaded.numText);
  if (!targets) {
    throw new CliError(
      2,
      problems.map((p) => {
        const range = loaded.pos.get(p.path) ?? loaded.keyPos.get(p.path);
        return diag("REG040", { detail: t(p.zh, p.en) }, range ? { file, range, path: p.path } : { file, path: p.path });
      }),
    );
  }
  return { file, targets };
}

/** Diagnostic for a row problem; the message names the row (data record) as well as the physical line. */
function rowDiagnostic(file: string, p: RowProblem, row: number, line: number, nameRow = true): Diagnostic & { row: number } {
  const args = getLang() === "en" && typeof p.args.detail_en === "string" ? { ...p.args, detail: p.args.detail_en } : p.args;
  const d = diag(p.code, args, { file, range: { line, column: Math.max(1, p.column) } });
  if (nameRow) d.message += t(`（第 ${row} 行数据）`, ` (row ${row})`);
  return { ...d, row };
}

class Outputs {
  private readonly writers: AtomicFileWriter[] = [];
  private readonly pending = new Set<Promise<void>>();
  readonly written: string[] = [];

  constructor(readonly dir: string) {}

  async open(name: string): Promise<AtomicFileWriter> {
    const w = await AtomicFileWriter.open(join(this.dir, name));
    this.writers.push(w);
    return w;
  }

  private readonly csvWriters: CsvBatchWriter[] = [];

  /** A CSV writer onto an output file (rows batched); the BOM and header come with start(), now when given. */
  async csv(name: string, header?: readonly string[]): Promise<CsvBatchWriter> {
    const w = await this.open(name);
    this.written.push(name);
    const cw = new CsvBatchWriter((text) => this.track(w.write(text)));
    this.csvWriters.push(cw);
    if (header) cw.start(header);
    return cw;
  }

  /** The temporary path of an output being written (to read it back before it is renamed). */
  tmpOf(name: string): string {
    const w = this.writers.find((x) => x.file === join(this.dir, name));
    if (!w) throw new Error(`no output ${name}`);
    return w.tmp;
  }

  readonly spills: AtomicFileWriter[] = [];

  /** Spill file: written now, read back later, never renamed into place. */
  async spill(name: string): Promise<{ writer: AtomicFileWriter; csv: CsvBatchWriter }> {
    const w = await AtomicFileWriter.open(join(this.dir, name));
    this.spills.push(w);
    const cw = new CsvBatchWriter((text) => this.track(w.write(text)));
    this.csvWriters.push(cw);
    return { writer: w, csv: cw };
  }

  track(p: Promise<void> | undefined): Promise<void> | undefined {
    if (p) {
      this.pending.add(p);
      void p.then(() => this.pending.delete(p));
    }
    return p;
  }

  /** Hand every writer's collected text to its file (so no row's cells stay referenced) and wait for the files. */
  async drain(): Promise<void> {
    for (const cw of this.csvWriters) this.track(cw.flushText() ?? undefined);
    if (this.pending.size) await Promise.all([...this.pending]);
  }

  async whole(name: string, data: string | Uint8Array): Promise<void> {
    const w = await this.open(name);
    this.written.push(name);
    await w.write(data);
  }

  /** Close every file, then rename them all into place. */
  async commit(): Promise<void> {
    await this.drain();
    for (const s of this.spills) await s.abort();
    for (const w of this.writers) await w.close();
    for (const w of this.writers) await w.rename();
  }

  async abort(): Promise<void> {
    for (const w of [...this.spills, ...this.writers]) await w.abort().catch(() => undefined);
  }
}

interface Progress {
  update(bytes: number, total: number, rows: number): void;
  stop(): void;
  /** A one-line status after reading (sorting, writing), cleared by done(). */
  status(text: string): void;
  done(): void;
}

async function progressBar(enabled: boolean): Promise<Progress | undefined> {
  if (!enabled || !process.stderr.isTTY || process.env.CI) return undefined;
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      format: t("读取台账 {bar} {percentage}% | {rows} 行 | {rate} 行/秒 | 剩余 {eta_formatted}", "reading {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}"),
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let started = false;
  return {
    update(bytes, total, rows) {
      if (!started) {
        bar.start(Math.max(1, total), 0, { rows: 0, rate: 0 });
        started = true;
      }
      const secs = Math.max(0.001, (Date.now() - t0) / 1000);
      bar.update(bytes, { rows: rows.toLocaleString("en-US"), rate: Math.round(rows / secs).toLocaleString("en-US") });
    },
    stop() {
      if (started) bar.stop();
    },
    status(text) {
      process.stderr.write(`\r${text}\x1b[K`);
    },
    done() {
      process.stderr.write("\r\x1b[K");
    },
  };
}

export async function run(file: string, o: BatchOptions): Promise<number> {
  const s = await settings(file, o);
  const departments = await loadDepartments(o.departments);
  const targets = await loadTargets(o.targets);
  if (s.out !== undefined) {
    const st = await stat(s.out).catch(() => undefined);
    if (st && !st.isDirectory()) throw usageError(t(`-o ${s.out} 已存在且不是文件夹`, `-o ${s.out} exists and is not a folder`));
    // Outputs never replace an input.
    const inputs = new Set([file, o.targets, o.departments].filter((x): x is string => x !== undefined).map((x) => resolve(x)));
    for (const name of Object.values(OUTPUT_FILES)) {
      if (inputs.has(resolve(s.out, name))) throw usageError(t(`输出文件 ${join(s.out, name)} 会覆盖输入文件，请换一个 -o 文件夹`, `the output ${join(s.out, name)} would replace an input file; choose another -o folder`));
    }
  }

  const outputs = s.out !== undefined ? new Outputs(s.out) : undefined;
  try {
    const code = await process_(s, departments, targets, outputs);
    return code;
  } catch (e) {
    await outputs?.abort();
    throw e;
  }
}


async function process_(
  s: Settings,
  departments: DepartmentTable,
  targets: { file: string; targets: Targets } | undefined,
  outputs: Outputs | undefined,
): Promise<number> {
  const kept: Array<Diagnostic & { row?: number }> = [];
  const keep = (d: Diagnostic & { row?: number }) => {
    if (kept.length < JSON_LIMIT) kept.push(d);
  };
  const fileLevel: Diagnostic[] = [];

  // Streams open before the first row: rejects (header once the register's is known),
  // warnings, and one spill file per 动态管理 kind (concatenated at the end).
  let rejects: CsvBatchWriter | undefined;
  let warnings: CsvBatchWriter | undefined;
  const spills = new Map<DynamicKind, { writer: AtomicFileWriter; csv: CsvBatchWriter }>();
  if (outputs) {
    rejects = await outputs.csv(OUTPUT_FILES.rejects);
    warnings = await outputs.csv(OUTPUT_FILES.warnings, WARNING_HEADER);
    for (const k of DYNAMIC_KINDS) spills.set(k, await outputs.spill(`动态管理-${k}.part`));
  }

  let processor: RegisterProcessor | undefined;
  const progress = await progressBar(s.progress);
  let info: RegisterInfo;
  try {
    info = await readRegister(
      s.file,
      {
        encoding: s.encoding,
        ...(s.delimiter ? { delimiter: s.delimiter } : {}),
        ...(progress ? { onProgress: (b: number, total: number, rows: number) => progress.update(b, total, rows) } : {}),
        ...(outputs ? { afterChunk: () => outputs.drain() } : {}),
      },
      {
        header: (map, line) => {
          for (const d of map.duplicates) {
            fileLevel.push(
              diag("REG007", { header: map.headers[d.column], column: d.column + 1, first: d.first + 1, key: map.headers[d.first] }, { file: s.file, range: { line, column: d.column + 1 } }),
            );
          }
          rejects?.start([...REJECT_HEADER, ...map.headers]);
          processor = new RegisterProcessor(
            { header: map, asOf: s.asOf, thresholds: s.thresholds, departments, lang: getLang(), keepList: outputs !== undefined },
            {
              reject: (fields, row, line, problems) => {
                for (const p of problems) keep(rowDiagnostic(s.file, p, row, line));
                rejects?.row([
                  row,
                  line,
                  [...new Set(problems.map((p) => p.column))].join(";"),
                  problems.map((p) => p.code).join(";"),
                  problems.map((p) => rowDiagnostic(s.file, p, row, line, false).message).join(t("；", "; ")),
                  ...fields,
                ]);
              },
              warn: (row, line, p, name) => {
                keep(rowDiagnostic(s.file, p, row, line));
                warnings?.row([row, line, p.column, p.code, rowDiagnostic(s.file, p, row, line, false).message, name]);
              },
              ...(outputs ? { dynamic: (kind: DynamicKind, cells: string[]) => void spills.get(kind)!.csv.row(cells) } : {}),
            },
          );
        },
        record: (fields, row, line) => processor!.record(fields, row, line),
        unclosed: (fields, row, line, column) => processor!.unclosed(fields, row, line, column),
      },
    );
  } finally {
    progress?.stop();
  }
  const p = processor!;
  p.endOfInput();
  for (const [sector, rows] of p.unknownSectors) {
    fileLevel.push(diag("REG035", { sector, rows, label: "未分工" }, { file: s.file }));
  }
  const agg = p.result();
  const rates = rateRows(agg, targets?.targets, s.asOf);
  const c = p.counts;
  const warningCount = c.warnings;
  const encodingLabel = ENCODING_LABEL[info.encoding];

  if (outputs) {
    progress?.status(t(`已读取 ${c.read.toLocaleString("en-US")} 行，正在排序并写出结果文件…`, `read ${c.read.toLocaleString("en-US")} rows; sorting and writing the output files…`));
    await rejects!.flush();
    await warnings!.flush();
    for (const { csv } of spills.values()) await csv.flush();
    await writeOutputs(s, outputs, p, agg, rates, spills);
  }

  const summary = summaryJson({
    file: s.file,
    encoding: encodingLabel,
    delimiter: info.delimiter,
    asOf: s.asOf,
    read: c.read,
    accepted: c.accepted,
    rejected: c.rejected,
    rejectedRows: c.rejectedRows,
    warnings: warningCount,
    qualified: c.qualified,
    byCode: c.byCode,
    dynamic: c.dynamic,
    agg,
    ...(targets ? { targets } : {}),
    thresholds: { 一级: microText(s.thresholds.一级), 二级: microText(s.thresholds.二级), 三级: microText(s.thresholds.三级), 小微达标: microText(s.thresholds.小微达标) },
    ...(outputs ? { outputs: [...outputs.written, ...(s.format === "json" ? [OUTPUT_FILES.summary] : [])] } : {}),
  });
  const diagnostics = [...fileLevel, ...kept];

  if (outputs) {
    if (s.format === "json") await outputs.whole(OUTPUT_FILES.summary, JSON.stringify({ ...summary, diagnostics }, null, 2) + "\n");
    if (s.html) await outputs.whole(OUTPUT_FILES.html, await renderHtml(s, summary, agg, rates, targets?.targets));
    await outputs.commit();
    progress?.done();
  }

  // stderr: file-level diagnostics, then the first row diagnostics and a count of the rest.
  printDiagnostics(fileLevel);
  const rowDiags = kept.slice(0, STDERR_LIMIT);
  printDiagnostics(rowDiags);
  const rest = countRows(c.byCode) - rowDiags.length;
  if (rest > 0) {
    const byCode = Object.entries(c.byCode)
      .map(([k, n]) => `${k}×${n}`)
      .join(", ");
    const where = outputs ? `${join(s.out!, OUTPUT_FILES.rejects)}, ${join(s.out!, OUTPUT_FILES.warnings)}` : t("rejects.csv 和 warnings.csv（用 -o 写出）", "rejects.csv and warnings.csv (written with -o)");
    process.stderr.write(formatDiagnosticLine(diag("REG042", { count: rest, by_code: byCode, where }, { file: s.file })) + "\n");
  }

  if (s.format === "json") process.stdout.write(JSON.stringify({ ...summary, diagnostics }, null, 2) + "\n");
  else process.stdout.write(renderText(s, info, c, warningCount, agg, rates, outputs));
  return s.strict && c.rejected > 0 ? 1 : 0;
}

function countRows(byCode: Record<string, number>): number {
  return Object.values(byCode).reduce((a, b) => a + b, 0);
}

async function writeOutputs(
  s: Settings,
  outputs: Outputs,
  p: RegisterProcessor,
  agg: AggregateResult,
  rates: RateRow[],
  spills: Map<DynamicKind, { writer: AtomicFileWriter; csv: CsvBatchWriter }>,
): Promise<void> {
  const listHeader = [...LIST_HEADER, ...p.extraHeaders];
  const list = await outputs.csv(OUTPUT_FILES.list, listHeader);
  for (const r of p.qualifiedRows()) {
    const w = list.row(r);
    if (w) await w;
  }
  await list.flush();

  await outputs.whole(OUTPUT_FILES.situation, toCsv(situationHeader(), situationRows(agg)));
  await outputs.whole(OUTPUT_FILES.rates, toCsv(RATE_HEADER, rateTableRows(rates)));

  // 动态管理: header, then each kind's spill in order.
  const dyn = await outputs.open(OUTPUT_FILES.dynamic);
  outputs.written.push(OUTPUT_FILES.dynamic);
  await dyn.write(toCsv(DYNAMIC_HEADER, []));
  for (const k of DYNAMIC_KINDS) {
    const sp = spills.get(k)!;
    await sp.writer.close();
    for await (const chunk of createReadStream(sp.writer.tmp)) {
      const w = dyn.write(chunk as Buffer);
      if (w) await w;
    }
  }
  await dyn.close();

  if (s.xlsx) {
    await outputs.drain();
    const x = await outputs.open(OUTPUT_FILES.xlsx);
    outputs.written.push(OUTPUT_FILES.xlsx);
    const { writeWorkbook } = await import("../render/xlsx.js");
    await writeWorkbook(x.writable, workbookSheets(s, outputs, p, agg, rates, listHeader), { title: t("安全生产标准化达标情况汇总", "work-safety standardization summary") });
    await x.close();
  }
}

function workbookSheets(s: Settings, outputs: Outputs, p: RegisterProcessor, agg: AggregateResult, rates: RateRow[], listHeader: string[]): import("../render/xlsx.js").SheetSpec[] {
  // 达标情况表 in the 附件4 layout: 区县 | 规模以上企业 (一级 二级 三级 其他 合计) | 高危企业 (…) | 其他生产经营单位 (…) | 总计
  const width = 1 + CATEGORIES.length * 5 + 1;
  const last = columnName(width);
  const title = ["生产经营单位安全生产标准化达标情况表", ...Array<string>(width - 1).fill("")];
  const sub = [`（截至 ${chineseDate(s.asOf)}，累计完成数量，家）`, ...Array<string>(width - 1).fill("")];
  const h1: string[] = ["区县"];
  const h2: string[] = [""];
  for (const c of CATEGORIES) {
    h1.push(c, "", "", "", "");
    h2.push(...TABLE_COLUMNS, "合计");
  }
  h1.push("总计");
  h2.push("");
  const merges = [`A1:${last}1`, `A2:${last}2`, "A3:A4", `${last}3:${last}4`];
  CATEGORIES.forEach((_, i) => merges.push(`${columnName(2 + i * 5)}3:${columnName(6 + i * 5)}3`));

  const rateRowsX = rates.map((r) => {
    const cells = rateTableRows([r])[0]!;
    // Numbers as numbers; the rate as a ratio shown with a percent format.
    return [cells[0], cells[1], r.enterprises, r.qualified, r.rate.toNumber(), ...cells.slice(5).map((v) => (typeof v === "string" && /^\d+(\.\d+)?$/.test(v) && v !== "" ? Number(v) : v))];
  });
  const rateHead: string[] = [...RATE_HEADER];
  rateHead[4] = "达标率";

  return [
    { name: "达标情况表", head: [title, sub, h1, h2], merges, widths: [14, ...Array<number>(width - 1).fill(7)], rows: situationRows(agg) },
    { name: "达标率", head: [rateHead], widths: [10, 22, 9, 9, 9, 13, 11, 15, 9, 11, 13, 11, 17], formats: [undefined, undefined, undefined, undefined, "0.0%"], rows: rateRowsX },
    { name: "达标名单", head: [listHeader], widths: [10, 12, 16, 34, 22, 9, 22, 12, 12], rows: p.qualifiedRows() },
    { name: "动态管理", head: [], widths: [14, 44, 10, 12, 16, 34, 22, 9, 22, 12, 12, 12, 9, 9, 9, 9], rows: csvFileRecords(outputs.tmpOf(OUTPUT_FILES.dynamic)) },
    { name: "拒收记录", head: [], widths: [8, 8, 8, 16, 60], rows: csvFileRecords(outputs.tmpOf(OUTPUT_FILES.rejects)) },
  ];
}

function columnName(n: number): string {
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------------------------------
// Text summary (stdout)

/** Display width: East Asian wide and full-width characters take two columns. */
function widthOf(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

function textTable(rows: string[][], alignRight: (col: number) => boolean): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, widthOf(c))));
  return rows
    .map((r) =>
      r
        .map((c, i) => {
          const pad = " ".repeat(widths[i]! - widthOf(c));
          return alignRight(i) ? pad + c : c + pad;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function renderText(
  s: Settings,
  info: RegisterInfo,
  c: RegisterProcessor["counts"],
  warnings: number,
  agg: AggregateResult,
  rates: RateRow[],
  outputs: Outputs | undefined,
): string {
  const out: string[] = [];
  const delim = info.delimiter === "\t" ? t("制表符分隔", "tab separated") : t("逗号分隔", "comma separated");
  out.push(t(`台账 ${s.file}（${ENCODING_LABEL[info.encoding]}，${delim}），统计日期 ${s.asOf}`, `register ${s.file} (${ENCODING_LABEL[info.encoding]}, ${delim}), as of ${s.asOf}`));
  out.push(t(`读取 ${c.read} 行，接收 ${c.accepted} 行，拒收 ${c.rejected} 行，警告 ${warnings} 条`, `read ${c.read} rows, accepted ${c.accepted}, rejected ${c.rejected}, ${warnings} warnings`));
  out.push(t(`达标企业 ${c.qualified} 家，达标率 ${ratePercent(agg.total)}%`, `qualified ${c.qualified}, rate ${ratePercent(agg.total)}%`));
  out.push("");

  out.push(t("达标情况表（累计完成数量，家）", "达标情况表 (cumulative, enterprises)"));
  const { perCategory, perColumn, total } = tableTotals(agg.total.table);
  const catLabel = (i: number) => [t("规模以上企业", "above scale"), t("高危企业", "high risk"), t("其他生产经营单位", "other units")][i]!;
  const rows: string[][] = [[t("类别", "category"), t("一级", "level 1"), t("二级", "level 2"), t("三级", "level 3"), t("其他", "other"), t("合计", "subtotal")]];
  agg.total.table.forEach((r, i) => rows.push([catLabel(i), ...r.map(String), String(perCategory[i])]));
  rows.push([t("合计", "total"), ...perColumn.map(String), String(total)]);
  out.push(textTable(rows, (i) => i > 0));
  out.push(t(`总计 ${total}`, `grand total ${total}`));
  out.push("");

  const countyRates = rates.filter((r) => r.dimension === "county" || r.dimension === "total");
  const withTargets = countyRates.some((r) => r.target?.current || r.target?.next);
  out.push(t("各区县达标率", "达标率 by county"));
  const head = [t("区县", "county"), t("企业数", "enterprises"), t("达标数", "qualified"), t("达标率", "rate")];
  if (withTargets) head.push(t("当前目标", "target in force"), t("是否达到", "met"), t("尚需", "gap"), t("下一目标", "next target"), t("尚需", "gap"));
  const rr: string[][] = [head];
  for (const r of [...countyRates.slice(1), countyRates[0]!]) {
    const row = [r.dimension === "total" ? t("合计", "total") : r.name, String(r.enterprises), String(r.qualified), `${rateShown(r)}%`];
    if (withTargets) {
      const cur = r.target?.current;
      const nx = r.target?.next;
      row.push(cur ? `${cur.by} ≥${cur.text}` : "—", cur ? (cur.met ? t("是", "yes") : t("否", "no")) : "—", cur ? String(cur.gap) : "—", nx ? `${nx.by} ≥${nx.text}` : "—", nx ? String(nx.gap) : "—");
    }
    rr.push(row);
  }
  out.push(textTable(rr, (i) => i > 0 && i < 4 || i === 6 || i === 8));
  out.push("");
  const dl = (k: DynamicKind) => `${t(DYNAMIC_LABEL[k].zh, DYNAMIC_LABEL[k].en)} ${c.dynamic[k]}`;
  out.push(t("动态管理：", "dynamic management: ") + DYNAMIC_KINDS.map(dl).join(t("，", ", ")));
  out.push(t(`（降级检查分数线：${s.thresholdSource}）`, `(downgrade thresholds: ${s.thresholdSource})`));
  if (outputs) out.push(t(`已写入 ${outputs.dir}：${outputs.written.join("、")}`, `written to ${outputs.dir}: ${outputs.written.join(", ")}`));
  else out.push(t("（未写文件；用 -o <文件夹> 写出达标名单等结果文件）", "(no files written; use -o <dir> to write the list and tables)"));
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// HTML summary

async function renderHtml(s: Settings, summary: Record<string, unknown>, agg: AggregateResult, rates: RateRow[], targets: Targets | undefined): Promise<string> {
  const { renderTemplateFile } = await import("../render/hbs.js");
  const { perCategory, perColumn, total } = tableTotals(agg.total.table);
  const countyRates = rates.filter((r) => r.dimension === "county");
  const current = rates[0]?.target?.current;
  const view = {
    title: t("安全生产标准化达标情况汇总", "Work-safety standardization summary"),
    file: basename(s.file),
    as_of: s.asOf,
    summary,
    table: {
      categories: CATEGORIES.map((name, i) => ({ name, cells: agg.total.table[i], total: perCategory[i] })),
      columns: TABLE_COLUMNS,
      column_totals: perColumn,
      total,
    },
    situation: situationRows(agg).map((cells) => ({ name: cells[0], cells })),
    counties: countyRates.map((r) => rateView(r)),
    rate_tables: [
      { dimension: "county", title: t("二、各区县达标率", "2. 达标率 by county"), head: t("区县", "County"), rows: countyRates.map((r) => rateView(r)) },
      { dimension: "sector", title: t("三、各行业达标率", "3. 达标率 by sector"), head: t("行业", "Sector"), rows: rates.filter((r) => r.dimension === "sector").map((r) => rateView(r)) },
      { dimension: "department", title: t("四、各牵头部门达标率", "4. 达标率 by lead department"), head: t("牵头部门", "Department"), rows: rates.filter((r) => r.dimension === "department").map((r) => rateView(r)) },
    ],
    total: rateView(rates[0]!),
    targets: targets ? { title: targets.title ?? "", milestones: targets.milestones.map((m) => ({ by: m.by, text: m.text })) } : null,
    threshold: current ? current.rate.toNumber() : null,
    dynamic: DYNAMIC_KINDS.map((k) => ({ kind: k, name: t(DYNAMIC_LABEL[k].zh, DYNAMIC_LABEL[k].en), n: (summary.dynamic as Record<string, number>)[k] })),
    all_label: ALL_LABEL,
    dimension_labels: DIMENSION_LABEL,
  };
  return renderTemplateFile("batch-summary", view).text;
}

function rateView(r: RateRow): Record<string, unknown> {
  const cur = r.target?.current;
  const nx = r.target?.next;
  return {
    name: r.name,
    enterprises: r.enterprises,
    qualified: r.qualified,
    rate: r.rate.toNumber(),
    pct: rateShown(r),
    current: cur ? { by: cur.by, text: cur.text, required: cur.required, met: cur.met, gap: cur.gap } : null,
    next: nx ? { by: nx.by, text: nx.text, required: nx.required, gap: nx.gap } : null,
  };
}
