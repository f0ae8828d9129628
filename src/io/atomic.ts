// fs.promises is reached through its getter, at first use: loading node:fs/promises (and
// node:crypto) at start-up costs every command a few milliseconds, even one that writes nothing.
import { createWriteStream, promises as fsp, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError, diag } from "../diagnostics.js";

let tmpCount = 0;
/** Unique among the processes writing beside the target: the pid, a counter and a random part. */
function tmpSuffix(): string {
  return `${process.pid}.${(++tmpCount).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Write to a temporary file beside the target, then rename: a failed run leaves no half-written file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${tmpSuffix()}.tmp`);
  try {
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw new InputError([diag("CLI003", { file, reason: err.code ?? err.message }, { file })]);
  }
}

/** Print to stdout, or write atomically when `-o file` was given. */
export async function emit(text: string, outFile?: string): Promise<void> {
  if (outFile) await writeFileAtomic(outFile, text.endsWith("\n") ? text : text + "\n");
  else process.stdout.write(text.endsWith("\n") || text === "" ? text : text + "\n");
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
    } catch (e) {
      await fsp.rm(this.tmp, { force: true }).catch(() => undefined);
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
  }
}
