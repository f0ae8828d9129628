// stdz deviation: options → the deviation flow → diagnostics, the chosen output and the HTML page.
import { emit, writeFileAtomic } from "../io/atomic.js";
import { deviation, type DeviationOptions } from "../flows/deviation.js";
import { exitCode } from "../flows/outcome.js";
import { printDiagnostics } from "./output.js";

export async function run(reported: string | undefined, audited: string | undefined, o: DeviationOptions): Promise<number> {
  const { value: run, diagnostics, outcome } = await deviation(reported, audited, o);
  printDiagnostics(diagnostics);
  if (run === undefined) return exitCode(outcome);
  const render = await import("../render/deviation/deviation-output.js");
  let text: string;
  let html: string | undefined;
  if (run.kind === "register") {
    const r = run.report;
    text = o.format === "json" ? render.registerJson(r) : o.format === "csv" ? render.registerCsv(r) : render.registerTable(r);
    if (o.html !== undefined) html = await render.deviationHtml({ register: r });
  } else {
    const r = run.report;
    text = o.format === "json" ? render.pairJson(r) : o.format === "csv" ? render.pairCsv(r) : render.pairTable(r);
    if (o.html !== undefined) html = await render.deviationHtml({ pair: r });
  }
  await emit(text, o.output);
  if (html !== undefined && o.html !== undefined) await writeFileAtomic(o.html, html);
  return exitCode(outcome, { strict: Boolean(o.failOnFlag), soft: run.flagged });
}
