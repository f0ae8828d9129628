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
});
