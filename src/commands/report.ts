import { hasErrors } from "../diagnostics.js";
import { readCheckedResult, readScoreResult } from "../flows/bundle.js";
import { exitCode } from "../flows/outcome.js";
import { getLang, t } from "../i18n.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { listTemplates, renderReport } from "../render/report/report.js";
import { printDiagnostics, usageError } from "./output.js";

export interface ReportCliOptions {
  template?: string;
  output?: string;
  listTemplates?: boolean;
  format?: string;
  verifyKey?: string;
}

export async function run(resultFile: string | undefined, opts: ReportCliOptions): Promise<number> {
  if (opts.listTemplates) return list(opts.format);
  if (opts.format !== undefined)
    throw usageError(
      t("--format 只用于 --list-templates；报告的格式由模板决定", "--format only applies to --list-templates; a report's format follows its template"),
    );
  if (!resultFile) throw usageError(t("缺少评分结果文件：stdz report <result.json>", "missing the result file: stdz report <result.json>"));
  // An edited result is still rendered, with a banner; a signature that fails the given key renders nothing.
  const { result, integrity } = await readCheckedResult(resultFile, readScoreResult, {
    ...(opts.verifyKey !== undefined ? { verifyKey: opts.verifyKey } : {}),
    edited: "warning",
  });
  printDiagnostics(integrity.diagnostics);
  if (hasErrors(integrity.diagnostics)) return exitCode("invalid");
  const template = opts.template !== undefined ? { template: opts.template } : {};
  if (opts.output !== undefined && opts.output !== "-") {
    // The file's extension picks the format: HTML, Markdown, Word or PDF.
    const { renderReportFile } = await import("../flows/report-output.js");
    const data = await renderReportFile(result, opts.output, { ...template, lang: getLang(), edited: integrity.edited });
    await writeFileAtomic(opts.output, data);
    return exitCode("ok");
  }
  const { text } = await renderReport(result, { ...template, edited: integrity.edited });
  await emit(text);
  return exitCode("ok");
}

function list(format: string | undefined): number {
  const all = listTemplates();
  if (format === "json") {
    process.stdout.write(
      JSON.stringify(
        all.map(({ name, format: f, file, description }) => ({ name, format: f, file, description })),
        null,
        2,
      ) + "\n",
    );
    return exitCode("ok");
  }
  if (format !== undefined && format !== "table")
    throw usageError(t(`未知的格式 “${format}”（可用：table、json）`, `unknown format '${format}' (table or json)`));
  const w = Math.max(4, ...all.map((x) => x.name.length));
  process.stdout.write(`${t("名称", "name").padEnd(w)}  ${t("格式", "format").padEnd(6)}  ${t("说明", "description")}\n`);
  for (const x of all) process.stdout.write(`${x.name.padEnd(w)}  ${x.format.padEnd(6)}  ${x.description}\n`);
  return exitCode("ok");
}
