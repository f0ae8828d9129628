import { defineCodes } from "./types.js";

/** Standards: schema, loading, lint rules, compile. Lint rule codes are registered here too. */
export const stdCodes = defineCodes({
  STD001: {
    severity: "error",
    title: "不符合标准文件格式",
    title_en: "Schema violation",
    zh: "{detail}",
    en: "{detail}",
  },
  STD002: {
    severity: "error",
    title: "找不到标准",
    title_en: "Standard not found",
    zh: "找不到标准 “{id}”（已搜索：{searched}）",
    en: "standard '{id}' not found (searched: {searched})",
  },
  STD003: {
    severity: "error",
    title: "标准编号重复",
    title_en: "Standard id defined twice",
    zh: "标准编号 “{id}” 在两个文件中重复定义：{first} 和 {second}",
    en: "standard id '{id}' is defined twice: {first} and {second}",
  },
});
