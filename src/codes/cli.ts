import { defineCodes } from "./types.js";

/** Problems running a command at all: usage, files that cannot be read or written. */
export const cliCodes = defineCodes({
  CLI001: {
    severity: "error",
    title: "文件不存在或无法读取",
    title_en: "File missing or unreadable",
    zh: "无法读取 {file}：{reason}",
    en: "cannot read {file}: {reason}",
  },
  CLI002: {
    severity: "error",
    title: "命令用法错误",
    title_en: "Usage error",
    zh: "{message}",
    en: "{message}",
  },
  CLI003: {
    severity: "error",
    title: "无法写入输出文件",
    title_en: "Cannot write output",
    zh: "无法写入 {file}：{reason}",
    en: "cannot write {file}: {reason}",
  },
  CLI004: {
    severity: "error",
    title: "内部错误",
    title_en: "Internal error",
    zh: "内部错误：{message}（这是 stdz 的缺陷，请附上命令和输入文件报告）",
    en: "internal error: {message} (this is a bug in stdz; please report it with the command and input files)",
  },
});
