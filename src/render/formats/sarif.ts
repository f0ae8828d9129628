import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CODES, type Code } from "../../codes/index.js";
import type { Diagnostic, Severity } from "../../diagnostics.js";
import type { LintResults, RuleMeta } from "../../core/standard/lint/types.js";
import type { Lang } from "../../i18n.js";
import { message } from "./message.js";

export interface SarifOptions {
  /** Tool version for `tool.driver.version`. */
  version: string;
  /** Folder that relative file URIs are based on (SRCROOT); default the current folder. */
  cwd?: string;
  /** Lint rule metadata by code, for rule names and descriptions. */
  rules?: readonly RuleMeta[];
  lang: Lang;
}

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

function artifactUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (isAbsolute(rel) || rel.startsWith("..")) return { uri: pathToFileURL(isAbsolute(file) ? file : `${cwd}${sep}${file}`).href };
  const uri = encodeURI(rel.split(sep).join("/")).replace(/[?#]/g, (c) => encodeURIComponent(c));
  return { uri, uriBaseId: "SRCROOT" };
}

/** SARIF 2.1.0 log of lint diagnostics (one run; suppressed findings carry an in-source suppression). */
export function sarif(results: LintResults, options: SarifOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const en = options.lang === "en";
  const metas = new Map((options.rules ?? []).map((m) => [m.code as string, m]));
  const ruleIds: string[] = [];
  const ruleIndex = new Map<string, number>();
  for (const d of results.diagnostics) {
    if (!ruleIndex.has(d.code)) {
      ruleIndex.set(d.code, ruleIds.length);
      ruleIds.push(d.code);
    }
  }
  const rules = ruleIds.map((id) => {
    const info = CODES[id as Code];
    const meta = metas.get(id);
    const r: Record<string, unknown> = { id };
    if (meta) r.name = meta.name;
    if (info) {
      r.shortDescription = { text: en ? info.title_en : info.title };
      r.defaultConfiguration = { level: LEVEL[info.severity] };
    }
    if (meta) r.fullDescription = { text: en ? meta.description.en : meta.description.zh };
    return r;
  });
  const sarifResult = (d: Diagnostic) => {
    const r: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: message(d, options.lang) },
    };
    if (d.file !== undefined) {
      const physical: Record<string, unknown> = { artifactLocation: artifactUri(d.file, cwd) };
      if (d.line !== undefined) {
        const region: Record<string, number> = { startLine: d.line, startColumn: d.column ?? 1 };
        if (d.end_line !== undefined) region.endLine = d.end_line;
        if (d.end_column !== undefined) region.endColumn = d.end_column;
        physical.region = region;
      }
      r.locations = [{ physicalLocation: physical }];
    }
    if (d.suppressed !== undefined) r.suppressions = [d.suppressed ? { kind: "inSource", justification: d.suppressed } : { kind: "inSource" }];
    return r;
  };
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "stdz", version: options.version, informationUri: "https://www.npmjs.com/package/stdz", rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        columnKind: "utf16CodeUnits",
        results: results.diagnostics.map(sarifResult),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
