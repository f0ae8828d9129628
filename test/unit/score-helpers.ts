// Helpers for the scoring unit tests: standards and bundles from YAML text, scored by the pure core.
import { diagnosticJson, message } from "../../src/render/formats/message.js";
import { resultTexts } from "../../src/render/report/result-text.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkFindings, normalizeBundle, type Bundle } from "../../src/core/scoring/bundle.js";
import { evaluateCondition } from "../../src/core/standard/condition.js";
import { gradeScore, type GradeOutcome } from "../../src/core/scoring/grade.js";
import type { Standard } from "../../src/core/standard/model.js";
import type { ScoreResult } from "../../src/core/scoring/result.js";
import { appliesWith, buildResult, scoreFindings, type ScoreCalc } from "../../src/core/scoring/score.js";
import { asStandard } from "../../src/core/standard/standard.js";
import type { Diagnostic } from "../../src/diagnostics.js";
import { readStandardBytes } from "../../src/io/standards.js";
import { parseYaml } from "../../src/io/yaml.js";
import { positionDiagnostics } from "../../src/io/bundle.js";

export function standardFrom(text: string, file = "test.yaml"): Standard {
  const sf = readStandardBytes(Buffer.from(text, "utf8"), file);
  if (!sf.doc) throw new Error("bad test standard: " + sf.diagnostics.map((d) => `${d.line}:${d.column} ${message(d, "zh")}`).join("; "));
  const std = asStandard(sf.doc);
  if (!std) throw new Error("test standard is incomplete");
  return std;
}

export function standardFile(path: string): Standard {
  return standardFrom(readFileSync(path, "utf8"), path);
}

export function bundleFrom(text: string): { bundle: Bundle; diagnostics: Diagnostic[] } {
  const loaded = parseYaml(text, "bundle.yaml");
  if (loaded.value === undefined) throw new Error("bad test bundle: " + loaded.diagnostics.map((d) => message(d, "zh")).join("; "));
  const r = normalizeBundle(loaded.value as Record<string, unknown>, (p) => loaded.numText.get(p));
  positionDiagnostics(r.diagnostics, loaded);
  return { bundle: r.bundle, diagnostics: r.diagnostics };
}

export interface Scored {
  calc: ScoreCalc;
  grade: GradeOutcome;
  result: ScoreResult;
  diagnostics: Diagnostic[];
}

/** Validate and score; diagnostics include both the profile checks and the findings checks. */
export function scoreText(std: Standard, bundleText: string): Scored {
  const loaded = parseYaml(bundleText, "bundle.yaml");
  if (loaded.value === undefined) throw new Error("bad test bundle: " + loaded.diagnostics.map((d) => message(d, "zh")).join("; "));
  const { bundle, diagnostics } = normalizeBundle(loaded.value as Record<string, unknown>, (p) => loaded.numText.get(p));
  const applies = appliesWith(evaluateCondition, bundle.enterprise);
  diagnostics.push(...checkFindings(bundle, std, applies, (p) => loaded.locate(p)?.line));
  positionDiagnostics(diagnostics, loaded);
  return scoreBundle(std, bundle, diagnostics);
}

export function scoreBundle(std: Standard, bundle: Bundle, diagnostics: Diagnostic[] = []): Scored {
  const applies = appliesWith(evaluateCondition, bundle.enterprise);
  const calc = scoreFindings(std, bundle.findings, applies);
  const grade = gradeScore(std, calc, bundle.accidents, bundle.assessment.date);
  const result = buildResult({
    standard: std,
    bundle,
    calc,
    grade,
    evidence: [],
    diagnostics: [...diagnostics, ...calc.diagnostics].map((d) => diagnosticJson(d, "zh")),
    texts: resultTexts(grade, calc, "zh"),
    version: "test",
  });
  return { calc, grade, result, diagnostics: [...diagnostics, ...calc.diagnostics] };
}

/** A bundle header for tests: enterprise, assessment date and accidents, then the given findings (YAML). */
export function bundleText(findings: string, opts: { date?: string; employees?: number; accidents?: string; extra?: string } = {}): string {
  return `stdz: 1
standard: test
enterprise:
  name: 测试公司
  credit_code: 91350500154326783G
  employees: ${opts.employees ?? 120}
${opts.extra ?? ""}assessment:
  kind: self
  date: "${opts.date ?? "2024-06-30"}"
accidents: ${opts.accidents ?? "[]"}
findings:
${findings}`;
}

export const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code).sort();

export function readFixture(...parts: string[]): string {
  return readFileSync(join(...parts), "utf8");
}
