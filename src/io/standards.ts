import { promises as fsp, readFileSync, type Dirent } from "node:fs";
import { delimiter, extname, join, resolve } from "node:path";
import { claimSchemaError } from "../core/standard/lint/claims.js";
import type { SectorTable } from "../core/standard/lint/types.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { normalizeStandard, numberReader, type PointerMap, type StandardDoc } from "../core/standard/standard.js";
import { PACKAGE_ROOT, schemaDiagnostics, validator } from "./schema.js";
import { mark } from "../timing.js";
import { readUserFile } from "./text.js";
import { parseYamlBytes, type LoadedYaml } from "./yaml.js";

/** One standard file read from disk: its YAML with positions, the model, and what was wrong. */
export interface StandardFile {
  file: string;
  loaded: LoadedYaml;
  /** Undefined when the file is not valid YAML or breaks the schema. */
  doc?: StandardDoc;
  pointers: PointerMap;
  diagnostics: Diagnostic[];
}

export const SHIPPED_STANDARDS = join(PACKAGE_ROOT, "standards");

/** Parse and schema-check standard text. Pure apart from the precompiled validator. */
export function readStandardBytes(buf: Uint8Array, file: string): StandardFile {
  mark(`read ${file}`);
  const loaded = parseYamlBytes(buf, file);
  mark("parse YAML");
  const pointers: PointerMap = new Map();
  const out: StandardFile = { file, loaded, pointers, diagnostics: [...loaded.diagnostics] };
  if (loaded.value === undefined || loaded.diagnostics.some((d) => d.severity === "error")) return out;
  const validate = validator("standard");
  const valid = validate(loaded.value);
  mark("schema check");
  if (!valid) {
    out.diagnostics.push(...schemaDiagnostics(validate.errors ?? [], loaded, "STD001", claimSchemaError));
    return out;
  }
  out.doc = normalizeStandard(loaded.value as Record<string, unknown>, numberReader(loaded.numText), pointers);
  mark("build the model");
  return out;
}

/** Read a standard file; a missing file is a CLI001 error (exit 2). */
export async function loadStandardFile(file: string): Promise<StandardFile> {
  return readStandardBytes(await readUserFile(file), file);
}

/** Folders searched for standards by id: shipped, then --standards-path, then $STDZ_STANDARDS_PATH. */
export function searchPath(extra: readonly string[] = [], env: string | undefined = process.env.STDZ_STANDARDS_PATH): string[] {
  const fromEnv = (env ?? "").split(delimiter).filter(Boolean);
  return [SHIPPED_STANDARDS, ...extra, ...fromEnv].map((p) => resolve(p));
}

const STANDARD_EXT = new Set([".yaml", ".yml"]);

// One definition, shared with the compiled-standard cache; re-exported for the commands.
import { isPathRef } from "../runtime/standard-ref.js";
export { isPathRef };

/** Standard files (.yaml/.yml) under a folder, sorted; `recursive: false` reads only the folder itself. */
export async function listStandardFiles(dir: string, recursive = true): Promise<string[]> {
  return (await walkStandardFiles(dir, recursive)).files;
}

/**
 * The same, with the folders that could not be read (each one a warning for the caller):
 * one unreadable subfolder must not hide the standards beside it.
 */
export async function walkStandardFiles(
  dir: string,
  recursive = true,
  // The folder reader, replaceable in tests: root reads every folder, so chmod cannot make one fail.
  readdir: (path: string) => Promise<Dirent[]> = (path) => fsp.readdir(path, { withFileTypes: true }),
): Promise<{ files: string[]; unreadable: Diagnostic[] }> {
  const files: string[] = [];
  const unreadable: Diagnostic[] = [];
  const walk = async (d: string, top: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A missing search-path folder is normal; a folder that is there but unreadable is not.
      if (!(top && (code === "ENOENT" || code === "ENOTDIR"))) unreadable.push(diag("STD061", { path: d, reason: code ?? String(e) }, { file: d }));
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isFile() && STANDARD_EXT.has(extname(e.name).toLowerCase())) files.push(p);
      else if (recursive && e.isDirectory()) await walk(p, false);
    }
  };
  await walk(dir, true);
  return { files: files.sort(), unreadable };
}

