import type { Register } from "./context.js";
import type { ReportCliOptions } from "./report.js";
import { outputOption, verifyKeyOption } from "./options.js";
import { t } from "../i18n.js";

// Light on purpose: the renderer (Handlebars, templates) is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  const cmd = program
    .command("report")
    .description(
      t(
        "用内置或自定义 Handlebars 模板把评分结果生成报告（HTML、Markdown、Word 或 PDF）",
        "render a scoring result as a report with a built-in or custom Handlebars template (HTML, Markdown, Word or PDF)",
      ),
    )
    .argument("[result]", t("评分结果文件（stdz score --format json 的输出）", "result file (output of stdz score --format json)"))
    .option(
      "-t, --template <name|path>",
      t(
        "模板：内置名称（report、report.md、rectification）或 .hbs 文件路径",
        "template: a built-in name (report, report.md, rectification) or a path to a .hbs file",
      ),
    );
  outputOption(
    cmd,
    t(
      "写入文件，格式由扩展名决定：.html、.md、.docx（Word）、.pdf（需 Chromium/Chrome/Edge）；默认输出 HTML 到标准输出",
      "write to a file whose extension picks the format: .html, .md, .docx (Word), .pdf (needs Chromium/Chrome/Edge); default: HTML on standard output",
    ),
  )
    .option("--list-templates", t("列出内置模板", "list the built-in templates"))
    .option("--format <format>", t("--list-templates 的输出格式：table 或 json", "output of --list-templates: table or json"));
  verifyKeyOption(cmd).action(ctx.action(async (result: string | undefined, opts: ReportCliOptions) => (await import("./report.js")).run(result, opts)));
};
