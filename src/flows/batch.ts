// The batch workflow: a register (CSV from Excel) → 达标名单, 达标情况表, 达标率 against targets,
// 动态管理, rejects — streamed, so a register of a million rows runs in bounded memory. The
// output files are written as one set (io/output-set.ts); the caller prints and renders.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { diag, InputError, type Diagnostic } from "../diagnostics.js";
import { getLang, t } from "../i18n.js";
import type { Text } from "../core/lib/text.js";
import { diagnosticJson, message } from "../render/formats/message.js";
import { rateRows, type AggregateResult, type RateRow } from "../core/register/aggregate.js";
import { DYNAMIC_KINDS, type DynamicKind } from "../core/register/dynamic.js";
import type { ProcessCounts, RegisterProcessor } from "../core/register/process.js";
import { summaryJson } from "../core/register/summary.js";
import type { Targets } from "../core/register/targets.js";
import { microText } from "../core/register/values.js";
import type { AtomicFileWriter } from "../io/atomic.js";
import { loadDepartments, loadTargets } from "../io/batch-inputs.js";
import { csvFileRecords } from "../io/csv-reader.js";
import { OutputSet } from "../io/output-set.js";
import { guardOutput } from "../io/atomic.js";
import { checkInputFile } from "../io/inputs.js";
import type { RegisterInfo, RegisterSource } from "../io/register.js";
import { ENCODING_LABEL } from "../io/register-decode.js";
import { toCsv, type CsvBatchWriter } from "../render/formats/csv.js";
import type { Progress } from "../render/formats/progress.js";
import type { SheetSplit } from "../render/formats/xlsx.js";
import {
  AS_OF_COLUMN,
  DENOMINATOR_LABEL,
  DYNAMIC_HEADER,
  LIST_HEADER,
  OUTPUT_FILES,
  RATE_HEADER,
  REJECT_HEADER,
  rateTableRows,
  situationHeader,
  situationRows,
  TREND_HEADER,
  trendRows,
  WARNING_HEADER,
  withLeading,
} from "../render/batch/tables.js";
import { trendSeries, type TrendSeries } from "../core/register/trend.js";
import { batchSettings, type BatchOptions, type BatchSettings } from "./batch-settings.js";
import type { FlowResult } from "./outcome.js";
import { locate, moreRowsDiagnostic, positionCell, scanRegister } from "./register.js";
import { usageProblem } from "./sample.js";

export type { BatchOptions, BatchSettings } from "./batch-settings.js";

/** Row diagnostics printed to stderr before "N more …". */
const STDERR_LIMIT = 20;
/** Row diagnostics kept for --format json. */
const JSON_LIMIT = 1000;
/** Cells in one worksheet row: Excel's limit, which the XLSX library enforces by throwing. */
const SHEET_COLUMNS = 16_384;

export interface BatchRun {
  settings: BatchSettings;
  info: RegisterInfo;
  counts: ProcessCounts;
  agg: AggregateResult;
  rates: RateRow[];
  /** 达标趋势 (with --targets). */
  trend?: TrendSeries[];
  summary: Record<string, unknown>;
  /** File-level diagnostics and the first JSON_LIMIT row diagnostics (the summary JSON's). */
  diagnostics: Diagnostic[];
  outputs?: { dir: string; written: string[] };
}

type Spill = { writer: AtomicFileWriter; csv: CsvBatchWriter };

