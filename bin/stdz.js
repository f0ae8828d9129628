#!/usr/bin/env node
// Start-up: the CLI is one CommonJS bundle (dist/bundle/stdz.cjs), compiled here with V8's
// code cache, so a run skips parsing and compiling the functions an earlier run of the same
// command already compiled (Node 20 has no compile cache for ES modules; 22's
// module.enableCompileCache does this for them). The cache is kept per command and per build
// in <cache>/code, <cache> being $STDZ_CACHE_DIR or ~/.cache/stdz; STDZ_NO_CACHE=1 turns it
// off. A cache V8 refuses (another Node version, other flags) or that is damaged is rewritten;
// one that cannot be read, written or trusted is simply not used.
// This file is CommonJS (bin/package.json says so): an ES module entry costs Node's ESM loader
// a few milliseconds more at every start.
"use strict";
const { chmodSync, closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

// `stdz … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
  });
}

const bundle = join(__dirname, "..", "dist", "bundle", "stdz.cjs");
// The build makes the bundle pure ASCII (and says so on its first line), so Latin-1 reads it
// as UTF-8 would, only faster; a bundle without the mark (an older build) is read as UTF-8.
let source = readFileSync(bundle, "latin1");
const first = /^\/\/ stdz-build ([0-9a-f]+)( ascii)?/.exec(source);
if (!first?.[2]) source = readFileSync(bundle, "utf8");
const build = first?.[1] ?? "dev";

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

/** <cache>/code, or undefined when caching is off or no cache folder can be named. */
function codeCacheDir() {
  const env = process.env;
  if (env.STDZ_NO_CACHE && env.STDZ_NO_CACHE !== "0") return undefined;
  if (env.STDZ_CACHE_DIR) return join(env.STDZ_CACHE_DIR, "code");
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    // HOME first, as os.homedir() does, without loading node:os for it; with neither a HOME
    // nor a passwd entry (a bare container) there is simply no cache.
    let home = env.HOME;
    try {
      home ||= require("node:os").homedir();
    } catch {
      return undefined;
    }
    if (!home) return undefined;
    base = join(home, ".cache");
  }
  return join(base, "stdz", "code");
}

/**
 * Whether a cache folder or file can be trusted: on POSIX it must belong to this user and be
 * writable by no one else — V8 runs whatever bytecode the cache holds, so a folder another
 * user controls (a shared STDZ_CACHE_DIR in /tmp) must not be used.
 */
function trusted(st) {
  if (typeof process.getuid !== "function") return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** The cache folder, trusted: one of the user's own that others may write to (made under umask 002) is closed first. */
function trustedDir(path) {
  const st = statSync(path);
  if (typeof process.getuid === "function" && st.uid === process.getuid() && (st.mode & 0o022) !== 0) {
    chmodSync(path, st.mode & 0o755);
    return trusted(statSync(path));
  }
  return trusted(st);
}

// An entry: magic, payload length and CRC-32, then V8's data. V8 checks only its own header
// and the length, and crashes on damaged data, so a damaged entry is never handed to it.
const MAGIC = 0x7a647473; // "stdz"
const HEADER = 12;
const crc32 = (() => {
  try {
    return require("node:zlib").crc32; // Node ≥ 20.15; older Nodes keep no code cache
  } catch {
    return undefined;
  }
})();

const dir = crc32 ? codeCacheDir() : undefined;
const prefix = `${build}-${process.version}-${process.arch}-`;
const cacheFile = dir && join(dir, `${prefix}${commandOf(process.argv.slice(2))}.bin`);
let cachedData;
let dirOk = false;
if (cacheFile) {
  try {
    dirOk = trustedDir(dir);
    if (dirOk) {
      const fd = openSync(cacheFile, "r");
      try {
        if (trusted(fstatSync(fd))) {
          const buf = readFileSync(fd);
          const data = buf.subarray(HEADER);
          if (buf.length > HEADER && buf.readUInt32LE(0) === MAGIC && buf.readUInt32LE(4) === data.length && buf.readUInt32LE(8) === crc32(data)) cachedData = data;
        }
      } finally {
        closeSync(fd);
      }
    }
  } catch {
    cachedData = undefined;
  }
}

// The CommonJS module wrapper, as Node's own loader writes it.
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const script = new Script(wrapped, { filename: bundle, cachedData });
const mod = { exports: {} };
// This file's require resolves packages from the same package root as the bundle's would.
script.runInThisContext()(mod.exports, require, mod, bundle, dirname(bundle));

/** Entries kept: a dozen commands for a few builds or Node versions. */
const KEEP = 48;

/**
 * Save what V8 compiled during this run (to disk, then renamed in place), keeping the newest
 * KEEP entries. A run that could not start (exit 2: usage, unreadable input) compiled little
 * of its command, so it leaves the cache to a run that did.
 */
function saveCodeCache(code) {
  if (!cacheFile || code === 2 || (cachedData && !script.cachedDataRejected)) return;
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    if (!dirOk) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!trustedDir(dir)) return;
    }
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(data.length, 4);
    header.writeUInt32LE(crc32(data), 8);
    const fd = openSync(tmp, "wx", 0o600);
    try {
      writeSync(fd, header);
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, cacheFile);
    const entries = readdirSync(dir);
    if (entries.length > KEEP) {
      const byAge = entries.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
      for (const { f } of byAge.slice(KEEP)) rmSync(join(dir, f), { force: true });
    }
  } catch {
    // A cache is an optimisation: a read-only or full disk only costs speed.
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
  }
}

mod.exports.main(process.argv).then((code) => {
  process.exitCode = code;
  saveCodeCache(code);
});
