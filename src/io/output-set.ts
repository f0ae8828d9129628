// A set of output files written as one: every file is staged in a temporary folder inside the
// target folder (same file system), then swapped in. If anything fails, the files already
// there are put back and the staging folder is removed, so no set is ever half old, half new.
import { existsSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { diag, InputError } from "../diagnostics.js";
import { CsvBatchWriter } from "../render/formats/csv.js";
import { AtomicFileWriter, guardOutput, releaseTemporary, trackTemporary } from "./atomic.js";

export class OutputSet {
  private readonly writers: AtomicFileWriter[] = [];
  private readonly csvWriters: CsvBatchWriter[] = [];
  private readonly pending = new Set<Promise<void>>();
  readonly spills: AtomicFileWriter[] = [];
  /** Names of the outputs, in the order they were opened. */
  readonly written: string[] = [];
  readonly staging: string;

  /** The folder was made by this run: a failed run removes it again (when it is still empty). */
  private readonly madeDir: boolean;

  constructor(readonly dir: string) {
    this.madeDir = !existsSync(dir);
    this.staging = join(dir, `.stdz-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
    trackTemporary(this.staging);
  }

  /** The guard on one output of the set: never an input of the run, never a device or FIFO replaced. */
  private check(name: string): void {
    const file = join(this.dir, name);
    const target = guardOutput(file);
    if (target.kind !== "file") throw new InputError([diag("CLI003", { file, reason: { zh: "不是普通文件", en: "not a regular file" } }, { file })]);
  }

  /** An output file (renamed into place on commit). */
  async open(name: string): Promise<AtomicFileWriter> {
    this.check(name);
    const w = await AtomicFileWriter.open(join(this.dir, name), join(this.staging, name));
    this.writers.push(w);
    this.written.push(name);
    return w;
  }

  /** A CSV writer onto an output file (rows batched); the BOM and header come with start(), now when given. */
  async csv(name: string, header?: readonly string[]): Promise<CsvBatchWriter> {
    const w = await this.open(name);
    const cw = new CsvBatchWriter((text) => this.track(w.write(text)));
    this.csvWriters.push(cw);
    if (header) cw.start(header);
    return cw;
  }

  /** The staged path of an output being written (to read it back before it is swapped in). */
  tmpOf(name: string): string {
    const w = this.writers.find((x) => x.file === join(this.dir, name));
    if (!w) throw new Error(`no output ${name}`);
    return w.tmp;
  }

  /** Spill file: written now, read back later, never swapped in. */
  async spill(name: string): Promise<{ writer: AtomicFileWriter; csv: CsvBatchWriter }> {
    const w = await AtomicFileWriter.open(join(this.staging, `${name}.spill`));
    this.spills.push(w);
    const cw = new CsvBatchWriter((text) => this.track(w.write(text)));
    this.csvWriters.push(cw);
    return { writer: w, csv: cw };
  }

  track(p: Promise<void> | undefined): Promise<void> | undefined {
    if (p) {
      this.pending.add(p);
      void p.then(() => this.pending.delete(p));
    }
    return p;
  }

  /** Hand every writer's collected text to its file (so no row's cells stay referenced) and wait for the files. */
  async drain(): Promise<void> {
    for (const cw of this.csvWriters) this.track(cw.flushText() ?? undefined);
    if (this.pending.size) await Promise.all([...this.pending]);
  }

  async whole(name: string, data: string | Uint8Array): Promise<void> {
    const w = await this.open(name);
    await w.write(data);
  }

  /** Close every file, then swap the whole set in; on failure the previous files are restored. */
  async commit(): Promise<void> {
    await this.drain();
    for (const s of this.spills) await s.abort();
    for (const w of this.writers) await w.close();
    // Again now that every input has been read.
    for (const name of this.written) this.check(name);
    const backups = join(this.staging, ".previous");
    await fsp.mkdir(backups, { recursive: true });
    const done: Array<{ file: string; backup: string | undefined }> = [];
    try {
      for (const w of this.writers) {
        const backup = join(backups, String(done.length));
        const had = await fsp.rename(w.file, backup).then(
          () => true,
          (e: NodeJS.ErrnoException) => {
            if (e.code === "ENOENT") return false;
            throw e;
          },
        );
        done.push({ file: w.file, backup: had ? backup : undefined });
        // A replaced file keeps its permission bits.
        if (had) await fsp.chmod(w.tmp, (await fsp.stat(backup)).mode & 0o7777);
        await fsp.rename(w.tmp, w.file);
      }
    } catch (e) {
      for (const d of done.reverse()) {
        if (d.backup) await fsp.rename(d.backup, d.file).catch(() => undefined);
        else await fsp.rm(d.file, { force: true }).catch(() => undefined);
      }
      await this.abort();
      const err = e as NodeJS.ErrnoException;
      throw new InputError([diag("CLI003", { file: this.dir, reason: err.code ?? err.message }, { file: this.dir })]);
    }
    await fsp.rm(this.staging, { recursive: true, force: true });
    releaseTemporary(this.staging, true);
  }

  /** Drop every staged file and the staging folder. */
  async abort(): Promise<void> {
    for (const w of [...this.spills, ...this.writers]) await w.abort().catch(() => undefined);
    await fsp.rm(this.staging, { recursive: true, force: true }).catch(() => undefined);
    releaseTemporary(this.staging);
    if (this.madeDir) await fsp.rmdir(this.dir).catch(() => undefined);
  }
}
