import { lstatSync, realpathSync, statSync } from "node:fs";
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { InputError, diag, hasErrors, type Diagnostic } from "../diagnostics.js";
import { evidencePathProblem, normalizeBundle, normalizeEvidencePath, type Bundle } from "../core/scoring/bundle.js";
import type { EvidenceFile } from "../core/scoring/result.js";
import { text } from "../core/lib/text.js";
import { beginHashing } from "./hash.js";
import { schemaDiagnostics, validator } from "./schema.js";
import { noteInputs } from "./inputs.js";
import { readUserFile } from "./text.js";
import { WORKBOOK } from "./self-assessment-names.js";
import { parseYamlBytes, type LoadedYaml } from "./yaml.js";

export const MANIFEST = "bundle.yaml";

/** A bundle folder read from disk: the manifest with positions and, when it is well-formed, the model. */
export interface LoadedBundle {
  dir: string;
  /** bundle.yaml as the user would name it (dir joined with the file name). */
  file: string;
  loaded: LoadedYaml;
  /** The manifest's bytes as read (hashed into the result). */
  bytes: Buffer;
  /** Undefined when the manifest breaks the schema. */
  bundle?: Bundle;
  diagnostics: Diagnostic[];
  /** The manifest's name in the folder: bundle.yaml, or 自评表.xlsx when the bundle was filled in Excel. */
  manifest: string;
  /** For a workbook: moves diagnostics from the YAML it was read as onto its cells (自评表.xlsx!评分表!H12). */
  place?: (diags: Diagnostic[]) => Diagnostic[];
}

/** Give diagnostics that carry only a JSON pointer the file, line and column of that node. */
export function positionDiagnostics(diags: Diagnostic[], loaded: Pick<LoadedYaml, "file" | "locate" | "value">): Diagnostic[] {
  for (const d of diags) {
    if (d.file === undefined) d.file = loaded.file;
    if (d.line !== undefined || d.path === undefined || d.file !== loaded.file) continue;
    // Containers (a list, a mapping) are best pointed at by their key; scalars by their value.
    const r = loaded.locate(d.path, isContainerAt(loaded.value, d.path) ? "key" : "value");
    if (!r) continue;
    d.line = r.line;
    d.column = r.column;
    if (r.end_line !== undefined) d.end_line = r.end_line;
    if (r.end_column !== undefined) d.end_column = r.end_column;
  }
  return diags;
}

