import type { Code } from "../../../codes/index.js";
import { RULES } from "./index.js";
import type { SchemaError } from "./types.js";

/**
 * The rule that owns a schema error (e.g. a negative `points` is STD013, not a generic
 * STD001), with its message arguments; undefined leaves the error generic.
 */
export function claimSchemaError(e: SchemaError): { code: Code; args: Record<string, unknown> } | undefined {
  for (const rule of RULES) {
    const args = rule.claim?.(e);
    if (args) return { code: rule.meta.code, args };
  }
  return undefined;
}
