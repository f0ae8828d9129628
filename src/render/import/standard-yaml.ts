import type { ImportedDeduction, ImportedElement, ImportedItem, ImportedTable } from "../../core/import/table.js";
import type { Tier, Veto } from "../../core/standard/model.js";
import type { Lang } from "../../i18n.js";

export interface ImportMeta {
  id: string;
  title: string;
  tier: Tier;
  sectors: string[];
  /** The file named on the command line, as shown to the user. */
  source: string;
  /** Relative path from the output to the package's standard schema, for editor completion. */
  schema?: string;
}

const q = (s: string): string => JSON.stringify(s);
/** A comment keeps a multi-line cell on one line. */
const oneLine = (s: string): string => s.replace(/\s*\r?\n\s*/g, " ").trim();

function vetoYaml(v: Veto): string | undefined {
  if (v === false) return undefined;
  return v === "all" ? "true" : `{ blocks: [${v.blocks.map(q).join(", ")}] }`;
}

function deductionYaml(d: ImportedDeduction): string {
  const parts = [`id: ${d.id}`, `text: ${q(d.text)}`, `points: ${d.points.toString()}`];
  if (d.max) parts.push(`max: ${d.max.toString()}`);
  if (d.element_points) parts.push(`element_points: ${d.element_points.toString()}`);
  if (d.zeroes !== undefined) parts.push(`zeroes: ${q(d.zeroes)}`);
  return `{ ${parts.join(", ")} }`;
}

/**
 * The imported table as a standard in YAML, by hand rather than through a YAML library so
 * that each clause the parser could not read sits as a comment where it belongs.
 */
export function importedStandardYaml(table: ImportedTable, meta: ImportMeta, lang: Lang): string {
  const t = (zh: string, en: string): string => (lang === "en" ? en : zh);
  const lines: string[] = [];
  if (meta.schema) lines.push(`# yaml-language-server: $schema=${meta.schema}`, "#");
  lines.push(
    t(`# ${meta.title}`, `# ${meta.title}`),
    t(
      `# 由 stdz import 从 ${meta.source} 导入：${table.tables} 个表格，${table.items} 项考评内容，${table.deductions} 条扣分项，${table.unparsed.length} 处文字未能解析。`,
      `# Imported by stdz import from ${meta.source}: ${table.tables} table(s), ${table.items} contents, ${table.deductions} deductions, ${table.unparsed.length} text(s) not parsed.`,
    ),
    t(
      "# 未能解析的评分方式文字以 “# 未解析” 注释保留在所属考评内容下：请手工写成扣分项，再删除注释。",
      "# Scoring text that could not be parsed is kept as a '# not parsed' comment under its content: write it as deductions by hand, then delete the comment.",
    ),
    t(
      "# 评级条件不在表中：grading 按工贸行业一级 90、二级 75、三级 60 分写出，请按发布的标准改写（含安全绩效）。",
      "# The grading rules are not in the table: grading is written as 一级 90, 二级 75, 三级 60 points; rewrite it from the published standard (with 安全绩效).",
    ),
    "stdz: 1",
    `id: ${meta.id}`,
    `title: ${q(meta.title)}`,
    `tier: ${meta.tier}`,
    `sectors: [${meta.sectors.map(q).join(", ")}]`,
  );
  const total = table.declared_total?.value ?? table.sum;
  const totalNote = table.declared_total
    ? t(`# 表中“合计”（${table.declared_total.at.zh}）`, `# the table's 合计 (${table.declared_total.at.en})`)
    : t("# 表中没有“合计”行：各项分值之和", "# the table has no 合计 row: the sum of the contents' points");
  lines.push(
    `total: ${total.toString()}   ${totalNote}`,
    "scoring: { model: points, scale: 100, round: 1, na: allowed }",
    "grading:",
    "  levels:",
    "    - { name: 一级, min_score: 90 }",
    "    - { name: 二级, min_score: 75 }",
    "    - { name: 三级, min_score: 60 }",
    "elements:",
  );
  const element = (e: ImportedElement, indent: string): void => {
    lines.push(`${indent}- id: ${q(e.id)}`, `${indent}  title: ${q(e.title)}`);
    if (e.elements.length) {
      lines.push(`${indent}  elements:`);
      for (const c of e.elements) element(c, indent + "    ");
    }
    if (e.items.length) {
      lines.push(`${indent}  items:`);
      for (const i of e.items) item(i, indent + "    ");
    }
  };
  const item = (i: ImportedItem, indent: string): void => {
    const pad = indent + "  ";
    lines.push(`${indent}- id: ${q(i.id)}`, `${pad}title: ${q(i.title)}`, `${pad}points: ${i.points.toString()}`);
    if (i.method) lines.push(`${pad}method: ${q(i.method)}`);
    const veto = vetoYaml(i.veto);
    if (veto) lines.push(`${pad}veto: ${veto}${i.veto_text ? `   # ${oneLine(i.veto_text)}` : ""}`);
    if (i.na) lines.push(`${pad}na: ${i.na}`);
    if (i.exhausted_penalty)
      lines.push(`${pad}exhausted_penalty: ${i.exhausted_penalty.toString()}${i.exhausted_text ? `   # ${oneLine(i.exhausted_text)}` : ""}`);
    for (const n of i.notes) lines.push(`${pad}# ${t("缺项说明：", "note on 缺项: ")}${oneLine(n)}`);
    if (i.deductions.length) {
      lines.push(`${pad}deductions:`);
      for (const d of i.deductions) lines.push(`${pad}  - ${deductionYaml(d)}`);
    } else lines.push(`${pad}deductions: []`);
    if (i.caps.length) {
      lines.push(`${pad}caps:`);
      for (const c of i.caps) lines.push(`${pad}  - { deductions: [${c.deductions.join(", ")}], max: ${c.max.toString()} }   # ${oneLine(c.text)}`);
    }
    for (const u of i.unparsed) lines.push(`${pad}# ${t(`未解析（${u.at.zh}）：`, `not parsed (${u.at.en}): `)}${oneLine(u.text)}`);
  };
  for (const e of table.elements) element(e, "  ");
  return lines.join("\n") + "\n";
}
