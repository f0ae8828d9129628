import { createHash } from "node:crypto";
import { open } from "node:fs/promises";

/** Chunk size for hashing: large enough to keep syscalls few, small enough to bound memory per file. */
const CHUNK = 1 << 20;

/** SHA-256 of a file, read in chunks (never the whole file in memory), with its size in bytes. */
export async function sha256File(file: string, buf: Buffer = Buffer.allocUnsafe(CHUNK)): Promise<{ sha256: string; bytes: number }> {
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

export type HashOutcome = { sha256: string; bytes: number } | { error: NodeJS.ErrnoException };

/** Hash files a few at a time; each worker reuses one buffer. Failures come back per file. */
export async function hashFiles(files: readonly string[], concurrency = 4): Promise<HashOutcome[]> {
  const bufs = Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, () => Buffer.allocUnsafe(CHUNK));
  return mapLimit(files, concurrency, async (f, w) => {
    try {
      return await sha256File(f, bufs[w]!);
    } catch (e) {
      return { error: e as NodeJS.ErrnoException };
    }
  });
}
