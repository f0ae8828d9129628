import type { Text } from "../../lib/text.js";
import type { Code } from "../../../codes/index.js";
import type { Located, Severity } from "../../../diagnostics.js";
import type { Standard } from "../model.js";
import type { PatchOp, StandardDoc } from "../standard.js";

/** Where a model node (and optionally one of its fields) came from in the source files. */
export type Locate = (node: object, field?: string) => Located;

/** One file of an `extends` chain as the rules see it. */
export interface SourceDoc {
  doc: StandardDoc;
  file?: string;
  /** JSON pointer → source text of each number that does not print back as written (see LoadedYaml.numText). */
  numbers: ReadonlyMap<string, string>;
  /** Position of a JSON pointer in this file. */
  at(ptr: string): Located;
}

/** Sector names from data/sectors.json, with alias → canonical name. */
export interface SectorTable {
  names: ReadonlySet<string>;
  aliases: ReadonlyMap<string, string>;
}

/** Problems met while following `extends` (found by the I/O layer, reported by rules). */
export type ChainProblem =
  | { kind: "not-found"; doc: StandardDoc; ref: string; searched: string }
  | { kind: "cycle"; doc: StandardDoc; chain: string[] }
  | { kind: "base-invalid"; doc: StandardDoc; ref: string; file: string; errors: number };

/** Problems met while applying patches (found by compile, reported by rules). */
export type PatchProblem =
  | { kind: "missing"; doc: StandardDoc; op: PatchOp; role: "id" | "parent" | "after"; ref: string }
  | { kind: "collision"; doc: StandardDoc; op: PatchOp; id: string; node: object }
  | { kind: "mismatch"; doc: StandardDoc; op: PatchOp; field?: string; zh: string; en: string };

/** A problem found by a JSON Schema check, offered to rules that want to own its code. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  /** The generic readable message for the error. */
  detail: Text;
  /** The offending value. */
  value: unknown;
  /** Any value of the document by JSON pointer. */
  lookup(ptr: string): unknown;
}

export interface LintContext {
  /** The file being checked, as its author wrote it (the last of the chain). */
  readonly doc: StandardDoc;
  /** Every file of the chain, root base first; the checked file last. */
  readonly sources: readonly SourceDoc[];
  /** The standard with `extends` resolved and patches applied; undefined when the chain is broken. */
  readonly std?: Standard;
  readonly chainProblems: readonly ChainProblem[];
  readonly patchProblems: readonly PatchProblem[];
  readonly sectors: SectorTable;
  /** Report a problem at a node (or one of its fields); the position comes from the source map. */
  report(code: Code, args: Record<string, unknown>, node?: object, field?: string): void;
  /**
   * Report a problem of the standard as a whole, at `field` of the checked file when it states
   * it, else at its `extends` (the patches that caused it), else at the top of the file.
   */
  reportWhole(code: Code, args: Record<string, unknown>, field: string): void;
  /** Where a node (or field) is, for messages that point at another place ("first at 12:5"). */
  locate: Locate;
  /** Report a problem at a JSON pointer of one source file. */
  reportAt(code: Code, args: Record<string, unknown>, source: SourceDoc, ptr: string): void;
}

export interface RuleMeta {
  code: Code;
  /** Kebab-case name, stable; used in docs. */
  name: string;
  severity: Severity;
  description: { zh: string; en: string };
}

export interface LintRule {
  meta: RuleMeta;
  check(ctx: LintContext): void;
  /**
   * Schema errors this rule owns: return the message arguments to report them under the
   * rule's code (instead of the generic STD001), or undefined to leave them.
   */
  claim?(error: SchemaError): Record<string, unknown> | undefined;
}

/** What `stdz lint` hands to the formatters: every file checked, with its diagnostics. */
export interface LintResults {
  /** Files checked, in the order given. */
  files: string[];
  /** All diagnostics (including suppressed ones, which carry `suppressed`). */
  diagnostics: import("../../../diagnostics.js").Diagnostic[];
}

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
}

export function summarize(r: LintResults): LintSummary {
  const s: LintSummary = { files: r.files.length, errors: 0, warnings: 0, infos: 0, suppressed: 0 };
  for (const d of r.diagnostics) {
    if (d.suppressed !== undefined) s.suppressed++;
    else if (d.severity === "error") s.errors++;
    else if (d.severity === "warning") s.warnings++;
    else s.infos++;
  }
  return s;
}
