import { statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { CliError, diag, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { RULES } from "../core/lint/index.js";
import { getLang } from "../i18n.js";
import { summarize, type LintResults } from "../core/lint/types.js";
import { emit } from "../io/atomic.js";
import { cannotRun, displayPath as display, lintStandardFile } from "../io/compile.js";
import { indexStandards, listStandardFiles, loadStandardCached, type StandardFile, type StandardIndex } from "../io/standards.js";
import { diagnosticsJson } from "../render/diagnostics-json.js";
import { sarif } from "../render/sarif.js";
import { stylish } from "../render/stylish.js";
import { mark } from "../timing.js";
import { VERSION } from "../version.js";
import { usageError } from "./output.js";
import type { LintOptions } from "./lint.cli.js";


export async function run(paths: string[], opts: LintOptions): Promise<number> {
  let maxWarnings: number | undefined;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw usageError(`--max-warnings: ${opts.maxWarnings}`);
  }
  const extra = [...opts.standardsPath, ...opts.path];
  const diagnostics: Diagnostic[] = [];
  const targets: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      diagnostics.push(diag("CLI001", { file: p, reason: "文件不存在 / no such file" }, { file: p }));
      continue;
    }
    if (st.isDirectory()) {
      const found = await listStandardFiles(resolve(p));
      if (found.length === 0) diagnostics.push(diag("STD007", { path: p }, { file: p }));
      targets.push(...found.map((f) => (isAbsolute(p) ? f : relative(process.cwd(), f) || f)));
    } else targets.push(p);
  }

  const files: StandardFile[] = [];
  const unique = new Map<string, string>();
  for (const f of targets) if (!unique.has(resolve(f))) unique.set(resolve(f), f);
  for (const f of unique.values()) {
    try {
      files.push(await loadStandardCached(f));
    } catch (e) {
      if (e instanceof CliError) diagnostics.push(...e.diagnostics);
      else throw e;
    }
  }

  // Ids are unique among the files checked together.
  const firstById = new Map<string, StandardFile>();
  for (const sf of files) {
    if (!sf.doc) continue;
    const prev = firstById.get(sf.doc.id);
    if (prev) diagnostics.push(diag("STD003", { id: sf.doc.id, first: display(prev.file), second: display(sf.file) }, { file: sf.file, range: sf.loaded.locate("/id") ?? { line: 1, column: 1 }, path: "/id" }));
    else firstById.set(sf.doc.id, sf);
  }

  // The index (for `extends` by id) is built once, and only when a file needs it.
  let index: StandardIndex | undefined;
  const needsIndex = files.some((sf) => sf.doc?.extends !== undefined);
  if (needsIndex) index = await indexStandards(extra, undefined, [...new Set(files.map((f) => dirname(resolve(f.file))))]);
  for (const sf of files) diagnostics.push(...(await lintStandardFile(sf, index ? { index, extra } : { extra })));
  mark("lint rules");

  for (const d of diagnostics) if (d.file !== undefined) d.file = display(d.file);
  const results: LintResults = { files: files.map((f) => display(f.file)), diagnostics: sortDiagnostics(diagnostics) };
  const lang = getLang();
  const text =
    opts.format === "json"
      ? diagnosticsJson(results, { lang })
      : opts.format === "sarif"
        ? sarif(results, { version: VERSION, rules: RULES.map((r) => r.meta), lang })
        : stylish(results, opts.color === false || opts.output ? { color: false, lang } : { lang });
  await emit(text, opts.output);
  mark("output");

  if (diagnostics.some(cannotRun)) return 2;
  const s = summarize(results);
  if (s.errors > 0) return 1;
  if (maxWarnings !== undefined && s.warnings > maxWarnings) return 1;
  return 0;
}
