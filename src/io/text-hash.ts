import { createRequire } from "node:module";

let createHash: typeof import("node:crypto").createHash | undefined;

/**
 * Lower-case hex SHA-256 of a string's UTF-8 bytes, handed to core's compiler for fingerprints
 * (core does no hashing itself). node:crypto is loaded on first use: `stdz lint` compiles
 * without a fingerprint and never needs it.
 */
export function sha256Text(text: string): string {
  createHash ??= (createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto")).createHash;
  return createHash("sha256").update(text, "utf8").digest("hex");
}
