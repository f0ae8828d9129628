import chalk, { Chalk } from "chalk";
import type { Diagnostic } from "../../diagnostics.js";
import { summarize, type LintResults } from "../../core/standard/lint/types.js";
import { t, type Lang } from "../../i18n.js";
import { message } from "./message.js";
import { renderTable } from "./table.js";

export interface StylishOptions {
  /** false: plain text; true: colours; absent: as the terminal supports (FORCE_COLOR, NO_COLOR). */
  color?: boolean;
  lang: Lang;
}

/** Human output: problems grouped by file, aligned, then a summary line (eslint's "stylish"). */
export function stylish(results: LintResults, options: StylishOptions): string {
  const c = new Chalk({ level: options.color === false ? 0 : options.color === true ? (Math.max(1, chalk.level) as 1 | 2 | 3) : chalk.level });
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of results.diagnostics) {
    if (d.suppressed !== undefined) continue;
    const k = d.file ?? "";
    let list = byFile.get(k);
    if (!list) byFile.set(k, (list = []));
    list.push(d);
  }
  const out: string[] = [];
  for (const [file, diags] of byFile) {
    out.push(c.underline(file || t("（无文件）", "(no file)")));
    const rows = diags.map((d) => [
      c.dim(d.line !== undefined ? `${d.line}:${d.column ?? 1}` : "-"),
      d.severity === "error" ? c.red(t("错误", "error")) : d.severity === "warning" ? c.yellow(t("警告", "warning")) : c.blue(t("提示", "info")),
      message(d, options.lang),
      c.dim(d.code),
    ]);
    out.push(renderTable(rows, { indent: "  " }), "");
  }
  const s = summarize(results);
  const problems = s.errors + s.warnings + s.infos;
  const ignored = s.suppressed > 0 ? t(`，${s.suppressed} 个已忽略`, `, ${s.suppressed} suppressed`) : "";
  if (problems === 0) {
    out.push(c.green(t(`✔ 检查了 ${s.files} 个文件，没有发现问题${ignored}`, `✔ ${s.files} file${s.files === 1 ? "" : "s"} checked, no problems${ignored}`)));
  } else {
    const line = t(
      `✖ ${problems} 个问题（${s.errors} 个错误，${s.warnings} 个警告${s.infos ? `，${s.infos} 个提示` : ""}${ignored}），共检查 ${s.files} 个文件`,
      `✖ ${problems} problem${problems === 1 ? "" : "s"} (${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}${s.infos ? `, ${s.infos} info` : ""}${ignored}) in ${s.files} file${s.files === 1 ? "" : "s"}`,
    );
    out.push(s.errors > 0 ? c.red.bold(line) : c.yellow.bold(line));
  }
  return out.join("\n") + "\n";
}
