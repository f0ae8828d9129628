import { dirname, isAbsolute, relative, resolve } from "node:path";
import { displayPath, pathKind, relativizeDiagnostics } from "../io/display.js";
import { diagnosticKey, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { canonicalJson } from "../core/lib/canonical.js";
import { compileChain, type CompileOutput } from "../core/standard/compile.js";
import { compiledFromJson, compiledToJson } from "../core/standard/compiled.js";
import { runRules } from "../core/standard/lint/engine.js";
import type { ChainProblem, LintResults, Locate, SourceDoc } from "../core/standard/lint/types.js";
import type { CompiledStandard } from "../core/standard/model.js";
import type { PointerMap, StandardDoc } from "../core/standard/standard.js";
import { diag } from "../diagnostics.js";
import { diffStandards, type StandardDiff } from "../core/standard/diff.js";
import { allItems, type Standard } from "../core/standard/model.js";
import { resolveApplicable, type Resolution } from "../core/standard/resolve.js";
import { failureOf, outcomeOf, type FlowResult } from "./outcome.js";
import { schemaDiagnostics, validator } from "../io/schema.js";
import {
  findStandard,
  indexStandards,
  isPathRef,
  walkStandardFiles,
  loadSectorTable,
  loadStandardCached,
  type StandardFile,
  type StandardIndex,
} from "../io/standards.js";
import { readUserFile } from "../io/text.js";
import { parseYamlBytes, type LoadedYaml } from "../io/yaml.js";
import { sha256Text } from "../io/text-hash.js";

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
        if (!(e instanceof InputError)) throw e;
        // There but not readable as a standard (a device, a FIFO, too large): say that, not "not found".
        if (e.diagnostics.some((d) => d.code === "CLI006" || d.code === "CLI007")) diagnostics.push(...e.diagnostics);
        else problems.push({ kind: "not-found", doc: cur.doc, ref, searched: resolve(baseDir, ref) });
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
export function locatorFor(files: readonly { file: string; loaded: Pick<LoadedYaml, "locate">; pointers: PointerMap }[]): Locate {
  return (node, field) => {
    for (const f of files) {
      const ptr = f.pointers.get(node);
      if (ptr === undefined) continue;
      const p = field !== undefined ? `${ptr}/${field}` : ptr;
      const range = f.loaded.locate(p);
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
      const range = f.loaded.locate(ptr);
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
    diagnostics.push(
      diag("STD005", { stored: compiled.fingerprint, actual }, { file, range: loaded.locate("/fingerprint") ?? { line: 1, column: 1 }, path: "/fingerprint" }),
    );
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
export async function loadCompiled(
  ref: string,
  opts: { baseDir?: string; extra?: readonly string[] } = {},
): Promise<{ compiled?: CompiledStandard; diagnostics: Diagnostic[] }> {
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
    if (e instanceof InputError) return { diagnostics: e.diagnostics };
    throw e;
  }
}

// The base's own problems are recognised by code, arguments and pointer (never by rendered
// text); one the child has no place for lands on its `extends`, and is matched there by code
// and arguments.
const diagKey = (d: Diagnostic): string => diagnosticKey(d);

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
  const knownAnywhere = new Set(own.map((d) => diagnosticKey({ code: d.code, args: d.args })));
  const isOwn = (d: Diagnostic) => known.has(diagKey(d)) || (d.path === "/extends" && knownAnywhere.has(diagnosticKey({ code: d.code, args: d.args })));
  const out = full.filter((d) => !isOwn(d));
  const errors = own.filter((d) => d.severity === "error" && d.suppressed === undefined).length;
  if (errors > 0) {
    const base = chain.files[chain.files.length - 2]!;
    const at = locatorFor([sf])(sf.doc, "extends");
    out.push(diag("STD039", { ref: sf.doc.extends ?? base.doc!.id, file: displayPath(base.file), count: errors }, at));
    applySuppressions(out, [sf]);
  }
  return out;
}

/** `stdz compile`: a standard by id or path, compiled; undefined when it has errors. */
export async function compileStandard(ref: string, extra: readonly string[]): Promise<FlowResult<CompiledStandard | undefined>> {
  const { compiled, diagnostics } = await loadCompiled(ref, { extra });
  return { value: compiled, diagnostics, outcome: compiled ? outcomeOf(diagnostics) : failureOf(diagnostics) };
}

export interface StandardsDiff {
  diff: StandardDiff;
  old: CompiledStandard;
  new: CompiledStandard;
}

/** `stdz diff`: both standards compiled, then compared. */
export async function diffStandardRefs(a: string, b: string, extra: readonly string[]): Promise<FlowResult<StandardsDiff | undefined>> {
  const A = await loadCompiled(a, { extra });
  const B = await loadCompiled(b, { extra });
  const diagnostics = [...A.diagnostics, ...B.diagnostics];
  if (!A.compiled || !B.compiled) return { value: undefined, diagnostics, outcome: failureOf(diagnostics) };
  return { value: { diff: diffStandards(A.compiled, B.compiled), old: A.compiled, new: B.compiled }, diagnostics, outcome: outcomeOf(diagnostics) };
}

export interface StandardRow {
  id: string;
  title: string;
  tier: Standard["tier"];
  region: string;
  sectors: string[];
  version?: string;
  effective?: string;
  extends?: string;
  items?: number;
  total?: number;
  file: string;
  /** Errors found compiling it (0 when it is usable). */
  errors: number;
}

/** `stdz standards`: every standard in the search path, compiled for its item count and total. */
export async function listStandards(extra: readonly string[]): Promise<FlowResult<StandardRow[]>> {
  const index = await indexStandards(extra);
  const diagnostics: Diagnostic[] = [...index.diagnostics];
  const out: StandardRow[] = [];
  for (const [id, sf] of index.byId) {
    const doc = sf.doc!;
    const chain = await loadChain(sf, { index, extra });
    const res = compileLoaded(chain, { fingerprint: false });
    const std = res.resolved;
    const errors = res.diagnostics.filter((d) => d.severity === "error" && d.suppressed === undefined);
    diagnostics.push(...errors);
    const row: StandardRow = {
      id,
      title: doc.title,
      tier: doc.tier,
      region: std?.region ?? doc.region ?? "全国",
      sectors: std?.sectors ?? doc.sectors ?? ["*"],
      file: displayPath(sf.file),
      errors: errors.length,
    };
    const version = std?.version ?? doc.version;
    const effective = std?.effective ?? doc.effective;
    if (version !== undefined) row.version = version;
    if (effective !== undefined) row.effective = effective;
    if (doc.extends !== undefined) row.extends = doc.extends;
    if (std) {
      row.items = [...allItems(std)].length;
      row.total = std.total.toNumber();
    }
    out.push(row);
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { value: out, diagnostics, outcome: outcomeOf(diagnostics) };
}

export interface ResolvedStandard {
  sector: string;
  region: string;
  resolution: Resolution;
}

/** `stdz standards resolve`: the standard that applies to a sector and region; invalid when none does. */
export async function resolveStandardFor(sector: string, region: string, extra: readonly string[]): Promise<FlowResult<ResolvedStandard>> {
  const listed = await listStandards(extra);
  const resolution = resolveApplicable(
    listed.value.filter((r) => r.errors === 0).map((r) => ({ ...r })),
    { sector, region },
    loadSectorTable(),
  );
  // No applicable standard is a finding about the inputs (STD006, shown by the command), not a failure to run.
  return { value: { sector, region, resolution }, diagnostics: listed.diagnostics, outcome: resolution.chosen ? listed.outcome : "invalid" };
}

/**
 * `stdz lint`: standard files and folders (searched for .yaml/.yml), each checked as resolved;
 * ids must be unique among the files checked together. File names in the result are as shown.
 */
export async function lintPaths(paths: readonly string[], extra: readonly string[]): Promise<FlowResult<LintResults>> {
  const diagnostics: Diagnostic[] = [];
  const targets: string[] = [];
  for (const p of paths) {
    const kind = pathKind(p);
    if (kind === undefined) {
      diagnostics.push(diag("CLI001", { file: p, reason: "文件不存在 / no such file" }, { file: p }));
      continue;
    }
    if (kind === "dir") {
      const { files: found, unreadable } = await walkStandardFiles(resolve(p));
      diagnostics.push(...unreadable);
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
      if (e instanceof InputError) diagnostics.push(...e.diagnostics);
      else throw e;
    }
  }

  const firstById = new Map<string, StandardFile>();
  for (const sf of files) {
    if (!sf.doc) continue;
    const prev = firstById.get(sf.doc.id);
    if (prev)
      diagnostics.push(
        diag(
          "STD003",
          { id: sf.doc.id, first: displayPath(prev.file), second: displayPath(sf.file) },
          { file: sf.file, range: sf.loaded.locate("/id") ?? { line: 1, column: 1 }, path: "/id" },
        ),
      );
    else firstById.set(sf.doc.id, sf);
  }

  // The index (for `extends` by id) is built once, and only when a file needs it.
  let index: StandardIndex | undefined;
  if (files.some((sf) => sf.doc?.extends !== undefined))
    index = await indexStandards(extra, undefined, [...new Set(files.map((f) => dirname(resolve(f.file))))]);
  for (const sf of files) diagnostics.push(...(await lintStandardFile(sf, index ? { index, extra } : { extra })));

  relativizeDiagnostics(diagnostics);
  const results: LintResults = { files: files.map((f) => displayPath(f.file)), diagnostics: sortDiagnostics(diagnostics) };
  return { value: results, diagnostics: results.diagnostics, outcome: outcomeOf(diagnostics) };
}
