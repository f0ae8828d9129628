// 自评表.xlsx's layout, shared by the writer (render) and the reader (io): sheet names, the
// 企业信息 rows, the 评分表 columns and the words used in cells.
export const SHEET_INFO = "企业信息";
export const SHEET_SCORE = "评分表";
export const SHEET_ELEMENTS = "要素汇总";
export const SHEET_ACCIDENTS = "事故";
export const SHEET_META = "stdz";
export const SHEET_PREREQUISITES = "基本条件";
/** 事故 columns: date, deaths, serious, minor, direct loss, note, then the extension fields. */
export const ACCIDENT_COLUMNS = [
  "date",
  "deaths",
  "serious_injuries",
  "minor_injuries",
  "direct_loss",
  "note",
  "occupational_disease",
  "kind",
  "contractor",
] as const;
/** Where 企业信息 keeps its extra rows (declared profile facts, the level applied for): the key in hidden column C, the type in D. */
export const EXTRA_KEY_COLUMN = 3;
export const EXTRA_TYPE_COLUMN = 4;

export const STATUS_WORDS = { conform: "符合", nonconform: "不符合", na: "不适用" } as const;
export const KIND_WORDS = { self: "自评", review: "评审", "spot-check": "抽查" } as const;
export const YES = "是";
export const NO = "否";

/** 企业信息 rows: key → label; the value sits in column B of the row's position (row = index + 3). */
export const INFO_FIELDS = [
  ["standard", "评分标准（请勿修改）"],
  ["name", "单位名称"],
  ["credit_code", "统一社会信用代码"],
  ["legal_rep", "法定代表人"],
  ["sector", "所属行业"],
  ["region", "所在地区"],
  ["employees", "从业人员数量"],
  ["above_scale", "规模以上（是/否）"],
  ["high_risk", "高危行业（是/否）"],
  ["small_micro", "小微企业（是/否）"],
  ["risk", "安全风险等级（红/橙/黄/蓝）"],
  ["kind", "评定类型（自评/评审/抽查）"],
  ["date", "评定日期"],
  ["organisation", "评定单位"],
  ["assessors", "评定人员（用、分隔）"],
] as const;
export type InfoKey = (typeof INFO_FIELDS)[number][0];
export const INFO_FIRST_ROW = 3;
export const infoRow = (key: InfoKey): number => INFO_FIRST_ROW + INFO_FIELDS.findIndex(([k]) => k === key);

/** 评分表 layout: fixed columns, then one count column per deduction (①②…), then the rest. */
export interface ScoreLayout {
  /** Deduction count columns (the widest content's number of deductions, at least 1). */
  counts: number;
  header: number;
  first: number;
  col: Record<
    | "element"
    | "elementTitle"
    | "item"
    | "title"
    | "points"
    | "clauses"
    | "condition"
    | "status"
    | "note"
    | "evidence"
    | "rectify"
    | "earned"
    | "charged"
    | "applicable"
    | "ids",
    number
  >;
  /** 1-based column of deduction count k (0-based k). */
  count(k: number): number;
}

export function scoreLayout(counts: number): ScoreLayout {
  const after = 9 + counts;
  return {
    counts,
    header: 3,
    first: 4,
    col: {
      element: 1,
      elementTitle: 2,
      item: 3,
      title: 4,
      points: 5,
      clauses: 6,
      condition: 7,
      status: 8,
      note: after,
      evidence: after + 1,
      rectify: after + 2,
      earned: after + 3,
      charged: after + 4,
      applicable: after + 5,
      ids: after + 6,
    },
    count: (k) => 9 + k,
  };
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
export const circled = (k: number): string => CIRCLED[k] ?? `(${k + 1})`;

export const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const info = (key: InfoKey) => `'${SHEET_INFO}'!$B$${infoRow(key)}`;
