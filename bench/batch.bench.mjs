// stdz batch on a generated 1,000,000-row register with the CSV outputs, against a raw
// csv-parse streaming pass over the same file in the same run (goal ≥ 0.5× its throughput),
// its peak memory (goal ≤ 300 MB), the same two on a register whose every row draws a warning,
// 汇总.xlsx on the same register against the CSV-only run, and the XLSX engine against ExcelJS's.
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { BIN, peakRssMb, report, reportAbsolute, ROOT, timePair, TMP, generatedRegister } from "./lib.mjs";

const BASELINE = join(ROOT, "bench", "csv-parse-count.mjs");

const register = generatedRegister;

export default async function () {
  const runs = Number(process.env.STDZ_BENCH_RUNS ?? 3);
  const big = register(1_000_000);
  const mb = statSync(big).size / 1048576;
  const out = join(TMP, "batch-out");
  const batchArgs = ["batch", big, "-o", out, "--no-xlsx", "--no-html", "--no-progress", "--as-of", "2024-06-30"];

  const [tBatch, tParse] = timePair([process.execPath, [BIN, ...batchArgs]], [process.execPath, [BASELINE, big]], runs);
  // Throughput = rows per second; the ratio is ours over csv-parse's (higher is better).
  const rows = 1_000_000;
  report({
    name: `batch 1M rows (${mb.toFixed(0)} MB), CSV outputs: throughput`,
    value: rows / (tBatch / 1000),
    unit: "rows/s",
    baselineName: "csv-parse streaming count",
    baseline: rows / (tParse / 1000),
    goal: 0.5,
    lowerIsBetter: false,
  });
  console.log(`  wall time: batch ${(tBatch / 1000).toFixed(2)} s, csv-parse ${(tParse / 1000).toFixed(2)} s`);
  reportAbsolute({ name: "batch 1M rows: peak RSS", value: peakRssMb([BIN, ...batchArgs]), unit: "MB", goal: 300 });
  reportAbsolute({ name: "csv-parse count 1M rows: peak RSS (for reference)", value: peakRssMb([BASELINE, big]), unit: "MB" });

  // The same size where every row draws a warning (scores below their grade's threshold, or a
  // certificate number in no known format): warnings stream to warnings.csv, so neither memory
  // nor throughput may depend on how many there are. Baseline: csv-parse over this very file.
  const warned = register(1_000_000, ["--warn-all"]);
  const warnedArgs = batchArgs.map((a) => (a === big ? warned : a));
  const [tWarned, tWarnedParse] = timePair([process.execPath, [BIN, ...warnedArgs]], [process.execPath, [BASELINE, warned]], runs);
  report({
    name: "batch 1M rows, every row warned: throughput",
    value: rows / (tWarned / 1000),
    unit: "rows/s",
    baselineName: "csv-parse streaming count",
    baseline: rows / (tWarnedParse / 1000),
    goal: 0.5,
    lowerIsBetter: false,
  });
  console.log(`  wall time: batch ${(tWarned / 1000).toFixed(2)} s, csv-parse ${(tWarnedParse / 1000).toFixed(2)} s`);
  reportAbsolute({ name: "batch 1M rows, every row warned: peak RSS", value: peakRssMb([BIN, ...warnedArgs]), unit: "MB", goal: 300 });

  // 汇总.xlsx on the 1M-row register: all outputs against the CSV-only run on the same file
  // (issue #13: ≤ 2.5× the CSV-only time, ≤ 300 MB).
  const outX = join(TMP, "batch-out-xlsx");
  const withXlsx = ["batch", big, "-o", outX, "--no-html", "--no-progress", "--as-of", "2024-06-30"];
  const csvOnly = ["batch", big, "-o", outX, "--no-xlsx", "--no-html", "--no-progress", "--as-of", "2024-06-30"];
  const [tX, tC] = timePair([process.execPath, [BIN, ...withXlsx]], [process.execPath, [BIN, ...csvOnly]], Math.min(runs, 2));
  report({ name: "batch 1M rows with 汇总.xlsx: wall time", value: tX, unit: "ms", baselineName: "the same with CSV outputs only", baseline: tC, goal: 2.5 });
  reportAbsolute({ name: "batch 1M rows with 汇总.xlsx: peak RSS", value: peakRssMb([BIN, ...withXlsx]), unit: "MB", goal: 300 });
  reportAbsolute({ name: "batch 1M rows: 汇总.xlsx size", value: statSync(join(outX, "汇总.xlsx")).size / 1048576, unit: "MB" });
  // The hand-written XLSX engine is a performance device: it stays only while it beats the plain
  // way, ExcelJS's streaming writer (STDZ_XLSX_WRITER=exceljs), on the same run.
  const exceljs = { env: { ...process.env, STDZ_XLSX_WRITER: "exceljs" } };
  const [tOurs, tExcelJS] = timePair([process.execPath, [BIN, ...withXlsx]], [process.execPath, [BIN, ...withXlsx], exceljs], 1);
  report({
    name: "batch 1M rows with 汇总.xlsx, hand-written engine: wall time",
    value: tOurs,
    unit: "ms",
    baselineName: "ExcelJS engine",
    baseline: tExcelJS,
    goal: 1,
  });
  reportAbsolute({ name: "batch 1M rows with 汇总.xlsx, ExcelJS engine: peak RSS (for reference)", value: peakRssMb([BIN, ...withXlsx], exceljs), unit: "MB" });

  // GBK decoding (informational): the same 100k rows saved as GBK against UTF-8.
  const mid = register(100_000);
  const gbk = register(100_000, ["--encoding", "gbk"]);
  const csvMid = csvOnly.map((a) => (a === big ? mid : a));
  const [tG, tU] = timePair([process.execPath, [BIN, ...csvMid.map((a) => (a === mid ? gbk : a))]], [process.execPath, [BIN, ...csvMid]], runs);
  report({ name: "batch 100k rows GBK: wall time", value: tG, unit: "ms", baselineName: "UTF-8", baseline: tU });

  rmSync(out, { recursive: true, force: true });
  rmSync(outX, { recursive: true, force: true });
}
