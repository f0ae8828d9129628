import { defineCodes } from "./types.js";

/** Spot checks: stdz sample and stdz deviation. */
export const smpCodes = defineCodes({
  SMP001: {
    severity: "error",
    title: "找不到分组列",
    title_en: "Group column not found",
    zh: "台账中没有分组列 “{by}”（表头：{headers}）",
    en: "the register has no group column '{by}' (headers: {headers})",
  },
  SMP002: {
    severity: "error",
    title: "排除名单无法使用",
    title_en: "Exclusion list unusable",
    zh: "排除名单 {detail}",
    en: "exclusion list: {detail}",
  },
  SMP003: {
    severity: "warning",
    title: "未发证日期的行不在抽样范围内",
    title_en: "Rows without 发证日期 left out",
    zh: "使用 --graded-since 时，{count} 个达标企业没有发证日期，未纳入抽样总体",
    en: "with --graded-since, {count} qualified enterprises without an issue date were left out of the population",
  },
  SMP010: {
    severity: "error",
    title: "不是评分结果",
    title_en: "Not a result",
    zh: "不是有效的评分结果文件：{detail}",
    en: "not a valid result file: {detail}",
  },
  SMP011: {
    severity: "error",
    title: "评分标准不同",
    title_en: "Different standards",
    zh: "两份结果所用标准不同：{reported} 与 {audited}，误差率只比较同一标准下的结果",
    en: "the two results use different standards: {reported} and {audited}; deviation compares results of one standard",
  },
  SMP012: {
    severity: "error",
    title: "不是同一企业",
    title_en: "Different enterprises",
    zh: "两份结果不是同一企业：{reported} 与 {audited}",
    en: "the two results are of different enterprises: {reported} and {audited}",
  },
  SMP020: {
    severity: "error",
    title: "台账缺少得分列",
    title_en: "Register lacks score columns",
    zh: "台账缺少 {missing} 列，无法计算误差率",
    en: "the register lacks the column(s) {missing}; deviation needs both",
  },
  SMP021: {
    severity: "info",
    title: "只有一个得分的行",
    title_en: "Rows with only one score",
    zh: "{count} 行只有评审得分或抽查得分之一，未计入抽查企业",
    en: "{count} rows have only one of 评审得分 and 抽查得分 and are not counted as sampled",
  },
});
