// stdz sample: options → the sample flow → stderr diagnostics and the seed → the chosen output.
import { t } from "../i18n.js";
import { emit } from "../io/atomic.js";
import { exitCode } from "../flows/outcome.js";
import { drawSample, type SampleOptions } from "../flows/sample.js";
import { progressBar } from "../render/formats/progress.js";
import { printDiagnostics } from "./output.js";
import { todayIso } from "../runtime/today.js";

export async function run(file: string, o: SampleOptions): Promise<number> {
  const { value: result, diagnostics, outcome } = await drawSample(file, { ...o, today: todayIso() }, await progressBar(true));
  printDiagnostics(diagnostics);
  // The seed is always printed, whatever the format (stderr when stdout carries data).
  if (o.format !== "table") process.stderr.write(t(`种子：${result.seed}\n`, `seed: ${result.seed}\n`));
  const render = await import("../render/sample/sample-output.js");
  const text = o.format === "json" ? render.sampleJson(result) : o.format === "csv" ? render.sampleCsv(result) : render.sampleTable(result);
  await emit(text, o.output);
  return exitCode(outcome);
}
