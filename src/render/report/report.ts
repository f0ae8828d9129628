// `stdz report` and `stdz score --report`: render a ScoreResult with a built-in or custom template.
import type { ScoreResult } from "../../core/scoring/result.js";
import { getLang, type Lang } from "../../i18n.js";
import { listTemplates as listAll, renderTemplateFile, type OutputFormat, type TemplateInfo } from "../formats/hbs.js";
import { reportModel } from "./report-model.js";

export interface RenderReportOptions {
  /** Built-in name ("report", "report.md", "rectification") or a path to a .hbs file; default "report". */
  template?: string;
  /** Label language; defaults to the CLI's --lang. */
  lang?: Lang;
  /** The result file no longer matches its digest: the report says so on its first page. */
  edited?: boolean;
}

/**
 * Render a result. Bad templates throw InputError with TPL diagnostics (file and line).
 * The output format follows the template's file name (`.html.hbs` → html, `.md.hbs` → md).
 */
export async function renderReport(result: ScoreResult, opts: RenderReportOptions = {}): Promise<{ text: string; format: OutputFormat }> {
  const lang = opts.lang ?? getLang();
  const { text, format } = renderTemplateFile(opts.template, reportModel(result, lang, { edited: opts.edited === true }), { lang, fallback: "report" });
  return { text, format };
}

/** The built-in templates, with their format and description. */
export function listTemplates(): TemplateInfo[] {
  return listAll();
}
