// Reading a register straight from .xlsx: 100,000 generated rows saved as a workbook (merged
// title row, dates as date cells, scores as numbers; bench/csv-to-xlsx.mjs) against the same
// rows as CSV, in the same run: `stdz batch` without outputs, throughput ratio (goal ≥ 0.3×)
// and peak memory of the .xlsx read (goal ≤ 300 MB).
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BIN, generatedRegister, peakRssMb, report, reportAbsolute, ROOT, timePair } from "./lib.mjs";

const CONVERT = join(ROOT, "bench", "csv-to-xlsx.mjs");

function workbookOf(csv) {
  const xlsx = csv.replace(/\.csv$/, ".xlsx");
  const stamp = xlsx + ".params";
  const want = JSON.stringify({ csv: statSync(csv).mtimeMs, convert: statSync(CONVERT).mtimeMs });
  if (!existsSync(xlsx) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
    const r = spawnSync(process.execPath, [CONVERT, csv, xlsx], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("csv-to-xlsx failed");
    writeFileSync(stamp, want);
  }
  return xlsx;
}

export default async function () {
  const runs = Number(process.env.STDZ_BENCH_RUNS ?? 3);
  const rows = Number(process.env.STDZ_BENCH_XLSX_ROWS ?? 100_000);
  const csv = generatedRegister(rows);
  const xlsx = workbookOf(csv);
  const args = (f) => ["batch", f, "--no-progress", "--as-of", "2024-06-30"];
  const [tX, tC] = timePair([process.execPath, [BIN, ...args(xlsx)]], [process.execPath, [BIN, ...args(csv)]], runs);
  report({
    name: `batch ${rows.toLocaleString("en-US")} rows from .xlsx (${(statSync(xlsx).size / 1048576).toFixed(0)} MB): throughput`,
    value: rows / (tX / 1000),
    unit: "rows/s",
    baselineName: "the same rows as CSV",
    baseline: rows / (tC / 1000),
    goal: 0.3,
    lowerIsBetter: false,
  });
  console.log(`  wall time: .xlsx ${(tX / 1000).toFixed(2)} s, CSV ${(tC / 1000).toFixed(2)} s`);
  reportAbsolute({ name: `batch ${rows.toLocaleString("en-US")} rows from .xlsx: peak RSS`, value: peakRssMb([BIN, ...args(xlsx)]), unit: "MB", goal: 300 });
  reportAbsolute({ name: `batch ${rows.toLocaleString("en-US")} rows from CSV: peak RSS (for reference)`, value: peakRssMb([BIN, ...args(csv)]), unit: "MB" });
}
