import { compiledToJson } from "../core/compiled.js";
import { sortDiagnostics } from "../diagnostics.js";
import { emit } from "../io/atomic.js";
import { exitCodeFor, loadCompiled, relativizeDiagnostics } from "../io/compile.js";
import type { CompileOptions } from "./compile.cli.js";
import { printDiagnostics } from "./output.js";

export async function run(ref: string, opts: CompileOptions): Promise<number> {
  const { compiled, diagnostics } = await loadCompiled(ref, { extra: [...opts.standardsPath, ...opts.path] });
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics.filter((d) => d.suppressed === undefined))));
  if (!compiled) return Math.max(1, exitCodeFor(diagnostics));
  await emit(JSON.stringify(compiledToJson(compiled), null, 2) + "\n", opts.output);
  return exitCodeFor(diagnostics);
}
