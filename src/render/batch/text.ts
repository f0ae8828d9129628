// stdz batch's text summary on stdout.
import { t } from "../../i18n.js";
import { ratePercent, rateShown, tableTotals } from "../../core/register/aggregate.js";
import { DYNAMIC_KINDS, DYNAMIC_LABEL, type DynamicKind } from "../../core/register/dynamic.js";
import { ENCODING_LABEL } from "../../io/register-decode.js";
import type { BatchRun } from "../../flows/batch.js";
import { renderTable, type Align } from "../formats/table.js";
import { DENOMINATOR_LABEL } from "./tables.js";

function aligned(rows: readonly (readonly string[])[], right: (col: number) => boolean): string {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const align: Align[] = Array.from({ length: n }, (_, i) => (right(i) ? "right" : "left"));
  return renderTable(rows, { align });
}

/** "1 rejected row", "2 rejected rows". */
function rowsEn(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

export function batchText(run: BatchRun): string {
  const { settings: s, info, counts: c, agg, rates, outputs } = run;
  const out: string[] = [];
  const delim = info.delimiter === "\t" ? t("制表符分隔", "tab separated") : t("逗号分隔", "comma separated");
  out.push(
    info.source.kind === "xlsx"
      ? t(`台账 ${s.file}（工作表“${info.source.sheet}”），统计日期 ${s.asOf}`, `register ${s.file} (sheet '${info.source.sheet}'), as of ${s.asOf}`)
      : t(
          `台账 ${s.file}（${ENCODING_LABEL[info.encoding]}，${delim}），统计日期 ${s.asOf}`,
          `register ${s.file} (${ENCODING_LABEL[info.encoding]}, ${delim}), as of ${s.asOf}`,
        ),
  );
  out.push(
    t(
      `读取 ${c.read} 行，接收 ${c.accepted} 行，拒收 ${c.rejected} 行，警告 ${c.warnings} 条`,
      `read ${c.read} rows, accepted ${c.accepted}, rejected ${c.rejected}, ${c.warnings} warnings`,
    ),
  );
  out.push(
    t(
      `达标企业 ${c.qualified} 家，达标率 ${ratePercent(agg.total)}%（应达标企业 ${agg.total.enterprises} 家）`,
      `qualified ${c.qualified}, rate ${ratePercent(agg.total)}% (of ${agg.total.enterprises} enterprises)`,
    ),
  );
  const rule = DENOMINATOR_LABEL[s.denominator];
  out.push(
    s.denominator === "all"
      ? t(
          `应达标企业数口径：${rule.zh}；其中拒收的 ${agg.total.rejectedCounted} 行按未达标计`,
          `denominator: ${rule.en}; ${rowsEn(agg.total.rejectedCounted, "rejected row")} counted as not 达标`,
        )
      : t(`应达标企业数口径：${rule.zh}`, `denominator: ${rule.en}`),
  );
  out.push(
    t(
      `按统计日期核对证书：已过期 ${c.expired} 家，发证日期晚于统计日期 ${c.notYetIssued} 家，均不计为达标`,
      `certificates checked at the as-of date: ${c.expired} expired, ${c.notYetIssued} issued after it; neither counts as 达标`,
    ),
  );
  if (c.unchecked > 0)
    out.push(
      t(
        `${c.unchecked} 家达标企业未填发证日期，无法按统计日期核对，按达标计`,
        `${rowsEn(c.unchecked, "qualified row")} without 发证日期: not checked against the date, counted as 达标`,
      ),
    );
  out.push("");

  out.push(t("达标情况表（累计完成数量，家）", "达标情况表 (cumulative, enterprises)"));
  const { perCategory, perColumn, total } = tableTotals(agg.total.table);
  const catLabel = (i: number) => [t("规模以上企业", "above scale"), t("高危企业", "high risk"), t("其他生产经营单位", "other units")][i]!;
  const rows: string[][] = [
    [t("类别", "category"), t("一级", "level 1"), t("二级", "level 2"), t("三级", "level 3"), t("其他", "other"), t("合计", "subtotal")],
  ];
  agg.total.table.forEach((r, i) => rows.push([catLabel(i), ...r.map(String), String(perCategory[i])]));
  rows.push([t("合计", "total"), ...perColumn.map(String), String(total)]);
  out.push(aligned(rows, (i) => i > 0));
  out.push(t(`总计 ${total}`, `grand total ${total}`));
  out.push("");

  const countyRates = rates.filter((r) => r.dimension === "county" || r.dimension === "total");
  const withTargets = countyRates.some((r) => r.target?.current || r.target?.next);
  out.push(t("各区县达标率", "达标率 by county"));
  const head = [t("区县", "county"), t("应达标企业数", "enterprises"), t("达标数", "qualified"), t("达标率", "rate")];
  if (withTargets) head.push(t("当前目标", "target in force"), t("是否达到", "met"), t("尚需", "gap"), t("下一目标", "next target"), t("尚需", "gap"));
  const rr: string[][] = [head];
  for (const r of [...countyRates.slice(1), countyRates[0]!]) {
    const row = [r.dimension === "total" ? t("合计", "total") : r.name, String(r.enterprises), String(r.qualified), `${rateShown(r)}%`];
    if (withTargets) {
      const cur = r.target?.current;
      const nx = r.target?.next;
      row.push(
        cur ? `${cur.by} ≥${cur.text}` : "—",
        cur ? (cur.met ? t("是", "yes") : t("否", "no")) : "—",
        cur ? String(cur.gap) : "—",
        nx ? `${nx.by} ≥${nx.text}` : "—",
        nx ? String(nx.gap) : "—",
      );
    }
    rr.push(row);
  }
  out.push(aligned(rr, (i) => (i > 0 && i < 4) || i === 6 || i === 8));
  out.push("");
  if (run.trend) {
    const total = run.trend[0]!;
    out.push(t("达标率趋势（合计）", "达标率 over time (total)"));
    const th = [t("日期", "date"), t("达标数", "qualified"), t("达标率", "rate"), t("当时目标", "target in force"), t("是否达到", "met")];
    const tr: string[][] = [th];
    // The console keeps the milestone dates and the as-of date; month ends are in the files.
    for (const p of total.points.filter((x) => x.milestone || x.asOf)) {
      const cur = p.target;
      tr.push([
        p.date,
        String(p.qualified),
        `${rateShown({ rate: p.rate, ...(cur ? { target: { current: cur } } : {}) })}%`,
        cur ? `${cur.by} ≥${cur.text}` : "—",
        cur ? (cur.met ? t("是", "yes") : t("否", "no")) : "—",
      ]);
    }
    out.push(aligned(tr, (i) => i === 1 || i === 2));
    out.push("");
  }
  const dl = (k: DynamicKind) => `${t(DYNAMIC_LABEL[k].zh, DYNAMIC_LABEL[k].en)} ${c.dynamic[k]}`;
  out.push(t("动态管理：", "dynamic management: ") + DYNAMIC_KINDS.map(dl).join(t("，", ", ")));
  out.push(t(`（降级检查分数线：${s.thresholdSource}）`, `(downgrade thresholds: ${s.thresholdSource})`));
  if (outputs) out.push(t(`已写入 ${outputs.dir}：${outputs.written.join("、")}`, `written to ${outputs.dir}: ${outputs.written.join(", ")}`));
  else out.push(t("（未写文件；用 -o <文件夹> 写出达标名单等结果文件）", "(no files written; use -o <dir> to write the list and tables)"));
  return out.join("\n") + "\n";
}
