import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics.js";
import { compiledFromJson, compiledToJson } from "../core/compiled.js";
import type { CompiledStandard } from "../core/model.js";
import { VERSION } from "../version.js";
import { PACKAGE_ROOT } from "./schema.js";

// io/standards.ts (with the lint rules it imports) is loaded only when an id has to be looked up.
const standardsModule = () => import("./standards.js");

/** Same as isPathRef in io/standards.ts (a test keeps them equal); kept here so a cache hit by path loads no lint code. */
export function isPathRef(ref: string): boolean {
  const lower = ref.toLowerCase();
  return ref.includes("/") || ref.includes("\\") || lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
}

/**
 * A cache of compiled standards, so that scoring does not parse, check and compile a
 * 1000-point rubric (and its extends chain) on every run. An entry is keyed by the SHA-256
 * of every file that could take part in resolving the reference — the file itself, its
 * extends chain and, when an id is looked up, every standard in the search path — plus the
 * stdz build. Any change to any of them is a miss; when the chain cannot be traced safely
 * without parsing, nothing is cached. Only standards that compiled without errors are kept.
 * STDZ_NO_CACHE=1 turns it off; STDZ_CACHE_DIR moves the cache root (entries go in its
 * compiled/ folder, beside the start-up code cache bin/stdz.js keeps in code/).
 */

const FORMAT = "stdz-compiled-cache-1";

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.STDZ_NO_CACHE && env.STDZ_NO_CACHE !== "0") return undefined;
  if (env.STDZ_CACHE_DIR) return join(resolve(env.STDZ_CACHE_DIR), "compiled");
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    // As bin/stdz.js names the code cache: without a HOME or a passwd entry there is no cache.
    let home = env.HOME;
    try {
      home ||= homedir();
    } catch {
      return undefined;
    }
    if (!home) return undefined;
    base = join(home, ".cache");
  }
  return join(base, "stdz", "compiled");
}

/**
 * A top-level scalar `key: value` of a YAML file, read without parsing it. Top-level keys of a
 * block mapping start in column 0; "unsure" when the key is there in any other form (quoted,
 * tagged, anchored, a block scalar) or the file is a flow mapping.
 */
