import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { maxInputBytes } from "./inputs.js";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics.js";
import { compiledFromJson, compiledToJson } from "../core/standard/compiled.js";
import type { CompiledStandard } from "../core/standard/model.js";
import { VERSION } from "../version.js";
import * as cache from "../runtime/cache.js";
import { isPathRef } from "../runtime/standard-ref.js";
import { PACKAGE_ROOT } from "./schema.js";

// io/standards.ts (with the lint rules it imports) is loaded only when an id has to be looked up.
const standardsModule = () => import("./standards.js");

/**
 * A cache of compiled standards, so that scoring does not parse, check and compile a
 * 1000-point rubric (and its extends chain) on every run. An entry is keyed by the SHA-256
 * of every file that could take part in resolving the reference — the file itself, its
 * extends chain and, when an id is looked up, every standard in the search path — plus the
 * stdz build. Any change to any of them is a miss; when the chain cannot be traced safely
 * without parsing, nothing is cached. Only standards that compiled without errors are kept.
 * STDZ_NO_CACHE=1 turns it off; STDZ_CACHE_DIR moves the cache root (entries go in its
 * compiled/ folder, beside the start-up code cache bin/stdz.js keeps in code/). The folder,
 * its trust checks, atomic entries and pruning are src/runtime/cache.cts, shared with bin/stdz.js;
 * every entry carries a SHA-256 of its content, so an edited entry is recompiled, never served.
 */

const FORMAT = "stdz-compiled-cache-2";
// Named apart from the unmarked folders of builds before the cache was marked as stdz's own.
const SUB = "compiled-2";
/** Entry names: the key's SHA-256 in hex. Nothing else in the folder is ever pruned. */
const ENTRY = /^[0-9a-f]{64}\.bin$/;
const SHA256 = { size: 32, of: (data: Uint8Array) => createHash("sha256").update(data).digest() };

/** The compiled/ folder path (whether or not it exists yet); undefined when caching is off or no folder can be named. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = cache.cacheRoot(env);
  return root === undefined ? undefined : join(root, SUB);
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
    // A device or FIFO in the chain is a miss; the reader on the plain path names the problem.
    const st = statSync(file);
    if (!st.isFile() || st.size > maxInputBytes()) return undefined;
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
    const files = [
      ...new Set([...(await Promise.all(searchPath(extra).map((d) => listStandardFiles(d)))).flat(), ...(await listStandardFiles(resolve(shallow), false))]),
    ];
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
  const root = cache.cacheRoot(process.env);
  let name: string | undefined;
  let key: string | undefined;
  if (root !== undefined) {
    const deps = await dependencies(ref, opts.baseDir, opts.extra).catch(() => undefined);
    if (deps) {
      key = sha(
        JSON.stringify([
          FORMAT,
          buildId(),
          isPathRef(ref) ? resolve(opts.baseDir, ref) : ref,
          opts.extra.map((e) => resolve(e)),
          process.env.STDZ_STANDARDS_PATH ?? "",
          [...deps].sort(),
        ]),
      );
      name = `${key}.bin`;
      const dir = cache.openDir(root, SUB, false);
      const data = dir === undefined ? undefined : cache.readEntry(dir, name, SHA256);
      if (data) {
        try {
          const parsed: unknown = JSON.parse(data.toString("utf8"));
          if (isEntry(parsed) && parsed.format === FORMAT && parsed.key === key)
            return { compiled: compiledFromJson(parsed.compiled), diagnostics: [], hit: true };
        } catch {
          /* an entry that does not read back: compile */
        }
      }
    }
  }
  const out = await compile(ref, opts);
  if (out.compiled && root !== undefined && name && key) {
    const dir = cache.openDir(root, SUB, true);
    if (
      dir !== undefined &&
      cache.writeEntry(dir, name, Buffer.from(JSON.stringify({ format: FORMAT, key, compiled: compiledToJson(out.compiled) }), "utf8"), SHA256)
    ) {
      // Every edit of a standard makes a new entry: keep the newest KEEP once there are twice as many.
      cache.prune(dir, (n) => ENTRY.test(n), KEEP, 2 * KEEP);
    }
  }
  return { ...out, hit: false };
}

const KEEP = 100;

function isEntry(v: unknown): v is { format: unknown; key: unknown; compiled: Record<string, unknown> } {
  if (typeof v !== "object" || v === null || !("compiled" in v) || !("format" in v) || !("key" in v)) return false;
  const c = v.compiled;
  return typeof c === "object" && c !== null && !Array.isArray(c);
}
