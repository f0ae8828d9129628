import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The conformance examples, copied into the repository (see test/conformance/README.md). */
export const CONFORMANCE = join(ROOT, "test", "conformance");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const BIN = join(ROOT, "bin", "stdz.js");
