// fs.promises is reached through its getter, at first use: loading node:fs/promises (and
// node:crypto) at start-up costs every command a few milliseconds, even one that writes nothing.
import { createWriteStream, promises as fsp, realpathSync, rmSync, statSync, type Stats, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError, diag } from "../diagnostics.js";
import { runInputs } from "./inputs.js";

// ---------------------------------------------------------------------------------------------
// The output guard: every writer asks it where (and whether) to write.

/** Where an output goes: stdout (`-`), through an existing device/FIFO, or a regular file replaced atomically. */
export type OutputTarget = { kind: "stdout" } | { kind: "through"; file: string } | { kind: "file"; file: string; mode?: number };

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Decide how to write `file`, refusing (CLI005, exit 2) a target that is — by name, symlink
 * or hard link — one of the files this run read. Call it after the inputs are read.
 */
export function guardOutput(file: string): OutputTarget {
  // The names of stdout go to the stream itself: a socket (as some runners give) cannot be reopened by name.
  if (file === "-" || file === "/dev/stdout" || file === "/dev/fd/1" || file === "/proc/self/fd/1") return { kind: "stdout" };
  const st = statOrUndefined(file);
  // A path that does not exist yet cannot be an input.
  if (!st) return { kind: "file", file };
  if (!st.isFile()) {
    if (st.isDirectory()) throw new InputError([diag("CLI003", { file, reason: { zh: "是目录", en: "is a directory" } }, { file })]);
    return { kind: "through", file };
  }
  for (const input of runInputs()) {
    const s = statOrUndefined(input);
    if (s && s.dev === st.dev && s.ino === st.ino) throw new InputError([diag("CLI005", { output: file, input }, { file })]);
  }
  // Through a symlink to a regular file: replace the file it names, keep the link.
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    // unreachable link target: replace the link itself
  }
  return { kind: "file", file: real, mode: st.mode & 0o7777 };
}

// ---------------------------------------------------------------------------------------------
// Temporary files, removed on SIGINT/SIGTERM by the CLI.

const temporaries = new Set<string>();
let committed = 0;
let stopping = false;

/**
 * Remove every temporary file and staging folder still in place (synchronous: for signal
 * handlers). From the first call on no new output can be opened, so a second call after
 * in-flight file operations have settled leaves nothing behind.
 */
export function removeTemporariesSync(): void {
  stopping = true;
  for (const t of temporaries) rmSync(t, { recursive: true, force: true });
}

/** How many outputs this run has put in place so far. */
export function outputsCommitted(): number {
  return committed;
}

/** Register a temporary path (file or staging folder) until `release` is called. */
export function trackTemporary(path: string): void {
  if (stopping) throw new InputError([diag("CLI003", { file: path, reason: { zh: "运行已中断", en: "the run was interrupted" } }, { file: path })]);
  temporaries.add(path);
}
export function releaseTemporary(path: string, putInPlace = false): void {
  temporaries.delete(path);
  if (putInPlace) committed++;
}

let tmpCount = 0;
/** Unique among the processes writing beside the target: the pid, a counter and a random part. */
function tmpSuffix(): string {
  return `${process.pid}.${(++tmpCount).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Write to a temporary file beside the target, then rename: a failed run leaves no half-written file. */
export async function writeFileAtomic(name: string, data: string | Uint8Array): Promise<void> {
  const target = guardOutput(name);
  if (target.kind === "stdout") return writeStdout(data);
  const file = target.file;
  if (target.kind === "through") {
    // A device or FIFO is written into, never replaced by a regular file.
    try {
      await fsp.writeFile(file, data);
      committed++;
    } catch (e) {
      throw cannotWrite(name, e);
    }
    return;
  }
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${tmpSuffix()}.tmp`);
  trackTemporary(tmp);
  try {
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(tmp, data, target.mode === undefined ? {} : { mode: target.mode });
    // The mode given at creation is masked by the umask; a replaced file keeps its own bits exactly.
    if (target.mode !== undefined) await fsp.chmod(tmp, target.mode);
    await fsp.rename(tmp, file);
    releaseTemporary(tmp, true);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    releaseTemporary(tmp);
    throw cannotWrite(name, e);
  }
}

