// stdz batch: options → the batch flow → stderr diagnostics and the summary (text or JSON).
import { exitCode } from "../flows/outcome.js";
import { runBatch, type BatchOptions } from "../flows/batch.js";
import { progressBar } from "../render/formats/progress.js";
import { getLang } from "../i18n.js";
import { diagnosticJson } from "../render/formats/message.js";
import { printDiagnostics } from "./output.js";
import { todayIso } from "../runtime/today.js";
import type { XlsxEngineName } from "../render/formats/xlsx.js";

/** STDZ_XLSX_WRITER=exceljs writes 汇总.xlsx through ExcelJS: the plain engine, for the bench's comparison or a reader that disagrees with ours. */
function xlsxEngine(): XlsxEngineName {
  return process.env.STDZ_XLSX_WRITER === "exceljs" ? "exceljs" : "stdz";
}

export async function run(file: string, o: BatchOptions): Promise<number> {
  const { value: run, diagnostics, outcome } = await runBatch(file, { ...o, today: todayIso(), xlsxEngine: xlsxEngine() }, (enabled) => progressBar(enabled));
  printDiagnostics(diagnostics);
  if (run.settings.format === "json")
    process.stdout.write(JSON.stringify({ ...run.summary, diagnostics: run.diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2) + "\n");
  else process.stdout.write((await import("../render/batch/text.js")).batchText(run));
  return exitCode(outcome, { strict: run.settings.strict, soft: run.counts.rejected > 0 });
}