function isContainerAt(root: unknown, ptr: string): boolean {
  let v = root;
  for (const seg of ptr.split("/").slice(1)) {
    if (v === null || typeof v !== "object") return false;
    v = (v as Record<string, unknown>)[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v !== null && typeof v === "object";
}

/**
 * Read and check `<dir>/bundle.yaml`. A missing manifest or unparseable YAML cannot run
 * (InputError, exit 2); schema and value problems come back as diagnostics (exit 1).
 */
export async function readBundle(dir: string): Promise<LoadedBundle> {
  const file = join(dir, MANIFEST);
  let st;
  try {
    st = await stat(dir);
  } catch {
    throw new InputError([diag("CLI001", { file: dir, reason: text("文件夹不存在", "no such folder") }, { file: dir })]);
  }
  const workbook = st.isDirectory() ? await workbookInstead(dir) : basename(dir) === WORKBOOK || dir.toLowerCase().endsWith(".xlsx") ? dir : undefined;
  if (workbook !== undefined) return readWorkbookBundle(workbook);
  const bytes = await readUserFile(st.isDirectory() ? file : dir);
  const display = st.isDirectory() ? file : dir;
  const loaded = parseYamlBytes(bytes, display);
  if (loaded.value === undefined || hasErrors(loaded.diagnostics)) throw new InputError(loaded.diagnostics);
  return checkManifest({ dir: st.isDirectory() ? dir : dirname(dir), file: display, loaded, bytes, diagnostics: [...loaded.diagnostics], manifest: MANIFEST });
}

/** A folder without bundle.yaml but with 自评表.xlsx is read from the workbook; both is ambiguous. */
async function workbookInstead(dir: string): Promise<string | undefined> {
  const isFile = async (f: string) => (await stat(f).catch(() => undefined))?.isFile() ?? false;
  const xlsx = join(dir, WORKBOOK);
  if (!(await isFile(xlsx))) return undefined;
  if (await isFile(join(dir, MANIFEST))) throw new InputError([diag("BUN082", { dir }, { file: dir })]);
  return xlsx;
}

/** Read a filled 自评表.xlsx as the bundle.yaml it stands for, with diagnostics placed on cells. */
async function readWorkbookBundle(xlsx: string): Promise<LoadedBundle> {
  const bytes = await readUserFile(xlsx);
  const { workbookAsYaml } = await import("./self-assessment-xlsx.js");
  const { yaml, cells } = await workbookAsYaml(bytes, xlsx);
  const loaded = parseYamlBytes(Buffer.from(yaml, "utf8"), xlsx);
  const place = (diags: Diagnostic[]): Diagnostic[] => {
    for (const d of diags) {
      if (d.file !== xlsx || d.line === undefined) continue;
      const cell = cells.get(d.line);
      if (cell !== undefined) d.file = `${xlsx}!${cell}`;
      delete d.line;
      delete d.column;
      delete d.end_line;
      delete d.end_column;
    }
    return diags;
  };
  if (loaded.value === undefined || hasErrors(loaded.diagnostics)) throw new InputError(place(loaded.diagnostics));
  const lb = await checkManifest({ dir: dirname(xlsx), file: xlsx, loaded, bytes, diagnostics: [...loaded.diagnostics], manifest: WORKBOOK, place });
  place(lb.diagnostics);
  return lb;
}

async function checkManifest(out: LoadedBundle): Promise<LoadedBundle> {
  const loaded = out.loaded;
  // `status:` left empty (as `stdz init bundle` writes it) is absent, reported as BUN019 later.
  const findings = (loaded.value as { findings?: unknown }).findings;
  if (Array.isArray(findings))
    for (const f of findings) if (f && typeof f === "object" && (f as { status?: unknown }).status === null) delete (f as { status?: unknown }).status;
  const validate = validator("bundle");
  if (!validate(loaded.value)) {
    out.diagnostics.push(...schemaDiagnostics(validate.errors ?? [], loaded, "BUN001"));
    return out;
  }
  const src = (ptr: string) => loaded.numText.get(ptr);
  const { bundle, diagnostics } = normalizeBundle(loaded.value as Record<string, unknown>, src);
  out.bundle = bundle;
  out.diagnostics.push(...positionDiagnostics(diagnostics, loaded));
  return out;
}

export interface CitedFile {
  /** Normalised relative path, '/'-separated, as recorded in the result. */
  path: string;
  /** Resolved absolute path (links followed) to read. */
  real: string;
  /** Size when checked, in bytes (not known for files taken from the listing). */
  size?: number;
}

async function realDir(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    throw new InputError([diag("CLI001", { file: dir, reason: text("文件夹不存在", "no such folder") }, { file: dir })]);
  }
}

/** Inside `root` (itself resolved), or `root` itself. */
export const inside = (root: string, p: string): boolean => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Check the evidence paths of every finding: relative, no '..', existing regular files whose
 * links do not lead out of the bundle. Each distinct path is checked once; the diagnostics
 * are positioned on the first finding citing it.
 */
export async function checkEvidence(lb: LoadedBundle, listing?: BundleListing): Promise<{ files: CitedFile[]; diagnostics: Diagnostic[] }> {
  const bundle = lb.bundle!;
  const root = await realDir(lb.dir);
  // Regular files met walking a real files/ folder (links neither listed as files nor descended) need no further checks.
  let known: ReadonlySet<string> = new Set();
  if (listing) {
    try {
      if (lstatSync(join(root, "files")).isDirectory()) known = listing.regular;
    } catch {
      /* no files/ folder */
    }
  }
  const diagnostics: Diagnostic[] = [];
  const firstPtr = new Map<string, { raw: string; ptr: string }>();
  for (const f of bundle.findings) {
    for (const e of f.evidence) {
      const problem = evidencePathProblem(e.path);
      if (problem) {
        diagnostics.push(diag(problem, { path: e.path }, { path: e.ptr }));
        continue;
      }
      const norm = normalizeEvidencePath(e.path);
      if (!firstPtr.has(norm)) firstPtr.set(norm, { raw: e.path, ptr: e.ptr });
    }
  }
  const files: CitedFile[] = [];
  // Blocking calls: a thousand small stats cost less than a thousand thread-pool round trips.
  for (const [norm, { raw, ptr }] of firstPtr) {
    const abs = join(root, ...norm.split("/"));
    if (known.has(norm)) {
      files.push({ path: norm, real: abs });
      continue;
    }
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") diagnostics.push(diag("BUN053", { path: raw }, { path: ptr }));
      else diagnostics.push(diag("BUN056", { path: raw, reason: code ?? String(e) }, { path: ptr }));
      continue;
    }
    if (!inside(root, real)) {
      diagnostics.push(diag("BUN055", { path: raw, target: real }, { path: ptr }));
      continue;
    }
    const st = statSync(real);
    if (!st.isFile()) {
      diagnostics.push(diag("BUN054", { path: raw, kind: st.isDirectory() ? text("目录", "a directory") : text("特殊文件", "a special file") }, { path: ptr }));
      continue;
    }
    files.push({ path: norm, real, size: st.size });
  }
  return { files, diagnostics: positionDiagnostics(diagnostics, lb.loaded) };
}