export interface StandardIndex {
  /** id → the file that defines it. */
  byId: Map<string, StandardFile>;
  files: StandardFile[];
  diagnostics: Diagnostic[];
  /** id → the STD003 diagnostics of the files that define it again. */
  duplicates: Map<string, Diagnostic[]>;
  searched: string[];
}

/** Files already read in this process, by absolute path (a run reads each file once). */
const fileCache = new Map<string, Promise<StandardFile>>();

/** Load a standard file once per process (the index and `extends` chains share it). */
export function loadStandardCached(file: string): Promise<StandardFile> {
  const key = resolve(file);
  let hit = fileCache.get(key);
  if (!hit) {
    hit = loadStandardFile(file);
    fileCache.set(key, hit);
    hit.catch(() => fileCache.delete(key));
  }
  return hit;
}

/**
 * Load every standard in the search path, plus the standards directly inside `shallow`
 * folders (not their subfolders: the folder of the file being linted or compiled).
 * An id defined twice is an STD003 error naming both files.
 */
export async function indexStandards(extra: readonly string[] = [], env?: string, shallow: readonly string[] = []): Promise<StandardIndex> {
  const searched = searchPath(extra, env);
  const seenFiles = new Set<string>();
  const index: StandardIndex = {
    byId: new Map(),
    files: [],
    diagnostics: [],
    duplicates: new Map(),
    searched: [...searched, ...shallow.map((d) => resolve(d))],
  };
  const lists: string[][] = [];
  for (const [dir, recursive] of [...searched.map((d) => [d, true] as const), ...shallow.map((d) => [resolve(d), false] as const)]) {
    const w = await walkStandardFiles(dir, recursive);
    lists.push(w.files);
    index.diagnostics.push(...w.unreadable);
  }
  for (const list of lists) {
    for (const f of list) {
      if (seenFiles.has(f)) continue;
      seenFiles.add(f);
      const sf = await loadStandardCached(f);
      index.files.push(sf);
      if (!sf.doc) {
        index.diagnostics.push(...sf.diagnostics);
        continue;
      }
      const prev = index.byId.get(sf.doc.id);
      if (prev) {
        const d = diag("STD003", { id: sf.doc.id, first: prev.file, second: f }, { file: f, range: sf.loaded.locate("/id") ?? { line: 1, column: 1 } });
        index.diagnostics.push(d);
        index.duplicates.set(sf.doc.id, [...(index.duplicates.get(sf.doc.id) ?? []), d]);
        continue;
      }
      index.byId.set(sf.doc.id, sf);
    }
  }
  return index;
}

/**
 * Find a standard by id (in the index) or by path (relative to `baseDir`).
 * Returns diagnostics instead of throwing when it is not found.
 */
export async function findStandard(
  ref: string,
  opts: { baseDir?: string; index?: StandardIndex; extra?: readonly string[] } = {},
): Promise<{ file?: StandardFile; diagnostics: Diagnostic[] }> {
  if (isPathRef(ref)) {
    const file = resolve(opts.baseDir ?? process.cwd(), ref);
    const sf = await loadStandardCached(file);
    return { file: sf, diagnostics: [] };
  }
  const index = opts.index ?? (await indexStandards(opts.extra ?? [], undefined, opts.baseDir ? [opts.baseDir] : []));
  const sf = index.byId.get(ref);
  if (sf) {
    // An id defined twice is ambiguous: refuse rather than pick one.
    return { file: sf, diagnostics: index.duplicates.get(ref) ?? [] };
  }
  return { diagnostics: [diag("STD002", { id: ref, searched: index.searched.join(delimiter) })] };
}

let sectorTable: SectorTable | undefined;

/** One row of data/sectors.json (泉州 附件2: 46 sectors and their lead departments). */
export interface SectorRow {
  no: number;
  sector: string;
  full: string;
  department: string;
  aliases?: string[];
}

/** The shipped sector table: names and alias → name, read once. */
export function loadSectorTable(): SectorTable {
  if (sectorTable) return sectorTable;
  const data = JSON.parse(readFileSync(join(PACKAGE_ROOT, "data", "sectors.json"), "utf8")) as { sectors: SectorRow[] };
  const names = new Set<string>();
  const aliases = new Map<string, string>();
  for (const row of data.sectors) {
    names.add(row.sector);
    if (row.full !== row.sector) aliases.set(row.full, row.sector);
    for (const a of row.aliases ?? []) aliases.set(a, row.sector);
  }
  sectorTable = { names, aliases };
  return sectorTable;
}
