import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/** Chunk size for hashing: large enough to keep syscalls few, small enough to bound memory per file. */
const CHUNK = 1 << 20;

export type HashResult = { sha256: string; bytes: number };
export type HashOutcome = HashResult | { error: { code?: string; message: string } };

/** SHA-256 of a file, read in chunks (never the whole file in memory), with its size in bytes. */
export async function sha256File(file: string, buf: Buffer = Buffer.allocUnsafe(CHUNK)): Promise<HashResult> {
  const fh = await open(file, "r");
  try {
    const h = createHash("sha256");
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { sha256: h.digest("hex"), bytes };
  } finally {
    await fh.close();
  }
}

/** The same, with blocking reads: for worker threads and small batches, where the thread pool's round trips cost more than they save. */
export function sha256FileSync(file: string, buf: Buffer = Buffer.allocUnsafe(CHUNK)): HashResult {
  const fd = openSync(file, "r");
  try {
    const h = createHash("sha256");
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      bytes += n;
      // A short read of a regular file is its end: saves a syscall per small file.
      if (n < buf.length) break;
    }
    return { sha256: h.digest("hex"), bytes };
  } finally {
    closeSync(fd);
  }
}

/** Run `fn` over `xs` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(xs: readonly T[], limit: number, fn: (x: T, worker: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const worker = async (w: number) => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i]!, w);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, xs.length)) }, (_, w) => worker(w)));
  return out;
}

function outcome(file: string, buf: Buffer): HashOutcome {
  try {
    return sha256FileSync(file, buf);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code !== undefined ? { error: { code: err.code, message: err.message } } : { error: { message: err.message } };
  }
}

/** Take files off a queue shared between threads (an atomic counter) until it is empty. */
function drain(files: readonly string[], counter: Int32Array, put: (i: number, o: HashOutcome) => void): void {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= files.length) return;
    put(i, outcome(files[i]!, buf));
  }
}

interface WorkerJob {
  stdzHash: true;
  files: string[];
  counter: SharedArrayBuffer;
}

/** A worker thread's job (src/io/hash-worker.ts): report each file as soon as it is done. */
export function runHashWorker(): void {
  if (isMainThread || !(workerData as WorkerJob | undefined)?.stdzHash) return;
  const job = workerData as WorkerJob;
  drain(job.files, new Int32Array(job.counter), (i, o) => parentPort!.postMessage([i, o]));
}

/** The worker entry beside this module: the bundle's own, or the compiled one; none when running from source. */
function workerEntry(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith(".cjs")) return join(dirname(self), "hash-worker.cjs");
  if (self.endsWith(".js")) return join(dirname(self), "hash-worker.js");
  return undefined;
}

/** Below this many bytes a second thread costs more to start than it saves. */
const WORKER_THRESHOLD = 32 * 1024 * 1024;

export interface Hashing {
  /** Hash what the other threads have not taken, wait for them, and give every file's outcome in order. */
  finish(): Promise<HashOutcome[]>;
  /** Stop the other threads (the results are not wanted). */
  cancel(): void;
}

/**
 * Start hashing files a few at a time: worker threads (for large batches on a machine with
 * idle cores) start at once and take files from a shared queue while the caller goes on with
 * other work; `finish()` has the main thread join in. Each thread streams through its own buffer.
 */
export function beginHashing(files: readonly string[], concurrency = 4, totalBytes = 0): Hashing {
  const out = new Array<HashOutcome | undefined>(files.length);
  let missing = files.length;
  const put = (i: number, o: HashOutcome) => {
    if (out[i] === undefined) missing--;
    out[i] = o;
  };
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // Workers need compiled code (they cannot load TypeScript when running from source).
  const entry = workerEntry();
  const cpus = availableParallelism();
  // On a machine already busy another thread only competes with the main one.
  const busy = loadavg()[0]! >= cpus - 0.5;
  const auto = !busy && totalBytes >= WORKER_THRESHOLD && files.length > 1 ? Math.max(0, Math.min(concurrency, cpus) - 1) : 0;
  // STDZ_HASH_THREADS=n sets the number of extra threads (tests use it to exercise them).
  const forced = Number(process.env.STDZ_HASH_THREADS);
  const extra = entry === undefined ? 0 : Number.isSafeInteger(forced) && forced >= 0 && process.env.STDZ_HASH_THREADS !== "" ? Math.min(forced, 16) : auto;
  let running = extra;
  let wake: () => void = () => undefined;
  const workers = Array.from({ length: extra }, () => {
    const w = new Worker(entry!, { workerData: { stdzHash: true, files: [...files], counter: counter.buffer } satisfies WorkerJob });
    w.on("message", ([i, o]: [number, HashOutcome]) => {
      put(i, o);
      if (missing === 0) wake();
    });
    // A worker that fails to start or dies leaves its files to the main thread.
    w.on("error", () => undefined);
    w.once("exit", () => {
      running--;
      wake();
    });
    return w;
  });
  const stop = () => {
    for (const w of workers) {
      w.unref();
      void w.terminate();
    }
  };
  return {
    async finish() {
      drain(files, counter, put);
      if (missing > 0 && running > 0) await new Promise<void>((resolveDone) => (wake = () => (missing === 0 || running === 0) && resolveDone()));
      // Workers still starting up have nothing left to do.
      stop();
      const buf = Buffer.allocUnsafe(CHUNK);
      return out.map((o, i) => o ?? outcome(files[i]!, buf));
    },
    cancel() {
      Atomics.store(counter, 0, files.length);
      stop();
    },
  };
}

/** Hash files a few at a time (see beginHashing). Failures come back per file. */
export function hashFiles(files: readonly string[], concurrency = 4, totalBytes = 0): Promise<HashOutcome[]> {
  return beginHashing(files, concurrency, totalBytes).finish();
}
