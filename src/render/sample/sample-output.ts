// stdz sample outputs: a table for people, Excel-safe CSV (one row per drawn enterprise, readable
// back as a register or as next year's --exclude list) and JSON.
import { t } from "../../i18n.js";
import type { SampleRun } from "../../flows/sample.js";
import { CSV_BOM, csvLine, type Cell } from "../formats/csv.js";
import { renderTable } from "../formats/table.js";

/** CSV columns. 抽查得分/抽查等级 are left empty for the spot-check team to fill in (then `stdz deviation --register`). */
export const SAMPLE_HEADER = [
  // As in every batch CSV: the date the draw was made at, so a file says when it was drawn.
  "统计日期",
  "分组",
  "总体数",
  "抽取数",
  "序号",
  "单位名称",
  "统一社会信用代码",
  "所属区县",
  "所属行业",
  "达标等级",
  "评审得分",
  "发证日期",
  "评审单位",
  "台账行号",
  "抽样键",
  "抽查得分",
  "抽查等级",
] as const;

/** The CSV rows, one drawn enterprise at a time (a large draw's rows are never all held as cells at once). */
export function* sampleRows(r: SampleRun): Generator<Cell[]> {
  for (const g of r.groups) {
    for (let i = 0; i < g.drawn.length; i++) {
      const d = g.drawn[i]!;
      const x = d.data;
      yield [r.as_of, g.group, g.size, g.n, i + 1, x.name, x.credit_code, x.county, x.sector, x.grade, x.score, x.issued, x.review_org, x.row, d.key, "", ""];
    }
  }
}

export function sampleCsv(r: SampleRun): string {
  // As toCsv writes it: the BOM, then a line per row.
  let out = CSV_BOM + csvLine(SAMPLE_HEADER);
  for (const row of sampleRows(r)) out += csvLine(row);
  return out;
}

export function sampleJson(r: SampleRun): string {
  const out = {
    kind: "sample",
    file: r.file,
    seed: r.seed,
    as_of: r.as_of,
    rate: r.rate.toNumber(),
    rate_text: r.rate_text,
    min: r.min,
    by: r.by,
    ...(r.graded_since !== undefined ? { graded_since: r.graded_since } : {}),
    ...(r.exclude ? { exclude: r.exclude } : {}),
    register: r.register,
    total: { groups: r.groups.length, population: r.groups.reduce((a, g) => a + g.size, 0), drawn: r.groups.reduce((a, g) => a + g.n, 0) },
    groups: r.groups.map((g) => ({
      group: g.group,
      size: g.size,
      n: g.n,
      drawn: g.drawn.map((d) => ({ key: d.key, id: d.id, ...d.data })),
    })),
  };
  return JSON.stringify(out, null, 2) + "\n";
}

export function sampleTable(r: SampleRun): string {
  const lines: string[] = [];
  const drawn = r.groups.reduce((a, g) => a + g.n, 0);
  lines.push(t(`种子：${r.seed}`, `seed: ${r.seed}`));
  lines.push(t(`统计日期：${r.as_of}`, `as of: ${r.as_of}`));
  lines.push(
    t(
      `抽取比例 ${r.rate_text}（每组至少 ${r.min} 家），按 ${r.by} 分组` + (r.graded_since ? `，发证日期 ≥ ${r.graded_since}` : ""),
      `rate ${r.rate_text} (at least ${r.min} per group), grouped by ${r.by}` + (r.graded_since ? `, issued on or after ${r.graded_since}` : ""),
    ),
  );
  const reg = r.register;
  lines.push(
    t(
      `台账 ${r.file}：读取 ${reg.read} 行，接受 ${reg.accepted}，拒收 ${reg.rejected}；达标 ${reg.qualified}，抽样总体 ${reg.population}`,
      `register ${r.file}: ${reg.read} rows read, ${reg.accepted} accepted, ${reg.rejected} rejected; ${reg.qualified} qualified, population ${reg.population}`,
    ) + (r.exclude ? t(`（排除名单 ${r.exclude.file} 排除 ${r.exclude.removed} 家）`, ` (${r.exclude.removed} excluded by ${r.exclude.file})`) : ""),
  );
  lines.push(t(`${r.groups.length} 组，共抽取 ${drawn} 家`, `${r.groups.length} groups, ${drawn} drawn`));
  lines.push("");
  lines.push(
    renderTable(
      r.groups.map((g) => [g.group, String(g.size), String(g.n)]),
      { headers: [t("分组", "group"), t("总体数 N", "N"), t("抽取数 n", "n")], align: ["left", "right", "right"] },
    ),
  );
  for (const g of r.groups) {
    lines.push("");
    lines.push(`${g.group}  N=${g.size}  n=${g.n}`);
    lines.push(
      renderTable(
        g.drawn.map((d, i) => [String(i + 1), d.data.name, d.data.credit_code, d.data.sector, d.data.grade, String(d.data.row), d.key.slice(0, 16)]),
        {
          headers: [
            t("序号", "#"),
            t("单位名称", "name"),
            t("统一社会信用代码", "credit code"),
            t("行业", "sector"),
            t("等级", "grade"),
            t("行号", "row"),
            t("键（前16位）", "key (first 16)"),
          ],
          align: ["right", "left", "left", "left", "left", "right", "left"],
          indent: "  ",
        },
      ),
    );
  }
  return lines.join("\n") + "\n";
}
