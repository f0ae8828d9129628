import type { ImportedTable } from "../../core/import/table.js";
import type { Lang } from "../../i18n.js";
import { toCsv } from "../formats/csv.js";

/** The author's to-do list: every clause the parser could not read, where it is and under which content. */
export function unparsedCsv(table: ImportedTable, lang: Lang): string {
  const header = lang === "en" ? ["place", "content", "text"] : ["位置", "考评内容", "未能解析的文字"];
  return toCsv(
    header,
    table.unparsed.map((u) => [u.at[lang], u.item, u.text]),
  );
}

/** The stdout summary of an import. */
export function importSummary(table: ImportedTable, written: string | undefined, lang: Lang): string {
  const en = lang === "en";
  const lines: string[] = [];
  const total = (table.declared_total?.value ?? table.sum).toString();
  lines.push(
    en
      ? `${table.tables} table(s), ${table.elements.length} categories, ${table.items} contents, ${table.deductions} deductions, total ${total}`
      : `${table.tables} 个表格，${table.elements.length} 个类目，${table.items} 项考评内容，${table.deductions} 条扣分项，总分 ${total}`,
  );
  if (table.unparsed.length === 0) lines.push(en ? "every scoring text was parsed" : "评分方式文字全部解析");
  else {
    lines.push(
      en
        ? `${table.unparsed.length} text(s) not parsed, kept as comments in the standard:`
        : `${table.unparsed.length} 处文字未能解析，已作为注释保留在标准中：`,
    );
    for (const u of table.unparsed) lines.push(`  ${u.at[lang]}  ${u.item}  ${u.text.replace(/\s*\r?\n\s*/g, " ")}`);
  }
  if (written) lines.push(en ? `wrote ${written}` : `已写入 ${written}`);
  return lines.join("\n") + "\n";
}
