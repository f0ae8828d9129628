import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CliError, diag } from "../diagnostics.js";

/** Write to a temporary file beside the target, then rename: a failed run leaves no half-written file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw new CliError(2, [diag("CLI003", { file, reason: err.code ?? err.message }, { file })]);
  }
}

/** Print to stdout, or write atomically when `-o file` was given. */
export async function emit(text: string, outFile?: string): Promise<void> {
  if (outFile) await writeFileAtomic(outFile, text.endsWith("\n") ? text : text + "\n");
  else process.stdout.write(text.endsWith("\n") || text === "" ? text : text + "\n");
}
