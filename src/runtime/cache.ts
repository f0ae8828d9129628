// The cache folder stdz keeps for itself, written once for both caches: the start-up code
// cache (bin/stdz.js, which runs before the bundle is loaded and so requires this file's
// CommonJS build, dist/runtime/cache.cjs) and the compiled-standard cache
// (src/io/standard-cache.ts, which the bundle inlines). One TypeScript source: the build also
// bundles it alone to CommonJS (bin/stdz.js is CommonJS and runs before the big bundle loads).
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

/** How an entry's payload is checked: a fixed-size sum (CRC-32 for code, SHA-256 for standards). */
export interface Checksum {
  size: number;
  of(data: Uint8Array): Buffer;
}

const MAGIC = 0x7a647473; // "stdz"
/** The file that marks a folder as stdz's own: only such a folder is used, tightened or pruned. */
export const MARKER = ".stdz-cache";
const MARKER_TEXT = "stdz cache folder: entries here are written and pruned by stdz\n";

/** The cache root: $STDZ_CACHE_DIR, else $XDG_CACHE_HOME/stdz or ~/.cache/stdz; undefined when off or unnameable. */
export function cacheRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (env.STDZ_NO_CACHE && env.STDZ_NO_CACHE !== "0") return undefined;
  if (env.STDZ_CACHE_DIR) return path.resolve(env.STDZ_CACHE_DIR);
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    // HOME first, as os.homedir() does, without loading node:os for it; with neither a HOME
    // nor a passwd entry (a bare container) there is simply no cache.
    let home = env.HOME;
    try {
      home ||= (createRequire(import.meta.url)("node:os") as typeof import("node:os")).homedir();
    } catch {
      return undefined;
    }
    if (!home) return undefined;
    base = path.join(home, ".cache");
  }
  return path.join(base, "stdz");
}

const uid = (): number | undefined => (typeof process.getuid === "function" ? process.getuid() : undefined);

/** Owned by this user and writable by no one else: V8 runs whatever bytecode a cache holds, and a compiled standard grades enterprises. */
function trusted(st: fs.Stats): boolean {
  const me = uid();
  return me === undefined || (st.uid === me && (st.mode & 0o022) === 0);
}

/**
 * <root>/<sub> when it is a folder stdz made and marked, is no symlink, and is trusted; undefined
 * otherwise. With `create`, a missing one is made (mode 0700) and marked. A marked folder of the
 * user's own left group-writable (umask 002) is closed through a descriptor opened without
 * following links; a folder without the marker (the user's own `code/`) is never touched.
 */
export function openDir(root: string, sub: string, create: boolean): string | undefined {
  const dir = path.join(root, sub);
  try {
    let st = lstatOrUndefined(dir);
    if (!st) {
      if (!create) return undefined;
      const rootSt = lstatOrUndefined(root);
      if (!rootSt) fs.mkdirSync(root, { recursive: true, mode: 0o700 });
      else if (!rootSt.isDirectory()) return undefined;
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.writeFileSync(path.join(dir, MARKER), MARKER_TEXT, { flag: "wx", mode: 0o600 });
      st = fs.lstatSync(dir);
    }
    if (!st.isDirectory() || !isMarked(dir)) return undefined;
    // The root is no symlink either: a link planted there would redirect entries.
    if (!fs.lstatSync(root).isDirectory()) return undefined;
    const me = uid();
    if (me !== undefined && st.uid === me && (st.mode & 0o022) !== 0) {
      const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
      try {
        fs.fchmodSync(fd, st.mode & 0o755);
        st = fs.fstatSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    return trusted(st) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if (e instanceof Error && "code" in e && e.code === "ENOENT") return undefined;
    throw e;
  }
}

function isMarked(dir: string): boolean {
  const st = lstatOrUndefined(path.join(dir, MARKER));
  return st !== undefined && st.isFile();
}

/** An entry: magic, payload length, the payload's checksum, then the payload. */
export function encodeEntry(data: Uint8Array, sum: Checksum): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, sum.of(data), data]);
}

/** The payload of an entry whose length and checksum hold; undefined for anything else. */
export function decodeEntry(buf: Buffer, sum: Checksum): Buffer | undefined {
  const start = 8 + sum.size;
  if (buf.length < start || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== buf.length - start) return undefined;
  const data = buf.subarray(start);
  return sum.of(data).equals(buf.subarray(8, start)) ? data : undefined;
}

/** Read an entry of a folder from openDir: a trusted regular file (links not followed) with a valid checksum, or undefined. */
export function readEntry(dir: string, name: string, sum: Checksum): Buffer | undefined {
  try {
    const fd = fs.openSync(path.join(dir, name), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile() || !trusted(st)) return undefined;
      return decodeEntry(fs.readFileSync(fd), sum);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Write an entry atomically: a new private temporary file, synced, then renamed over the name,
 * so a reader sees the old entry or the whole new one. Returns whether it was written.
 */
export function writeEntry(dir: string, name: string, data: Uint8Array, sum: Checksum): boolean {
  const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
    try {
      fs.writeSync(fd, encodeEntry(data, sum));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, name));
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    return false;
  }
}

/**
 * Once a folder holds more than `over` entries, keep the newest `keep`. Only names `isEntry`
 * recognises, and only regular files, are ever removed.
 */
export function prune(dir: string, isEntry: (name: string) => boolean, keep: number, over: number): void {
  try {
    const names = fs.readdirSync(dir).filter(isEntry);
    if (names.length <= over) return;
    const aged: { name: string; t: number }[] = [];
    for (const name of names) {
      const st = lstatOrUndefined(path.join(dir, name));
      if (st?.isFile()) aged.push({ name, t: st.mtimeMs });
    }
    aged.sort((a, b) => b.t - a.t);
    for (const { name } of aged.slice(keep)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // A cache is an optimisation: what cannot be pruned now is pruned by a later run.
  }
}
