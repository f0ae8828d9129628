// The report for an output file: its format follows the extension (.html/.htm, .md, .docx for Word,
// .pdf printed from the HTML by a browser); anything else is refused, never written as HTML under
// a misleading name.
import { extname } from "node:path";
import type { ScoreResult } from "../core/scoring/result.js";
import { diag, InputError } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { renderReport } from "../render/report/report.js";

export type ReportFileFormat = "html" | "md" | "docx" | "pdf";

const BY_EXTENSION: Record<string, ReportFileFormat> = { ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf" };

export function reportFormatOf(file: string): ReportFileFormat | undefined {
  return BY_EXTENSION[extname(file).toLowerCase()];
}

/** Built-in templates a Word document can be made from. */
const DOCX_TEMPLATES: Record<string, "report" | "rectification"> = {
  report: "report",
  "report.html": "report",
  rectification: "rectification",
  "rectification.html": "rectification",
};

/** Render a result for `file`; the bytes (or text) to write there. */
/** `edited`: the result no longer matches its digest; the report carries a banner saying so. */
export async function renderReportFile(
  result: ScoreResult,
  file: string,
  opts: { template?: string; lang: Lang; edited?: boolean },
): Promise<string | Uint8Array> {
  const format = reportFormatOf(file);
  if (!format) throw new InputError([diag("TPL008", { file })]);
  if (format === "docx") {
    const template = DOCX_TEMPLATES[opts.template ?? "report"];
    if (!template) throw new InputError([diag("TPL011", { template: opts.template, format: "HTML/Markdown", file })]);
    const { renderReportDocx } = await import("../render/report/report-docx.js");
    return renderReportDocx(result, { template, lang: opts.lang, edited: opts.edited === true });
  }
  const template = opts.template ?? (format === "md" ? "report.md" : undefined);
  const out = await renderReport(result, { ...(template !== undefined ? { template } : {}), lang: opts.lang, edited: opts.edited === true });
  const wanted = format === "md" ? "md" : "html";
  if (out.format !== wanted)
    throw new InputError([diag("TPL011", { template: template ?? "report", format: out.format === "md" ? "Markdown" : "HTML", file })]);
  if (format === "pdf") {
    const { printPdf } = await import("../io/pdf.js");
    return printPdf(out.text);
  }
  return out.text;
}
