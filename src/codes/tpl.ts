import { defineCodes } from "./types.js";

/** Reports: templates that cannot be found, parsed or rendered, and result files that cannot be read. */
export const tplCodes = defineCodes({
  TPL001: {
    severity: "error",
    title: "找不到模板",
    title_en: "Template not found",
    zh: "找不到模板 “{name}”（内置模板：{available}）",
    en: "template '{name}' not found (built-in templates: {available})",
  },
  TPL002: {
    severity: "error",
    title: "模板语法错误",
    title_en: "Template syntax error",
    zh: "模板语法错误：{detail}",
    en: "template syntax error: {detail}",
  },
  TPL003: {
    severity: "error",
    title: "模板使用了未知的辅助函数",
    title_en: "Unknown template helper",
    zh: "模板使用了未知的辅助函数 “{name}”（可用：{available}）",
    en: "the template uses the unknown helper '{name}' (available: {available})",
  },
  TPL004: {
    severity: "error",
    title: "找不到局部模板",
    title_en: "Partial not found",
    zh: "找不到局部模板 “{name}”（可用：{available}）",
    en: "partial '{name}' not found (available: {available})",
  },
  TPL005: {
    severity: "error",
    title: "渲染模板时出错",
    title_en: "Template rendering failed",
    zh: "渲染模板时出错：{detail}",
    en: "rendering the template failed: {detail}",
  },
  TPL006: {
    severity: "error",
    title: "结果文件不是有效的 JSON",
    title_en: "Result file is not valid JSON",
    zh: "结果文件不是有效的 JSON：{detail}",
    en: "the result file is not valid JSON: {detail}",
  },
  TPL007: {
    severity: "error",
    title: "文件不是 stdz 评分结果",
    title_en: "Not a stdz result",
    zh: "文件不是 stdz 评分结果（stdz score --format json 的输出）：{detail}",
    en: "the file is not a stdz result (the output of stdz score --format json): {detail}",
  },
  TPL008: {
    severity: "error",
    title: "不支持的报告文件类型",
    title_en: "Unsupported report file type",
    zh: "无法按文件扩展名确定报告格式：{file}（可用：.html、.htm、.md、.docx、.pdf）",
    en: "cannot tell the report format from the file name: {file} (use .html, .htm, .md, .docx or .pdf)",
  },
  TPL009: {
    severity: "error",
    title: "找不到用于打印 PDF 的浏览器",
    title_en: "No browser to print the PDF",
    zh: "生成 PDF 需要 Chromium、Chrome 或 Edge 浏览器，但未找到（已查找：{searched}）。请安装浏览器（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或用 STDZ_CHROMIUM=浏览器路径 指定；也可以输出 HTML（-o 报告.html）后在浏览器中打印为 PDF",
    en: "printing a PDF needs Chromium, Chrome or Edge, and none was found (looked in: {searched}). Install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or name it with STDZ_CHROMIUM=/path/to/browser; or write HTML (-o report.html) and print it to PDF from a browser",
  },
  TPL010: {
    severity: "error",
    title: "打印 PDF 失败",
    title_en: "Printing the PDF failed",
    zh: "用浏览器 {browser} 打印 PDF 失败：{reason}",
    en: "printing the PDF with {browser} failed: {reason}",
  },
  TPL011: {
    severity: "error",
    title: "模板与输出格式不符",
    title_en: "Template does not fit the output format",
    zh: "模板 {template} 生成 {format}，不能写成 {file}",
    en: "template {template} makes {format}, which cannot be written as {file}",
  },
  TPL015: {
    severity: "error",
    title: "局部模板引用自身",
    title_en: "Partial includes itself",
    zh: "局部模板 {name} 直接或间接引用了自身（{cycle}），渲染无法结束",
    en: "the partial {name} includes itself, directly or through others ({cycle}); rendering never ends",
  },
});
