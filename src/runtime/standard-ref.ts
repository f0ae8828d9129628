import { extname } from "node:path";

/**
 * Whether a standard reference names a file rather than an id. One definition for the loader
 * (io/standards.ts) and the compiled-standard cache, which must not load lint code on a hit.
 */
export function isPathRef(ref: string): boolean {
  return ref.includes("/") || ref.includes("\\") || [".yaml", ".yml", ".json"].includes(extname(ref).toLowerCase());
}
