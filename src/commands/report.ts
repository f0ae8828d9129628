import type { ScoreResult } from "../core/result.js";
import { getLang, t } from "../i18n.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { readResultFile } from "../io/result-file.js";
import { listTemplates, renderReport } from "../render/report.js";
import { usageError } from "./output.js";
import type { ReportCliOptions } from "./report.cli.js";

export async function run(resultFile: string | undefined, opts: ReportCliOptions): Promise<number> {
  if (opts.listTemplates) return list(opts.format);
  if (opts.format !== undefined) throw usageError(t("--format 只用于 --list-templates；报告的格式由模板决定", "--format only applies to --list-templates; a report's format follows its template"));
  if (!resultFile) throw usageError(t("缺少评分结果文件：stdz report <result.json>", "missing the result file: stdz report <result.json>"));
  const result = await readResult(resultFile);
  if (opts.output !== undefined && opts.output !== "-") {
    // The file's extension picks the format: HTML, Markdown, Word or PDF.
    const { renderReportFile } = await import("../flows/report-output.js");
    const data = await renderReportFile(result, opts.output, { ...(opts.template !== undefined ? { template: opts.template } : {}), lang: getLang() });
    await writeFileAtomic(opts.output, data);
    return 0;
  }
  const { text } = await renderReport(result, opts.template === undefined ? {} : { template: opts.template });
  await emit(text);
  return 0;
}

function list(format: string | undefined): number {
  const all = listTemplates();
  if (format === "json") {
    process.stdout.write(JSON.stringify(all.map(({ name, format: f, file, description }) => ({ name, format: f, file, description })), null, 2) + "\n");
    return 0;
  }
  if (format !== undefined && format !== "table") throw usageError(t(`未知的格式 “${format}”（可用：table、json）`, `unknown format '${format}' (table or json)`));
  const w = Math.max(4, ...all.map((x) => x.name.length));
  process.stdout.write(`${t("名称", "name").padEnd(w)}  ${t("格式", "format").padEnd(6)}  ${t("说明", "description")}\n`);
  for (const x of all) process.stdout.write(`${x.name.padEnd(w)}  ${x.format.padEnd(6)}  ${x.description}\n`);
  return 0;
}

/** Read a result JSON; anything that is not one is an exit-2 error naming the file. */
export async function readResult(file: string): Promise<ScoreResult> {
  // The shape check first, so that a template never meets a field of the wrong type.
  return readResultFile(file, { parse: "TPL006", shape: "TPL007" }, resultShapeProblem);
}

/** The fields every template relies on; undefined when the value looks like a result. */
function resultShapeProblem(v: unknown): string | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return t("顶层不是对象", "the top level is not an object");
  const r = v as Record<string, unknown>;
  if (r.kind !== "result") return t("缺少 \"kind\": \"result\"", "no \"kind\": \"result\"");
  if (r.stdz !== 1) return t("不支持的 stdz 版本", "unsupported stdz version");
  const obj = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!obj(r.standard)) return t("缺少 standard", "no standard");
  if (!obj(r.enterprise) || typeof (r.enterprise as Record<string, unknown>).name !== "string") return t("缺少 enterprise.name", "no enterprise.name");
  if (!obj(r.assessment)) return t("缺少 assessment", "no assessment");
  for (const k of ["elements", "items", "nonconformities", "evidence", "grade_reasons"]) if (!Array.isArray(r[k])) return t(`缺少列表 ${k}`, `no list ${k}`);
  if (typeof r.score !== "number") return t("缺少 score", "no score");
  if (typeof r.grade !== "string") return t("缺少 grade", "no grade");
  return undefined;
}
