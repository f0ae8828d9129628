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
  CLI005: {
    severity: "error",
    title: "输出会覆盖输入文件",
    title_en: "Output would replace an input",
    zh: "输出 {output} 就是本次读取的输入文件 {input}，拒绝写入（stdz 不覆盖输入）；请换一个输出路径",
    en: "the output {output} is the input file {input} this run read; refusing to write (stdz never replaces an input); choose another output path",
  },
  CLI006: {
    severity: "error",
    title: "输入不是普通文件",
    title_en: "Input is not a regular file",
    zh: "{file} 是{kind}，stdz 只读取普通文件",
    en: "{file} is {kind}; stdz reads regular files only",
  },
  CLI007: {
    severity: "error",
    title: "输入文件过大",
    title_en: "Input file too large",
    zh: "{file} 有 {size} 字节，超过输入文件上限 {mb} MB；确需读取时请设置环境变量 STDZ_MAX_INPUT_MB（单位 MB）",
    en: "{file} is {size} bytes, over the input limit of {mb} MB; set STDZ_MAX_INPUT_MB (in MB) to read it anyway",
  },
  CLI008: {
    severity: "error",
    title: "无法写入标准输出",
    title_en: "Cannot write to standard output",
    zh: "无法写入标准输出：{reason}",
    en: "cannot write to standard output: {reason}",
  },
  CLI009: {
    severity: "error",
    title: "运行被中断",
    title_en: "Run interrupted",
    zh: "收到 {signal}，运行已中断；{written}",
    en: "{signal} received, run interrupted; {written}",
  },
});
