// The run's inputs: every file a command reads goes through here, so that (1) only regular
// files of bounded size are read (a device or FIFO would never end or never start), and
// (2) the output guard can refuse to write over any of them.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from "node:fs";
import { resolve } from "node:path";
import { InputError, diag, text, type Text } from "../diagnostics.js";

/** Default ceiling for a YAML or JSON input read whole; STDZ_MAX_INPUT_MB overrides it. */
export const DEFAULT_MAX_INPUT_MB = 64;

/** The byte limit for inputs read whole (standards, bundles, results, targets, templates). */
export function maxInputBytes(env: string | undefined = process.env.STDZ_MAX_INPUT_MB): number {
  const n = env === undefined || env.trim() === "" ? NaN : Number(env);
  return Number.isFinite(n) && n > 0 ? Math.floor(n * 1024 * 1024) : DEFAULT_MAX_INPUT_MB * 1024 * 1024;
}

const inputs = new Set<string>();

/** Remember files this run reads (absolute paths; identity is checked when an output is written). */
export function noteInputs(files: Iterable<string>): void {
  for (const f of files) inputs.add(resolve(f));
}

/** Every file read so far in this run. */
export function runInputs(): readonly string[] {
  return [...inputs];
}

/** What a non-regular file is, for the message. */
export function fileKind(st: Stats): Text {
  if (st.isDirectory()) return text("目录", "a directory");
  if (st.isCharacterDevice() || st.isBlockDevice()) return text("设备文件", "a device");
  if (st.isFIFO()) return text("命名管道（FIFO）", "a named pipe (FIFO)");
  if (st.isSocket()) return text("套接字", "a socket");
  return text("特殊文件", "a special file");
}

function unreadable(file: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code === "ENOENT" ? "文件不存在 / no such file" : err.code === "EISDIR" ? "是目录 / is a directory" : (err.code ?? err.message);
  return new InputError([diag("CLI001", { file, reason }, { file })]);
}

function checkRegular(file: string, st: Stats, limit: number | undefined): void {
  if (!st.isFile()) {
    if (st.isDirectory()) throw unreadable(file, Object.assign(new Error("EISDIR"), { code: "EISDIR" }));
    throw new InputError([diag("CLI006", { file, kind: fileKind(st) }, { file })]);
  }
  if (limit !== undefined && st.size > limit) {
    throw new InputError([diag("CLI007", { file, size: st.size, limit, mb: Math.round(limit / (1024 * 1024)) }, { file })]);
  }
}

/**
 * Read a whole input file: refused at once when it is not a regular file (opened without
 * blocking, so a FIFO with no writer cannot hang the run) or larger than `limit` bytes.
 */
export function readInputFile(file: string, limit: number | undefined = maxInputBytes()): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    checkRegular(file, fstatSync(fd), limit);
    noteInputs([file]);
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadable(file, e);
  } finally {
    closeSync(fd);
  }
}

/** Check an input that is streamed rather than read whole (a register): a regular file, no size limit. `known`: its stats when the caller has them. */
export function checkInputFile(file: string, known?: Stats): void {
  let st: Stats;
  try {
    st = known ?? statSync(file);
  } catch (e) {
    throw unreadable(file, e);
  }
  checkRegular(file, st, undefined);
  noteInputs([file]);
}
