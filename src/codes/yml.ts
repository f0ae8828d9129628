import { defineCodes } from "./types.js";

/** Files that cannot be read as YAML at all. */
export const ymlCodes = defineCodes({
  YML001: {
    severity: "error",
    title: "YAML 语法错误",
    title_en: "YAML syntax error",
    zh: "YAML 语法错误：{detail}",
    en: "YAML syntax error: {detail}",
  },
  YML002: {
    severity: "error",
    title: "重复的键",
    title_en: "Duplicate key",
    zh: "键 “{key}” 重复出现",
    en: "duplicate key '{key}'",
  },
  YML003: {
    severity: "error",
    title: "使用了制表符缩进",
    title_en: "Tab used for indentation",
    zh: "YAML 不允许用制表符缩进，请改用空格",
    en: "tabs are not allowed as YAML indentation; use spaces",
  },
  YML004: {
    severity: "error",
    title: "别名展开过多",
    title_en: "Too many alias expansions",
    zh: "别名（alias）展开超过 {limit} 个节点，疑似“别名炸弹”，已拒绝",
    en: "aliases expand to more than {limit} nodes (an alias bomb?); refused",
  },
  YML005: {
    severity: "error",
    title: "文件不是 UTF-8 编码",
    title_en: "File is not UTF-8",
    zh: "文件不是有效的 UTF-8 编码（第 {offset} 字节起），请以 UTF-8 保存",
    en: "file is not valid UTF-8 (from byte {offset}); save it as UTF-8",
  },
  YML006: {
    severity: "error",
    title: "空文件",
    title_en: "Empty file",
    zh: "文件为空，没有任何内容",
    en: "the file is empty",
  },
  YML007: {
    severity: "error",
    title: "文档根节点不是映射",
    title_en: "Document root is not a mapping",
    zh: "文档顶层应为键值映射（key: value），实际是 {actual}",
    en: "the document's top level must be a mapping (key: value), found {actual}",
  },
  YML008: {
    severity: "error",
    title: "一个文件中有多个文档",
    title_en: "Several documents in one file",
    zh: "一个文件只能包含一个 YAML 文档（发现 “---” 分隔的第 {n} 个文档）",
    en: "a file holds one YAML document (found document {n} after '---')",
  },
  YML009: {
    severity: "error",
    title: "不支持的键类型",
    title_en: "Unsupported key",
    zh: "映射的键必须是字符串或数字",
    en: "mapping keys must be strings or numbers",
  },
  YML010: {
    severity: "error",
    title: "嵌套层数过深",
    title_en: "Nesting too deep",
    zh: "嵌套超过 {limit} 层（第 {line} 行），已拒绝读取；标准、证据包和结果文件都用不到这么深的结构",
    en: "nesting deeper than {limit} levels (line {line}); refused: no standard, bundle or result needs such depth",
  },
});
