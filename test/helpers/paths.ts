import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The shared contract folder beside the repository (DESIGN.md, conformance/). */
export const SHARED = process.env.STDZ_SHARED ?? resolve(ROOT, "..", "shared");
/** The worked examples, copied into the repository (tests read nothing outside it). */
export const CONFORMANCE = join(ROOT, "test", "conformance");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const BIN = join(ROOT, "bin", "stdz.js");