function cannotWrite(file: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  return new InputError([diag("CLI003", { file, reason: err.code ?? err.message }, { file })]);
}

/** Write to stdout and wait for it to take the data (its failures surface as CLI008 in the CLI). */
function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(data)) resolve();
    else process.stdout.once("drain", resolve);
  });
}

/** Print to stdout, or write atomically when `-o file` was given (`-o -` is stdout). */
export async function emit(text: string, outFile?: string): Promise<void> {
  const t = text.endsWith("\n") || (text === "" && !outFile) ? text : text + "\n";
  if (outFile) await writeFileAtomic(outFile, t);
  else process.stdout.write(t);
}

/**
 * A file written in pieces (for outputs too large to build as one string): the pieces go to a
 * temporary file beside the target; `close()` then `rename()` (or `commit()`) put it in place,
 * `abort()` removes it. Several writers can be closed first and renamed together, so that a
 * failed run leaves none of them half-written.
 */
export class AtomicFileWriter {
  private stream: WriteStream | undefined;
  private failure: Error | undefined;

  private constructor(
    readonly file: string,
    readonly tmp: string,
  ) {}

  /** `tmp`: where to write until renamed (default: a hidden file next to `file`). */
  static async open(file: string, tmp?: string): Promise<AtomicFileWriter> {
    const w = new AtomicFileWriter(file, tmp ?? join(dirname(file), `.${basename(file)}.${tmpSuffix()}.tmp`));
    const dir = dirname(w.tmp);
    trackTemporary(w.tmp);
    try {
      await fsp.mkdir(dir, { recursive: true });
      const stream = createWriteStream(w.tmp, { flags: "wx" });
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", reject);
      });
      stream.on("error", (e) => (w.failure ??= e));
      w.stream = stream;
    } catch (e) {
      throw w.error(e);
    }
    return w;
  }

  private error(e: unknown): InputError {
    const err = e as NodeJS.ErrnoException;
    return new InputError([diag("CLI003", { file: this.file, reason: err.code ?? err.message }, { file: this.file })]);
  }

  /** Append; resolves at once unless the stream asks to wait (backpressure). */
  write(chunk: string | Uint8Array): Promise<void> | undefined {
    if (this.failure) throw this.error(this.failure);
    if (this.stream!.write(chunk)) return undefined;
    return new Promise((resolve) => this.stream!.once("drain", resolve));
  }

  /** The underlying stream, for writers that pipe (they may end it themselves). */
  get writable(): NodeJS.WritableStream {
    return this.stream!;
  }

  /** Flush and close the temporary file. */
  async close(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    if (!s.writableEnded) s.end();
    if (!s.closed) await new Promise<void>((resolve) => s.once("close", () => resolve()));
    if (this.failure) throw this.error(this.failure);
  }

  /** Move the closed temporary file into place. */
  async rename(): Promise<void> {
    try {
      await fsp.rename(this.tmp, this.file);
      releaseTemporary(this.tmp, true);
    } catch (e) {
      await fsp.rm(this.tmp, { force: true }).catch(() => undefined);
      releaseTemporary(this.tmp);
      throw this.error(e);
    }
  }

  async commit(): Promise<void> {
    await this.close();
    await this.rename();
  }

  /** Drop the temporary file. */
  async abort(): Promise<void> {
    const s = this.stream;
    if (s && !s.closed) {
      if (!s.writableEnded) s.end();
      await new Promise<void>((resolve) => s.once("close", () => resolve()));
    }
    await fsp.rm(this.tmp, { force: true }).catch(() => undefined);
    releaseTemporary(this.tmp);
  }
}
