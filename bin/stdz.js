#!/usr/bin/env node
// Start-up: the CLI is one CommonJS bundle (dist/bundle/stdz.cjs), compiled here with V8's
// code cache, so a run skips parsing and compiling the functions an earlier run of the same
// command already compiled (Node 20 has no compile cache for ES modules; 22's
// module.enableCompileCache does this for them). The cache is kept per command and per build
// in <cache>/code, <cache> being $STDZ_CACHE_DIR or ~/.cache/stdz; STDZ_NO_CACHE=1 turns it
// off. The folder (made and marked by stdz), its trust checks, atomic entries and pruning are
// dist/runtime/cache.cjs (src/runtime/cache.cts), shared with the compiled-standard cache.
// A cache V8 refuses (another Node version, other flags) or that is damaged is rewritten;
// one that cannot be read, written or trusted is simply not used.
// This file is CommonJS (bin/package.json says so): an ES module entry costs Node's ESM loader
// a few milliseconds more at every start.
"use strict";
const { readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

// stdout failures (a closed pipe, a full disk) are reported by the CLI itself (CLI008); stderr
// has nowhere to report to.
process.stderr.on("error", () => {});

const dist = join(__dirname, "..", "dist");
const bundle = join(dist, "bundle", "stdz.cjs");
// Named apart from the unmarked code/ folders of builds before the cache was marked as stdz's own.
const CODE_DIR = "code-2";
const source = readFileSync(bundle, "utf8");
const build = /^\/\/ stdz-build ([0-9a-f]+)/.exec(source)?.[1] ?? "dev";

/** The commands (test/e2e/cli.test.ts checks this list against `stdz --help`). */
const COMMANDS = ["lint", "compile", "standards", "diff", "import", "score", "report", "verify", "batch", "sample", "deviation", "init", "help"];

/** What the line runs, for the cache key: a command, or "help" for help and version. */
function commandOf(args) {
  if (args.some((a) => a === "-h" || a === "--help" || a === "-V" || a === "--version")) return "help";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--lang") i++;
    else if (!a.startsWith("-")) return COMMANDS.includes(a) ? a : "other";
  }
  return "help";
}

// V8 checks only its own header and the length, and crashes on damaged data, so an entry
// carries a CRC-32 of its data and a damaged one is never handed to it.
const crc32 = (() => {
  try {
    return require("node:zlib").crc32; // Node ≥ 20.15; older Nodes keep no code cache
  } catch {
    return undefined;
  }
})();
const CRC32 = crc32 && {
  size: 4,
  of: (data) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(crc32(data), 0);
    return b;
  },
};

const cache = CRC32 ? require(join(dist, "runtime", "cache.cjs")) : undefined;
const root = cache?.cacheRoot(process.env);
const name = `${build}-${process.version}-${process.arch}-${commandOf(process.argv.slice(2))}.bin`;
/** Entry names this file writes; nothing else in code/ is ever pruned. */
const ENTRY = /^[0-9a-f]{16}-v\d+\.\d+\.\d+-[a-z0-9]+-[a-z]+\.bin$|^dev-v\d+\.\d+\.\d+-[a-z0-9]+-[a-z]+\.bin$/;
let dir = root === undefined ? undefined : cache.openDir(root, CODE_DIR, false);
const cachedData = dir === undefined ? undefined : cache.readEntry(dir, name, CRC32);

// The CommonJS module wrapper, as Node's own loader writes it.
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const script = new Script(wrapped, { filename: bundle, cachedData });
const mod = { exports: {} };
// This file's require resolves packages from the same package root as the bundle's would.
script.runInThisContext()(mod.exports, require, mod, bundle, dirname(bundle));

/** Entries kept: a dozen commands for a few builds or Node versions. */
const KEEP = 48;

/**
 * Save what V8 compiled during this run, keeping the newest KEEP entries. A run that could not
 * start (exit 2: usage, unreadable input) compiled little of its command, so it leaves the
 * cache to a run that did.
 */
function saveCodeCache(code) {
  if (root === undefined || code === 2 || (cachedData && !script.cachedDataRejected)) return;
  dir ??= cache.openDir(root, CODE_DIR, true);
  if (dir === undefined) return;
  let data;
  try {
    data = script.createCachedData();
  } catch {
    return; // a cache is an optimisation
  }
  if (cache.writeEntry(dir, name, data, CRC32)) cache.prune(dir, (n) => ENTRY.test(n), KEEP, KEEP);
}

mod.exports.main(process.argv).then((code) => {
  process.exitCode = code;
  saveCodeCache(code);
});
