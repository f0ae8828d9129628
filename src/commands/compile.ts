import { compiledToJson } from "../core/standard/compiled.js";
import { sortDiagnostics } from "../diagnostics.js";
import { exitCode } from "../flows/outcome.js";
import { compileStandard } from "../flows/standard.js";
import { emit } from "../io/atomic.js";
import { relativizeDiagnostics } from "../io/display.js";
import { printDiagnostics } from "./output.js";

export interface CompileOptions {
  output?: string;
  standardsPath: string[];
  path: string[];
}

export async function run(ref: string, opts: CompileOptions): Promise<number> {
  const { value: compiled, diagnostics, outcome } = await compileStandard(ref, [...opts.standardsPath, ...opts.path]);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics.filter((d) => d.suppressed === undefined))));
  if (compiled) await emit(JSON.stringify(compiledToJson(compiled), null, 2) + "\n", opts.output);
  return exitCode(outcome);
}
