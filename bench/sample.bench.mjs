// stdz sample on the generated 1,000,000-row register that bench/batch.bench.mjs uses (same
// generator, arguments and path in bench/.tmp), against `stdz batch -o <dir>` (CSV outputs) on
// the same file in the same run: goal ≤ 1.2× its wall time. Peak memory ≤ 300 MB, also on a
// register whose every row draws a warning.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BIN, generatedRegister, peakRssMb, report, reportAbsolute, timePair, TMP } from "./lib.mjs";

const register = generatedRegister;

export default async function () {
  const runs = Number(process.env.STDZ_BENCH_RUNS ?? 3);
  const big = register(1_000_000);
  const out = join(TMP, "sample-batch-out");
  const sampleOut = join(TMP, "sample-out.csv");
  const sampleArgs = ["sample", big, "--seed", "2024-06-30", "--format", "csv", "-o", sampleOut];
  const batchArgs = ["batch", big, "-o", out, "--no-xlsx", "--no-html", "--no-progress", "--as-of", "2024-06-30"];
  const [tSample, tBatch] = timePair([process.execPath, [BIN, ...sampleArgs]], [process.execPath, [BIN, ...batchArgs]], runs);
  report({
    name: "sample 1M rows (rate 0.1, by county): wall time",
    value: tSample,
    unit: "ms",
    baselineName: "stdz batch -o (CSV outputs)",
    baseline: tBatch,
    goal: 1.2,
  });
  console.log(`  wall time: sample ${(tSample / 1000).toFixed(2)} s, batch ${(tBatch / 1000).toFixed(2)} s`);
  reportAbsolute({ name: "sample 1M rows: peak RSS", value: peakRssMb([BIN, ...sampleArgs]), unit: "MB", goal: 300 });
  // Every row warned (and rejected rows' problems counted): memory must not depend on it.
  const warned = register(1_000_000, ["--warn-all"]);
  const warnedArgs = sampleArgs.map((a) => (a === big ? warned : a));
  reportAbsolute({ name: "sample 1M rows, every row warned: peak RSS", value: peakRssMb([BIN, ...warnedArgs]), unit: "MB", goal: 300 });
  rmSync(out, { recursive: true, force: true });
  rmSync(sampleOut, { force: true });
}
