import { diag, type Diagnostic } from "../../../diagnostics.js";
import type { Standard } from "../model.js";
import type { StandardDoc } from "../standard.js";
import { RULES } from "./index.js";
import type { ChainProblem, LintContext, LintRule, Locate, PatchProblem, SectorTable, SourceDoc } from "./types.js";

export interface RuleInput {
  doc: StandardDoc;
  sources: readonly SourceDoc[];
  std?: Standard;
  chainProblems: readonly ChainProblem[];
  patchProblems: readonly PatchProblem[];
  sectors: SectorTable;
  locate: Locate;
}

/** Run lint rules over one standard (with its chain). Pure; positions come from `locate`. */
export function runRules(input: RuleInput, rules: readonly LintRule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx: LintContext = {
    doc: input.doc,
    sources: input.sources,
    ...(input.std ? { std: input.std } : {}),
    chainProblems: input.chainProblems,
    patchProblems: input.patchProblems,
    sectors: input.sectors,
    locate: input.locate,
    report(code, args, node, field) {
      out.push(diag(code, args, input.locate(node ?? input.doc, field)));
    },
    reportWhole(code, args, field) {
      const doc = input.doc as unknown as Record<string, unknown>;
      const at = doc[field] !== undefined ? field : input.doc.extends !== undefined ? "extends" : undefined;
      out.push(diag(code, args, input.locate(input.doc, at)));
    },
    reportAt(code, args, source, ptr) {
      out.push(diag(code, args, source.at(ptr)));
    },
  };
  for (const rule of rules) rule.check(ctx);
  return out;
}