/** Run batch; `diagnostics` of the result are those for stderr (file level, the first rows, REG042). */
export async function runBatch(file: string, o: BatchOptions, progressFor: (enabled: boolean) => Promise<Progress | undefined>): Promise<FlowResult<BatchRun>> {
  const s = await batchSettings(file, o);
  if (o.trend !== undefined && o.targets === undefined)
    throw usageProblem(
      t("--trend 需要同时给出 --targets（趋势按目标的里程碑日期计算）", "--trend needs --targets (the trend is computed at the milestone dates)"),
    );
  const departments = await loadDepartments(o.departments);
  const targets = await loadTargets(o.targets);
  if (s.out !== undefined) {
    const st = await stat(s.out).catch(() => undefined);
    if (st && !st.isDirectory()) throw usageProblem(t(`-o ${s.out} 已存在且不是文件夹`, `-o ${s.out} exists and is not a folder`));
    // Outputs never replace an input: refused before the register is read, not after.
    checkInputFile(file);
    for (const name of Object.values(OUTPUT_FILES)) guardOutput(join(s.out, name));
  }
  const outputs = s.out !== undefined ? new OutputSet(s.out) : undefined;
  try {
    return await pipeline(s, departments, targets, outputs, await progressFor(s.progress));
  } catch (e) {
    await outputs?.abort();
    throw e;
  }
}

