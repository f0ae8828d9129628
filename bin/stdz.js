#!/usr/bin/env node
// Start-up: the CLI is one CommonJS bundle (dist/bundle/stdz.cjs), compiled here with V8's
// code cache, so a run skips parsing and compiling the functions an earlier run of the same
// command already compiled (Node 20 has no compile cache for ES modules; 22's
// module.enableCompileCache does this for them). The cache is kept per command and per build
// in <cache>/code, <cache> being $STDZ_CACHE_DIR or ~/.cache/stdz; STDZ_NO_CACHE=1 turns it
// off. A cache V8 refuses (another Node version, other flags) is rewritten; one that cannot
// be read or written is simply not used.
// This file is CommonJS (bin/package.json says so): an ES module entry costs Node's ESM loader
// a few milliseconds more at every start.
"use strict";
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

// `stdz … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
  });
}

const bundle = join(__dirname, "..", "dist", "bundle", "stdz.cjs");
const source = readFileSync(bundle, "utf8");
const build = /^\/\/ stdz-build ([0-9a-f]+)/.exec(source)?.[1] ?? "dev";

/** The commands (test/e2e/cli.test.ts checks this list against `stdz --help`). */
const COMMANDS = ["lint", "compile", "standards", "diff", "score", "report", "verify", "batch", "sample", "deviation", "init", "help"];

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

function codeCacheDir() {
  const env = process.env;
  if (env.STDZ_NO_CACHE && env.STDZ_NO_CACHE !== "0") return undefined;
  // HOME first, as os.homedir() does, without loading node:os for it.
  const home = env.HOME || require("node:os").homedir();
  const root = env.STDZ_CACHE_DIR || join(env.XDG_CACHE_HOME || join(home, ".cache"), "stdz");
  return join(root, "code");
}

const dir = codeCacheDir();
const prefix = `${build}-${process.version}-${process.arch}-`;
const cacheFile = dir && join(dir, `${prefix}${commandOf(process.argv.slice(2))}.bin`);
let cachedData;
if (cacheFile) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
}

// The CommonJS module wrapper, as Node's own loader writes it.
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const script = new Script(wrapped, { filename: bundle, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));

/** Entries kept: a dozen commands for a few builds or Node versions. */
const KEEP = 48;

/**
 * Save what V8 compiled during this run (atomically), keeping the newest KEEP entries. A run
 * that could not start (exit 2: usage, unreadable input) compiled little of its command, so
 * it leaves the cache to a run that did.
 */
function saveCodeCache(code) {
  if (!cacheFile || code === 2 || (cachedData && !script.cachedDataRejected)) return;
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
    const entries = readdirSync(dir);
    if (entries.length > KEEP) {
      const byAge = entries.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
      for (const { f } of byAge.slice(KEEP)) rmSync(join(dir, f), { force: true });
    }
  } catch {
    // A cache is an optimisation: a read-only or full disk only costs speed.
  }
}

mod.exports.main(process.argv).then((code) => {
  process.exitCode = code;
  saveCodeCache(code);
});
