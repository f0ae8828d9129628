/**
 * Column headings of published rubric tables, by the role stdz gives the column. A heading is
 * compared without spaces and line breaks; the first column found for a role wins.
 */
export type ColumnRole = "category" | "project" | "number" | "content" | "points" | "method" | "clauses";

/** Headings that are always the clause (评分方式) column. */
const CLAUSE_HEADINGS = ["评分方式", "评分标准", "扣分标准", "评分办法", "评分细则", "扣分说明", "扣分办法", "评分说明", "考评标准及扣分"];
/** Headings that are the method column beside a clause column, and the clause column when there is none. */
const METHOD_HEADINGS = ["考评办法", "考评方法", "评审方法", "评审办法", "评定办法", "评定方法", "检查方法", "考核办法", "考核方法", "评价方法"];

export const HEADER_ALIASES: Readonly<Record<Exclude<ColumnRole, "clauses" | "method">, readonly string[]>> & {
  clauses: readonly string[];
  method: readonly string[];
} = {
  category: ["类目", "考评类目", "评审类目", "评定类目", "一级要素", "A级要素", "一级评审项目", "要素", "大项", "类别", "一级指标"],
  project: ["项目", "考评项目", "评审项目", "评定项目", "二级要素", "B级要素", "子要素", "小项", "二级指标", "考核项目"],
  number: ["序号", "编号", "条款号", "条款", "内容编号", "项目编号"],
  content: ["考评内容", "评审内容", "评定内容", "考核内容", "检查内容", "标准化要求", "企业达标标准", "基本规范要求", "考评标准", "内容", "三级指标"],
  points: ["标准分值", "分值", "标准分", "分数", "满分", "配分", "应得分", "标准分数"],
  method: METHOD_HEADINGS,
  clauses: CLAUSE_HEADINGS,
};

export const normaliseHeading = (s: string): string => s.replace(/[\s\u3000]+/g, "").replace(/[（(].*?[）)]$/, "");

/** The roles of a header row's cells, or undefined when it lacks a content and a points column. */
export function headerRoles(cells: readonly string[]): Map<ColumnRole, number> | undefined {
  const roles = new Map<ColumnRole, number>();
  const methods: number[] = [];
  cells.forEach((raw, i) => {
    const h = normaliseHeading(raw);
    if (!h) return;
    if (METHOD_HEADINGS.includes(h)) {
      methods.push(i);
      return;
    }
    for (const role of ["category", "project", "number", "content", "points", "clauses"] as const) {
      if (HEADER_ALIASES[role].includes(h)) {
        if (!roles.has(role)) roles.set(role, i);
        return;
      }
    }
  });
  // 考评办法 holds the deductions in tables that have no separate 评分方式 column.
  if (methods.length) roles.set(roles.has("clauses") ? "method" : "clauses", methods[0]!);
  return roles.has("content") && roles.has("points") ? roles : undefined;
}
