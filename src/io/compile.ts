import { dirname, isAbsolute, relative, resolve } from "node:path";
import { CliError, hasErrors, type Diagnostic } from "../diagnostics.js";
import { canonicalJson } from "../core/canonical.js";
import { compileChain, type CompileOutput } from "../core/compile.js";
import { compiledFromJson, compiledToJson } from "../core/compiled.js";
import { runRules } from "../core/lint/engine.js";
import type { ChainProblem, Locate, SourceDoc } from "../core/lint/types.js";
import type { CompiledStandard } from "../core/model.js";
import type { PointerMap, StandardDoc } from "../core/standard.js";
import { diag } from "../diagnostics.js";
import { schemaDiagnostics, validator } from "./schema.js";
import { findStandard, indexStandards, isPathRef, loadSectorTable, loadStandardCached, type StandardFile, type StandardIndex } from "./standards.js";
import { readUserFile } from "./text.js";
import { parseYamlBytes, rangeAt, type LoadedYaml } from "./yaml.js";
import { sha256Text } from "./text-hash.js";

export interface ChainOptions {
  /** Extra --standards-path folders. */
  extra?: readonly string[];
  /** An index already built (lint shares one across files). */
  index?: StandardIndex;
}

export interface Chain {
  /** Root base first, the starting file last; only files that loaded. */
  files: StandardFile[];
  problems: ChainProblem[];
  /** Diagnostics met on the way (a base id defined twice). */
  diagnostics: Diagnostic[];
}