export function topLevel(text: string, key: string): string | undefined | "unsure" {
  const m = new RegExp(`^${key}:[ \\t]*(?:"([^"\\\\\\n]*)"|'([^'\\n]*)'|([^\\s#"'{[&*!|>][^#\\n]*?))[ \\t]*(?:#.*)?$`, "m").exec(text);
  if (m) return (m[1] ?? m[2] ?? m[3] ?? "").replace(/\r$/, "");
  if (new RegExp(`^(?:${key}|"${key}"|'${key}')[ \\t]*:`, "m").test(text)) return "unsure";
  if (/^\s*(?:#.*\n\s*)*(?:---[ \t]*\n\s*(?:#.*\n\s*)*)?\{/.test(text)) return "unsure";
  return undefined;
}

const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** Read a file once, remember its hash; undefined when it cannot be read. */
function readHashed(file: string, seen: Map<string, string>): string | undefined {
  try {
    const buf = readFileSync(file);
    seen.set(resolve(file), sha(buf));
    return buf.toString("utf8");
  } catch {
    return undefined;
  }
}

/** The files resolving `ref` depends on, each with its hash; undefined when that cannot be told without parsing. */
async function dependencies(ref: string, baseDir: string, extra: readonly string[]): Promise<Map<string, string> | undefined> {
  const deps = new Map<string, string>();
  // Every standard an id lookup could find: the search path and the folder beside the reference.
  const byId = async (id: string, shallow: string): Promise<string | undefined> => {
    const { listStandardFiles, searchPath } = await standardsModule();
    // Each file once, as the index reads it (the folder beside may be in the search path too).
    const files = [...new Set([...(await Promise.all(searchPath(extra).map((d) => listStandardFiles(d)))).flat(), ...(await listStandardFiles(resolve(shallow), false))])];
    const ids = files.map((f) => {
      const text = readHashed(f, deps);
      return text === undefined ? "unsure" : topLevel(text, "id");
    });
    const hits = files.filter((_, i) => ids[i] === id);
    // Undecidable or ambiguous: let the compiler say so, uncached.
    if (hits.length !== 1 || ids.includes("unsure")) return undefined;
    return hits[0];
  };

  let file: string | undefined;
  if (isPathRef(ref)) file = resolve(baseDir, ref);
  else file = await byId(ref, baseDir);
  const chain = new Set<string>();
  while (file !== undefined) {
    if (chain.has(file) || chain.size > 20) return undefined;
    chain.add(file);
    const text = readHashed(file, deps);
    if (text === undefined) return undefined;
    if (file.toLowerCase().endsWith(".json")) break;
    const ext = topLevel(text, "extends");
    if (ext === "unsure") return undefined;
    if (ext === undefined) break;
    file = isPathRef(ext) ? resolve(dirname(file), ext) : await byId(ext, dirname(file));
    if (file === undefined) return undefined;
  }
  readHashed(join(PACKAGE_ROOT, "data", "sectors.json"), deps);
  return deps;
}

function buildId(): string {
  // The compiled code itself: any rebuild of stdz invalidates every entry.
  const here = fileURLToPath(import.meta.url);
  try {
    const st = statSync(here);
    return `${VERSION}|${st.size}|${st.mtimeMs}`;
  } catch {
    return VERSION;
  }
}

export interface CachedLoad {
  compiled?: CompiledStandard;
  diagnostics: Diagnostic[];
  /** Served from the cache. */
  hit: boolean;
}

/**
 * A compiler (loadCompiled in src/flows/standard.ts) behind the cache. Misses, and anything the
 * cache cannot vouch for, go to `compile` unchanged; the caller loads the compiler only when called.
 */
export async function loadCompiledCached(
  ref: string,
  opts: { baseDir: string; extra: readonly string[] },
  compile: (ref: string, opts: { baseDir: string; extra: readonly string[] }) => Promise<{ compiled?: CompiledStandard; diagnostics: Diagnostic[] }>,
): Promise<CachedLoad> {
  const dir = cacheDir();
  let entry: string | undefined;
  let key: string | undefined;
  if (dir) {
    const deps = await dependencies(ref, opts.baseDir, opts.extra).catch(() => undefined);
    if (deps) {
      key = sha(JSON.stringify([FORMAT, buildId(), isPathRef(ref) ? resolve(opts.baseDir, ref) : ref, opts.extra.map((e) => resolve(e)), process.env.STDZ_STANDARDS_PATH ?? "", [...deps].sort()]));
      entry = join(dir, `${key}.json`);
      try {
        if (!(await trustedDir(dir))) throw new Error("untrusted cache folder");
        const data = JSON.parse(await readFile(entry, "utf8")) as { format?: string; key?: string; compiled?: Record<string, unknown> };
        if (data.format === FORMAT && data.key === key && data.compiled) return { compiled: compiledFromJson(data.compiled), diagnostics: [], hit: true };
      } catch {
        /* a miss, or an entry that cannot be read: compile */
      }
    }
  }
  const out = await compile(ref, opts);
  if (out.compiled && entry && dir && key) {
    const tmp = `${entry}.${process.pid}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (!(await trustedDir(dir))) return { ...out, hit: false };
      await writeFile(tmp, JSON.stringify({ format: FORMAT, key, compiled: compiledToJson(out.compiled) }));
      await rename(tmp, entry);
      await prune(dir);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
  return { ...out, hit: false };
}

/**
 * Whether the cache folder belongs to this user and no one else can write to it: an entry
 * planted in a shared folder (STDZ_CACHE_DIR=/tmp/…) would change how enterprises are graded.
 */
async function trustedDir(dir: string): Promise<boolean> {
  if (typeof process.getuid !== "function") return true;
  const uid = process.getuid();
  let st = await stat(dir).catch(() => undefined);
  // One of the user's own that others may write to (made under umask 002) is closed first.
  if (st && st.uid === uid && (st.mode & 0o022) !== 0) {
    await chmod(dir, st.mode & 0o755).catch(() => undefined);
    st = await stat(dir).catch(() => undefined);
  }
  return st !== undefined && st.uid === uid && (st.mode & 0o022) === 0;
}

/** Every edit of a standard makes a new entry: keep the newest KEEP once there are twice as many. */
const KEEP = 100;
async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  if (names.length <= 2 * KEEP) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
  aged.sort((a, b) => b.t - a.t);
  await Promise.all(aged.slice(KEEP).map(({ n }) => rm(join(dir, n), { force: true })));
}