async function pipeline(
  s: BatchSettings,
  departments: Awaited<ReturnType<typeof loadDepartments>>,
  targets: { file: string; targets: Targets } | undefined,
  outputs: OutputSet | undefined,
  progress: Progress | undefined,
): Promise<FlowResult<BatchRun>> {
  const fileLevel: Diagnostic[] = [];
  // Streams open before the first row: rejects (header once the register's is known),
  // warnings, and one spill file per 动态管理 kind (concatenated at the end).
  let rejects: CsvBatchWriter | undefined;
  let warnings: CsvBatchWriter | undefined;
  const spills = new Map<DynamicKind, Spill>();
  if (outputs) {
    rejects = await outputs.csv(OUTPUT_FILES.rejects);
    warnings = await outputs.csv(OUTPUT_FILES.warnings, [AS_OF_COLUMN, ...WARNING_HEADER]);
    for (const k of DYNAMIC_KINDS) spills.set(k, await outputs.spill(`动态管理-${k}`));
  }
  let source: RegisterSource = { kind: "csv" };
  let scan;
  try {
    scan = await scanRegister(
      s.file,
      {
        encoding: s.encoding,
        delimiter: s.delimiter,
        sheet: s.sheet,
        asOf: s.asOf,
        thresholds: s.thresholds,
        departments,
        denominator: s.denominator,
        keepList: outputs !== undefined,
        keep: JSON_LIMIT,
        warnings: true,
        ...(progress ? { onProgress: (b: number, total: number, rows: number) => progress.update(b, total, rows) } : {}),
        ...(outputs ? { afterChunk: () => outputs.drain() } : {}),
      },
      {
        header: (map, line, src) => {
          source = src;
          for (const d of map.duplicates) {
            fileLevel.push(
              diag(
                "REG007",
                { header: map.headers[d.column], column: d.column + 1, first: d.first + 1, key: map.headers[d.first] },
                locate(s.file, src, line, d.column + 1),
              ),
            );
          }
          if (outputs && s.xlsx) {
            // The 拒收记录 sheet carries every register column, the 达标名单 sheet the extra ones (each after the 统计日期 column).
            const needed = 1 + Math.max(REJECT_HEADER.length + map.headers.length, LIST_HEADER.length + map.extras.length);
            if (needed > SHEET_COLUMNS)
              throw new InputError([
                diag("REG073", { count: map.headers.length, needed, limit: SHEET_COLUMNS }, { file: s.file, range: { line, column: SHEET_COLUMNS } }),
              ]);
          }
          rejects?.start([AS_OF_COLUMN, ...REJECT_HEADER, ...map.headers]);
        },
        ...(outputs
          ? {
              reject: (fields: readonly string[], row: number, line: number, problems: readonly import("../core/register/row.js").RowProblem[]) => {
                rejects?.row([
                  s.asOf,
                  row,
                  line,
                  [...new Set(problems.map((p) => positionCell(s.file, source, line, p.column)))].join(";"),
                  problems.map((p) => p.code).join(";"),
                  problems.map((p) => message(p, getLang())).join(t("；", "; ")),
                  ...fields,
                ]);
              },
              warn: (row: number, line: number, p: import("../core/register/row.js").RowProblem, name: string) => {
                warnings?.row([s.asOf, row, line, positionCell(s.file, source, line, p.column), p.code, message(p, getLang()), name]);
              },
              dynamic: (kind: DynamicKind, label: Text, detail: Text, cells: string[]) =>
                void spills.get(kind)!.csv.row([s.asOf, label[getLang()], detail[getLang()], ...cells]),
            }
          : {}),
      },
    );
  } finally {
    progress?.stop();
  }
  const p = scan.processor;
  p.endOfInput();
  for (const [sector, rows] of p.unknownSectors) fileLevel.push(diag("REG035", { sector, rows, label: "未分工" }, { file: s.file }));
  const agg = p.result();
  const rates = rateRows(agg, targets?.targets, s.asOf);
  const trend = targets ? trendSeries(agg, targets.targets, s.asOf, s.trend) : undefined;
  const c = p.counts;

  if (outputs) {
    progress?.status(
      t(
        `已读取 ${c.read.toLocaleString("en-US")} 行，正在排序并写出结果文件…`,
        `read ${c.read.toLocaleString("en-US")} rows; sorting and writing the output files…`,
      ),
    );
    await rejects!.flush();
    await warnings!.flush();
    for (const { csv } of spills.values()) await csv.flush();
    const { clipped, splits } = await writeTables(s, outputs, p, agg, rates, trend, spills);
    if (clipped > 0) fileLevel.push(diag("REG074", { count: clipped, limit: SHEET_COLUMNS, where: join(s.out!, OUTPUT_FILES.rejects) }, { file: s.file }));
    for (const split of splits) {
      fileLevel.push(
        diag(
          "REG064",
          {
            sheet: split.name,
            rows: split.rows.toLocaleString("en-US"),
            count: split.parts.length,
            sheets: split.parts.join(t("、", ", ")),
            file: OUTPUT_FILES.xlsx,
          },
          { file: s.file },
        ),
      );
    }
  }

  const summary = summaryJson({
    file: s.file,
    encoding: scan.info.source.kind === "xlsx" ? `XLSX (${scan.info.source.sheet})` : ENCODING_LABEL[scan.info.encoding],
    delimiter: scan.info.delimiter,
    asOf: s.asOf,
    read: c.read,
    accepted: c.accepted,
    rejected: c.rejected,
    rejectedRows: c.rejectedRows,
    warnings: c.warnings,
    qualified: c.qualified,
    unchecked: c.unchecked,
    notYetIssued: c.notYetIssued,
    expired: c.expired,
    denominator: s.denominator,
    byCode: c.byCode,
    dynamic: c.dynamic,
    agg,
    ...(targets ? { targets } : {}),
    ...(trend ? { trend } : {}),
    thresholds: {
      一级: microText(s.thresholds.一级),
      二级: microText(s.thresholds.二级),
      三级: microText(s.thresholds.三级),
      小微达标: microText(s.thresholds.小微达标),
    },
    ...(outputs ? { outputs: [...outputs.written, ...(s.format === "json" ? [OUTPUT_FILES.summary] : [])] } : {}),
  });
  const diagnostics = [...scan.notes, ...fileLevel, ...scan.rowDiagnostics];

  if (outputs) {
    if (s.format === "json")
      await outputs.whole(
        OUTPUT_FILES.summary,
        JSON.stringify({ ...summary, diagnostics: diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2) + "\n",
      );
    if (s.html) {
      const { batchHtml } = await import("../render/batch/html.js");
      await outputs.whole(OUTPUT_FILES.html, await batchHtml(s.file, s.asOf, summary, agg, rates, targets?.targets, trend));
    }
    await outputs.commit();
    progress?.done();
  }

  // stderr: file-level diagnostics, then the first row diagnostics and a count of the rest.
  const rowDiags = scan.rowDiagnostics.slice(0, STDERR_LIMIT);
  const stderr: Diagnostic[] = [...scan.notes, ...fileLevel, ...rowDiags];
  const rest = Object.values(c.byCode).reduce((a, b) => a + b, 0) - rowDiags.length;
  if (rest > 0) {
    const where =
      s.out !== undefined
        ? `${join(s.out, OUTPUT_FILES.rejects)}, ${join(s.out, OUTPUT_FILES.warnings)}`
        : t(`${OUTPUT_FILES.rejects} 和 ${OUTPUT_FILES.warnings}（用 -o 写出）`, `${OUTPUT_FILES.rejects} and ${OUTPUT_FILES.warnings} (written with -o)`);
    stderr.push(moreRowsDiagnostic(s.file, rest, c.byCode, where));
  }
  const run: BatchRun = { settings: s, info: scan.info, counts: c, agg, rates, summary, diagnostics };
  if (trend) run.trend = trend;
  if (outputs) run.outputs = { dir: outputs.dir, written: outputs.written };
  return { value: run, diagnostics: stderr, outcome: "ok" };
}

async function writeTables(
  s: BatchSettings,
  outputs: OutputSet,
  p: RegisterProcessor,
  agg: AggregateResult,
  rates: RateRow[],
  trend: TrendSeries[] | undefined,
  spills: Map<DynamicKind, Spill>,
): Promise<{ clipped: number; splits: SheetSplit[] }> {
  let clipped = 0;
  // Every CSV starts with the 统计日期 column (and the 口径 column where it shows rates): the
  // files stay one header row plus data for the programs that read them.
  const asOf = [AS_OF_COLUMN, s.asOf] as const;
  const rule = ["应达标企业数口径", DENOMINATOR_LABEL[s.denominator].zh] as const;
  const listHeader = [AS_OF_COLUMN, ...LIST_HEADER, ...p.extraHeaders];
  const list = await outputs.csv(OUTPUT_FILES.list, listHeader);
  for (const r of p.qualifiedRows()) {
    const w = list.row([s.asOf, ...r]);
    if (w) await w;
  }
  await list.flush();

  await outputs.whole(OUTPUT_FILES.situation, toCsv(...withLeading([asOf], situationHeader(), situationRows(agg))));
  await outputs.whole(OUTPUT_FILES.rates, toCsv(...withLeading([asOf, rule], [...RATE_HEADER], rateTableRows(rates))));
  if (trend) await outputs.whole(OUTPUT_FILES.trend, toCsv(...withLeading([asOf, rule], [...TREND_HEADER], trendRows(trend))));

  // 动态管理: header, then each kind's spill in order.
  const dyn = await outputs.open(OUTPUT_FILES.dynamic);
  await dyn.write(toCsv([AS_OF_COLUMN, ...DYNAMIC_HEADER], []));
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
    const { writeWorkbook } = await import("../render/formats/xlsx.js");
    const { batchSheets } = await import("../render/batch/xlsx.js");
    const sheets = batchSheets({
      asOf: s.asOf,
      denominator: DENOMINATOR_LABEL[s.denominator].zh,
      agg,
      rates,
      ...(trend ? { trend } : {}),
      listHeader,
      list: (function* () {
        for (const r of p.qualifiedRows()) yield [s.asOf, ...r];
      })(),
      dynamic: csvFileRecords(outputs.tmpOf(OUTPUT_FILES.dynamic)),
      rejects: clip(csvFileRecords(outputs.tmpOf(OUTPUT_FILES.rejects)), () => clipped++),
    });
    const splits = await writeWorkbook(x.writable, sheets, {
      title: t("安全生产标准化达标情况汇总", "work-safety standardization summary"),
      engine: s.xlsxEngine,
    });
    await x.close();
    return { clipped, splits };
  }
  return { clipped, splits: [] };
}

/** Records cut to a worksheet's width (a rejected row may have any number of fields); `onClip` counts them. */
async function* clip(records: AsyncIterable<string[]>, onClip: () => void): AsyncGenerator<string[]> {
  for await (const r of records) {
    if (r.length <= SHEET_COLUMNS) yield r;
    else {
      onClip();
      yield r.slice(0, SHEET_COLUMNS);
    }
  }
}
