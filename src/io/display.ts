import { statSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import type { Diagnostic } from "../diagnostics.js";

/** Shown paths: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

export function relativizeDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  for (const d of diags) if (d.file !== undefined) d.file = displayPath(d.file);
  return diags;
}

/** Whether a path names a folder, another file, or nothing that can be read. */
export function pathKind(path: string): "dir" | "file" | undefined {
  try {
    return statSync(path).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}