export interface BundleListing {
  /** Every file under files/ (links included, not followed), as '/'-separated paths relative to the bundle. */
  all: string[];
  /** Those that are regular files reached through real folders only. */
  regular: Set<string>;
  /** Folders under files/ that could not be read: the listing is incomplete, never silently short. */
  unreadable: { path: string; reason: string }[];
}

/** The one file-system call the listing makes; tests pass their own to make a folder fail as root cannot. */
export type ReadDir = (dir: string) => Promise<Dirent[]>;
const readDirents: ReadDir = (dir) => readdir(dir, { withFileTypes: true });

/** Walk `<dir>/files` once: what is there (for the uncited and added checks) and what is plainly a regular file. */
export async function listBundle(dir: string, sub = "files", read: ReadDir = readDirents): Promise<BundleListing> {
  const listing: BundleListing = { all: [], regular: new Set(), unreadable: [] };
  const rel = (abs: string) => relative(dir, abs).split(sep).join("/");
  // Folder by folder (not readdir's recursive mode, which gives up on the first unreadable one).
  const root = join(dir, sub);
  const pending = [root];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await read(folder);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // No files/ folder at all is a bundle without evidence, not an error.
      if (!(folder === root && (code === "ENOENT" || code === "ENOTDIR"))) listing.unreadable.push({ path: rel(folder), reason: code ?? String(e) });
      continue;
    }
    for (const e of entries) {
      const abs = join(folder, e.name);
      if (e.isDirectory()) pending.push(abs);
      else if (e.isFile() || e.isSymbolicLink()) {
        const p = rel(abs);
        listing.all.push(p);
        if (e.isFile()) listing.regular.add(p);
      }
    }
  }
  listing.all.sort();
  listing.unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return listing;
}

/** Every file under `<dir>/files` (links included, not followed), as '/'-separated paths relative to dir. */
export async function listBundleFiles(dir: string, sub = "files"): Promise<string[]> {
  return (await listBundle(dir, sub)).all;
}

/** BUN098 for each folder the listing could not read. */
export function unreadableDiagnostics(listing: BundleListing, file: string): Diagnostic[] {
  return listing.unreadable.map((u) => diag("BUN098", { path: u.path, reason: u.reason }, { file }));
}

/** Start hashing the cited files (see beginHashing); `finish()` gives the evidence records and the files that could not be read. */
export function beginEvidenceHashing(
  files: readonly CitedFile[],
  concurrency = 4,
): { finish(): Promise<{ evidence: EvidenceFile[]; diagnostics: Diagnostic[] }>; cancel(): void } {
  // Sizes of files taken from the listing are not known: count them at 1 MB for the thread decision.
  const total = files.reduce((n, f) => n + (f.size ?? 1 << 20), 0);
  noteInputs(files.map((f) => f.real));
  const hashing = beginHashing(
    files.map((f) => f.real),
    concurrency,
    total,
  );
  return {
    cancel: () => hashing.cancel(),
    async finish() {
      const outcomes = await hashing.finish();
      const evidence: EvidenceFile[] = [];
      const diagnostics: Diagnostic[] = [];
      outcomes.forEach((o, i) => {
        const f = files[i]!;
        if ("error" in o) diagnostics.push(diag("BUN056", { path: f.path, reason: o.error.code ?? o.error.message }));
        else evidence.push({ path: f.path, sha256: o.sha256, bytes: o.bytes });
      });
      return { evidence, diagnostics };
    },
  };
}

/** Hash the cited files, a few at a time; a file that vanished or cannot be read is an error. */
export function hashEvidence(files: readonly CitedFile[], concurrency = 4): Promise<{ evidence: EvidenceFile[]; diagnostics: Diagnostic[] }> {
  return beginEvidenceHashing(files, concurrency).finish();
}