/** Follow `extends` from a loaded file (ids through the search path, paths relative to the file). */
export async function loadChain(top: StandardFile, opts: ChainOptions = {}): Promise<Chain> {
  const files: StandardFile[] = [top];
  const problems: ChainProblem[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>([[resolve(top.file), top.doc?.id ?? top.file]]);
  let index = opts.index;
  let cur = top;
  while (cur.doc?.extends !== undefined) {
    const ref = cur.doc.extends;
    const baseDir = dirname(resolve(cur.file));
    let found: StandardFile | undefined;
    if (isPathRef(ref)) {
      try {
        found = await loadStandardCached(resolve(baseDir, ref));
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        problems.push({ kind: "not-found", doc: cur.doc, ref, searched: resolve(baseDir, ref) });
        break;
      }
    } else {
      index ??= await indexStandards(opts.extra ?? [], undefined, [baseDir]);
      const r = await findStandard(ref, { index });
      if (!r.file) {
        problems.push({ kind: "not-found", doc: cur.doc, ref, searched: index.searched.join(", ") });
        break;
      }
      diagnostics.push(...r.diagnostics);
      found = r.file;
    }
    const key = resolve(found.file);
    if (seen.has(key)) {
      // The loop starts at the file met again; the checked file reports it when it is part of it.
      const keys = [...seen.keys()];
      const from = keys.indexOf(key);
      const chain = [...seen.values()].slice(from);
      problems.push({ kind: "cycle", doc: from === 0 ? top.doc! : cur.doc, chain: [...chain, chain[0]!] });
      break;
    }
    if (!found.doc) {
      problems.push({ kind: "base-invalid", doc: cur.doc, ref, file: found.file, errors: found.diagnostics.filter((d) => d.severity === "error").length });
      break;
    }
    seen.set(key, found.doc.id);
    files.unshift(found);
    cur = found;
  }
  return { files, problems, diagnostics };
}

/** Positions of model nodes in any of the chain's files. */
export function locatorFor(files: readonly { file: string; loaded: Pick<LoadedYaml, "pos">; pointers: PointerMap }[]): Locate {
  return (node, field) => {
    for (const f of files) {
      const ptr = f.pointers.get(node);
      if (ptr === undefined) continue;
      const p = field !== undefined ? `${ptr}/${field}` : ptr;
      const range = rangeAt(f.loaded, p);
      return range ? { file: f.file, range, path: p } : { file: f.file, path: p };
    }
    return {};
  };
}

export function sourceOf(f: { file: string; loaded: LoadedYaml }, doc: StandardDoc): SourceDoc {
  return {
    doc,
    file: f.file,
    numbers: f.loaded.numText,
    at: (ptr) => {
      const range = rangeAt(f.loaded, ptr);
      return range ? { file: f.file, range, path: ptr } : { file: f.file, path: ptr };
    },
  };
}

/** Mark diagnostics silenced by `# stdz-disable-next-line CODE -- reason` in their file. */
export function applySuppressions(diags: Diagnostic[], files: readonly { file: string; loaded: Pick<LoadedYaml, "suppressions"> }[]): Diagnostic[] {
  for (const d of diags) {
    if (d.file === undefined || d.line === undefined) continue;
    const f = files.find((x) => x.file === d.file);
    const s = f?.loaded.suppressions.get(d.line);
    if (s && s.codes.includes(d.code)) d.suppressed = s.reason ?? "";
  }
  return diags;
}

/** Compile a loaded chain (pure compile plus positions, sectors and suppressions). */
export function compileLoaded(chain: Chain, opts: { fingerprint?: boolean } = {}): CompileOutput {
  const docs = chain.files.map((f) => f.doc!);
  const out = compileChain(docs, {
    locate: locatorFor(chain.files),
    sources: chain.files.map((f) => sourceOf(f, f.doc!)),
    chainProblems: chain.problems,
    sectors: loadSectorTable(),
    fingerprint: opts.fingerprint !== false,
    sha256: sha256Text,
  });
  out.diagnostics.unshift(...chain.diagnostics);
  applySuppressions(out.diagnostics, chain.files);
  if (out.standard && hasErrors(out.diagnostics)) delete out.standard;
  return out;
}

const docFromCompiled = (c: CompiledStandard): StandardDoc => ({
  stdz: 1,
  id: c.id,
  title: c.title,
  tier: c.tier,
  region: c.region,
  sectors: c.sectors,
  ...(c.version !== undefined ? { version: c.version } : {}),
  ...(c.effective !== undefined ? { effective: c.effective } : {}),
  total: c.total,
  scoring: c.scoring,
  grading: c.grading,
  elements: c.elements,
  patch: [],
});

/** Read a compiled standard (JSON): schema, fingerprint and every lint rule are checked. */
export async function readCompiledFile(file: string): Promise<{ compiled?: CompiledStandard; diagnostics: Diagnostic[] }> {
  const loaded = parseYamlBytes(await readUserFile(file), file);
  if (loaded.value === undefined || loaded.diagnostics.length > 0) return { diagnostics: loaded.diagnostics };
  const validate = validator("compiled");
  if (!validate(loaded.value)) return { diagnostics: schemaDiagnostics(validate.errors ?? [], loaded, "STD004") };
  const pointers: PointerMap = new Map();
  const compiled = compiledFromJson(loaded.value as Record<string, unknown>, pointers);
  const diagnostics: Diagnostic[] = [];
  const json = compiledToJson(compiled);
  delete json.fingerprint;
  const actual = sha256Text(canonicalJson(json));
  if (actual !== compiled.fingerprint) {
    diagnostics.push(diag("STD005", { stored: compiled.fingerprint, actual }, { file, range: rangeAt(loaded, "/fingerprint") ?? { line: 1, column: 1 }, path: "/fingerprint" }));
  }
  const doc = docFromCompiled(compiled);
  pointers.set(doc, "");
  const f = { file, loaded, pointers };
  diagnostics.push(
    ...runRules({
      doc,
      sources: [sourceOf(f, doc)],
      std: compiled,
      chainProblems: [],
      patchProblems: [],
      sectors: loadSectorTable(),
      locate: locatorFor([f]),
    }),
  );
  applySuppressions(diagnostics, [f]);
  return hasErrors(diagnostics) ? { diagnostics } : { compiled, diagnostics };
}

/**
 * Load a standard ready for scoring: by id (search path) or by path (relative to `baseDir`),
 * YAML (extends resolved, patches applied, checked) or an already compiled `.json`.
 * Never throws for bad input: `compiled` is undefined when there are errors.
 */
export async function loadCompiled(ref: string, opts: { baseDir?: string; extra?: readonly string[] } = {}): Promise<{ compiled?: CompiledStandard; diagnostics: Diagnostic[] }> {
  try {
    if (isPathRef(ref) && ref.toLowerCase().endsWith(".json")) return await readCompiledFile(resolve(opts.baseDir ?? process.cwd(), ref));
    const found = await findStandard(ref, { ...opts });
    if (!found.file) return { diagnostics: found.diagnostics };
    if (!found.file.doc) return { diagnostics: [...found.diagnostics, ...found.file.diagnostics] };
    const chain = await loadChain(found.file, opts.extra ? { extra: opts.extra } : {});
    chain.diagnostics.unshift(...found.diagnostics);
    const out = compileLoaded(chain);
    return out.standard ? { compiled: out.standard, diagnostics: out.diagnostics } : { diagnostics: out.diagnostics };
  } catch (e) {
    if (e instanceof CliError) return { diagnostics: e.diagnostics };
    throw e;
  }
}

// The base's own problems, wherever the merged standard places them (a whole-standard problem
// lands on the child's `extends`), are recognised by code and message.
const diagKey = (d: Diagnostic): string => `${d.code}|${d.message}`;

/**
 * Lint one loaded standard file. A file that extends another is checked as resolved, but the
 * base's own problems are left to the base (they show as one STD039 at `extends`).
 */
export async function lintStandardFile(sf: StandardFile, opts: ChainOptions = {}): Promise<Diagnostic[]> {
  if (!sf.doc) return applySuppressions([...sf.diagnostics], [sf]);
  const chain = await loadChain(sf, opts);
  const full = compileLoaded(chain, { fingerprint: false }).diagnostics;
  if (chain.files.length < 2) return full;
  const baseChain: Chain = { files: chain.files.slice(0, -1), problems: chain.problems.filter((p) => p.doc !== sf.doc), diagnostics: [] };
  const own = compileLoaded(baseChain, { fingerprint: false }).diagnostics;
  const known = new Set(own.map(diagKey));
  const out = full.filter((d) => !known.has(diagKey(d)));
  const errors = own.filter((d) => d.severity === "error" && d.suppressed === undefined).length;
  if (errors > 0) {
    const base = chain.files[chain.files.length - 2]!;
    const at = locatorFor([sf])(sf.doc, "extends");
    out.push(diag("STD039", { ref: sf.doc.extends ?? base.doc!.id, file: displayPath(base.file), count: errors }, at));
    applySuppressions(out, [sf]);
  }
  return out;
}

/** A diagnostic meaning the input could not be read at all (exit 2), as opposed to one with errors (exit 1). */
export function cannotRun(d: Diagnostic): boolean {
  return d.suppressed === undefined && d.severity === "error" && (d.code.startsWith("YML") || d.code.startsWith("CLI") || d.code === "STD002" || d.code === "STD007");
}

/** Exit code for a command that read standards: 2 could not read, 1 errors, else 0. */
export function exitCodeFor(diags: readonly Diagnostic[]): 0 | 1 | 2 {
  if (diags.some(cannotRun)) return 2;
  return hasErrors(diags) ? 1 : 0;
}

/** Shown paths: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

export function relativizeDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  for (const d of diags) if (d.file !== undefined) d.file = displayPath(d.file);
  return diags;
}
