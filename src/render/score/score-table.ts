import type { Diagnostic } from "../../diagnostics.js";
import { getLang, t } from "../../i18n.js";
import { percent } from "../../core/lib/percent.js";
import { Rational } from "../../core/lib/rational.js";
import { displayWidth, renderTable, truncateWidth, type Align } from "../formats/table.js";
import type { ScoreResult } from "../../core/scoring/result.js";
import { contributions, partsOf } from "../report/report-model.js";

/** Cut to `max` display columns, ending with '…' when cut. */
export const truncate = truncateWidth;

/** A plain text table with CJK-aware column widths. */
function textTable(header: string[], rows: string[][], align: Align[] = []): string {
  return renderTable(rows, { headers: header, align });
}

const KIND: Record<string, [string, string]> = {
  self: ["自评", "self-assessment"],
  review: ["评审", "review"],
  "spot-check": ["抽查", "spot check"],
};
const RISK: Record<string, [string, string]> = {
  红: ["红（重大风险）", "red (major risk)"],
  橙: ["橙（较大风险）", "orange (high risk)"],
  黄: ["黄（一般风险）", "yellow (moderate risk)"],
  蓝: ["蓝（低风险）", "blue (low risk)"],
};

// Half up on the exact decimal, as everywhere else.
/** One decimal, or more where rounding would print a figure that reaches a bound the rate failed. */
const pct = (rate: number | null, below?: number) =>
  rate === null ? "—" : `${percent(Rational.fromNumber(rate), below === undefined ? undefined : Rational.fromNumber(below))}%`;
const sum = (xs: number[]) => Rational.sum(xs.map((x) => Rational.fromNumber(x))).toString();

export interface ScoreTableOptions {
  /** How many nonconformities to list (the JSON has them all). */
  top?: number;
}

/** `stdz score` for people: enterprise, standard, score and its arithmetic, grade, elements, reasons, 整改清单. */
export function renderScoreTable(r: ScoreResult, opts: ScoreTableOptions = {}): string {
  const top = opts.top ?? 10;
  const out: string[] = [];
  const labelWidth = getLang() === "en" ? 12 : 10;
  const kv = (k: string, v: string) => out.push(`${k}${" ".repeat(Math.max(1, labelWidth - displayWidth(k)))}${v}`);
  const e = r.enterprise;
  out.push(t("安全生产标准化评分结果", "Work-safety standardization score"));
  out.push("");
  kv(t("企业", "Enterprise"), e.name + (e.credit_code ? t(`（统一社会信用代码 ${e.credit_code}）`, ` (credit code ${e.credit_code})`) : ""));
  const profile = [e.sector, e.region, e.employees !== undefined ? t(`从业人员 ${e.employees} 人`, `${e.employees} employees`) : undefined]
    .filter(Boolean)
    .join(t("，", ", "));
  if (profile) kv("", profile);
  if (e.risk) kv(t("风险等级", "Risk"), t(RISK[e.risk]![0], RISK[e.risk]![1]));
  const s = r.standard;
  kv(t("标准", "Standard"), `${s.id}  ${s.title}${s.version ? t(`（${s.version}）`, ` (${s.version})`) : ""}`);
  if (s.chain && s.chain.length > 1) kv("", t(`继承链 ${s.chain.join(" → ")}`, `chain ${s.chain.join(" → ")}`));
  kv(t("指纹", "Fingerprint"), s.fingerprint || "—");
  const a = r.assessment;
  const kind = KIND[a.kind] ?? [a.kind, a.kind];
  kv(
    t("评定", "Assessment"),
    `${t(kind[0], kind[1])} ${a.date}${a.organisation ? ` ${a.organisation}` : ""}${a.assessors.length ? t(`（${a.assessors.join("、")}）`, ` (${a.assessors.join(", ")})`) : ""}`,
  );
  out.push("");
  kv(t("得分", "Score"), r.score.toFixed(s.round) + (s.scale !== 100 ? ` / ${s.scale}` : ""));
  kv(t("计算", "Formula"), r.formula);
  kv(
    "",
    t(
      `实得分 ${r.earned_points}（追加扣分 ${r.element_deductions}），适用分 ${r.applicable_points}，不适用分 ${r.na_points}，标准总分 ${r.total}`,
      `earned ${r.earned_points} (after ${r.element_deductions} element deductions), applicable ${r.applicable_points}, not applicable ${r.na_points}, standard total ${r.total}`,
    ),
  );
  kv(t("等级", "Grade"), r.grade);
  out.push("");

  const weighted = s.model === "weighted";
  // Elements that failed min_element_rate: their rates must not print as reaching the bound.
  const bounds = new Map<string, number>();
  for (const g of r.grade_reasons) {
    if (g.condition !== "min_element_rate" || g.element === undefined || typeof g.required !== "number") continue;
    bounds.set(g.element, Math.min(bounds.get(g.element) ?? g.required, g.required));
  }
  if (weighted) out.push(weightedTable(r, bounds));
  else out.push(pointsTable(r, bounds));
  out.push(...extensionLines(r));
  return finish(r, out, top);
}

/** DESIGN.md extensions in the table: prerequisites as a checklist, parts with their rule, each accident's class. */
function extensionLines(r: ScoreResult): string[] {
  const out: string[] = [];
  const lang = getLang();
  const parts = partsOf(r.elements, lang);
  for (const p of parts) {
    out.push("");
    out.push(`${p.rule}${p.rate === null ? "" : ` = ${pct(p.rate)}`}`);
    const head = [t("编号", "Id"), t("部分", "Part"), t("适用分", "Applicable"), t("实得分", "Earned"), t("得分率", "Rate")];
    if (p.aggregate === "weighted") head.push(t("权重", "Weight"));
    const rows = p.children.map((c) => {
      const row = [c.id, truncate(c.title, 24), String(c.applicable_points), fmt2(c.earned_points), pct(c.rate)];
      if (p.aggregate === "weighted") row.push(c.weight !== undefined ? String(c.weight) : "—");
      return row;
    });
    out.push(textTable(head, rows, ["left", "left", "right", "right", "right", "right"]));
  }
  if (r.zeroes && r.zeroes.length > 0) {
    out.push("");
    for (const z of r.zeroes)
      out.push(t(`要素 ${z.element} 不得分：${z.item} 扣分项 ${z.deduction}`, `element ${z.element} earns nothing: ${z.item} deduction ${z.deduction}`));
  }
  if (r.prerequisites && r.prerequisites.length > 0) {
    out.push("");
    out.push(t("基本条件（必备条件）", "Prerequisites"));
    for (const p of r.prerequisites) {
      const blocks = p.blocks === "all" ? t("任何等级", "every level") : p.blocks.join(t("、", ", "));
      const cut = p.deduct_total_rate !== undefined ? t(`；扣除总分的 ${pct(p.deduct_total_rate)}`, `; takes ${pct(p.deduct_total_rate)} off the total`) : "";
      out.push(
        `  ${p.met ? "[x]" : "[ ]"} ${p.id} ${truncate(p.text, 60)}${t(`（未满足时不得评为${blocks}${cut}）`, ` (if unmet, withholds ${blocks}${cut})`)}`,
      );
    }
    if (r.prerequisite_cut) out.push(t(`  未满足的基本条件扣除 ${fmt2(r.prerequisite_cut)} 分`, `  unmet prerequisites took off ${fmt2(r.prerequisite_cut)}`));
  }
  if (r.accidents.some((a) => a.class !== undefined)) {
    out.push("");
    out.push(t("生产安全事故", "Accidents"));
    for (const a of r.accidents) {
      const figures = [
        a.deaths ? t(`死亡 ${a.deaths} 人`, `${a.deaths} deaths`) : "",
        a.serious_injuries ? t(`重伤 ${a.serious_injuries} 人`, `${a.serious_injuries} serious injuries`) : "",
        a.minor_injuries ? t(`轻伤 ${a.minor_injuries} 人`, `${a.minor_injuries} minor injuries`) : "",
        a.direct_loss ? t(`直接经济损失 ${a.direct_loss} 万元`, `direct loss ${a.direct_loss} (10k CNY)`) : "",
      ].filter(Boolean);
      const kind = a.kind ? ` ${a.kind}` : "";
      const contractor = a.contractor ? t("（承包商）", " (contractor)") : "";
      out.push(`  ${a.date}${kind}${contractor} ${figures.join(t("，", ", "))} → ${a.class ?? ""}${t("事故", " accident")}`);
    }
  }
  return out;
}

/** At most 2 decimals (a mean of thirds earns 66.67), trailing zeros dropped as before. */
const fmt2 = (x: number) => String(Number(x.toFixed(2)));

/** Weighted model: part rate, weight and contribution; pooled sums mean nothing there. */
function weightedTable(r: ScoreResult, bounds: ReadonlyMap<string, number>): string {
  const rated = r.elements.filter((el) => el.rate !== null && el.weight !== undefined);
  const sw = Rational.sum(rated.map((el) => Rational.fromNumber(el.weight!)));
  const shares = contributions(r);
  const header = [
    t("编号", "Id"),
    t("一级要素", "Element"),
    t("适用分", "Applicable"),
    t("实得分", "Earned"),
    t("得分率", "Rate"),
    t("权重", "Weight"),
    t("贡献", "Contribution"),
  ];
  const rows = r.elements.map((el) => [
    el.id,
    truncate(el.title, 24),
    String(el.applicable_points),
    fmt2(el.earned_points),
    pct(el.rate, bounds.get(el.id)),
    el.weight !== undefined ? String(el.weight) : "—",
    shares[el.id] ?? "—",
  ]);
  rows.push(["", t("合计", "Total"), "", "", "", sw.toString(), r.raw_score]);
  return textTable(header, rows, ["left", "left", "right", "right", "right", "right", "right"]);
}

function pointsTable(r: ScoreResult, bounds: ReadonlyMap<string, number>): string {
  const header = [
    t("编号", "Id"),
    t("一级要素", "Element"),
    t("标准分", "Points"),
    t("不适用", "N/A"),
    t("适用分", "Applicable"),
    t("内容得分", "Contents"),
    t("追加扣分", "Extra"),
    t("实得分", "Earned"),
    t("得分率", "Rate"),
  ];
  const rows = r.elements.map((el) => [
    el.id,
    truncate(el.title, 24),
    String(el.points),
    String(el.na_points),
    String(el.applicable_points),
    String(el.items_earned),
    String(el.element_deductions),
    fmt2(el.earned_points),
    pct(el.rate, bounds.get(el.id)),
  ]);
  const totalRow = [
    "",
    t("合计", "Total"),
    sum(r.elements.map((el) => el.points)),
    String(r.na_points),
    String(r.applicable_points),
    sum(r.elements.map((el) => el.items_earned)),
    String(r.element_deductions),
    String(r.earned_points),
    "",
  ];
  rows.push(totalRow);
  return textTable(header, rows, ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right"]);
}

function finish(r: ScoreResult, out: string[], top: number): string {
  if (r.grade_reasons.length > 0) {
    out.push("");
    out.push(t("未达到更高等级的原因", "Why no higher level"));
    for (const g of r.grade_reasons) out.push(`  ${g.level}${t("：", ": ")}${g.message}`);
  }

  out.push("");
  const nc = r.nonconformities;
  if (nc.length === 0) out.push(t("整改清单：无不符合项", "Corrective actions: no nonconformities"));
  else {
    const shown = top === 0 ? nc : nc.slice(0, top);
    out.push(
      nc.length > shown.length
        ? t(
            `整改清单（共 ${nc.length} 项，否决项在前、再按扣分（含追加扣分）从多到少，列出前 ${shown.length} 项；--all 列出全部）`,
            `Corrective actions (${nc.length}; veto items first, then by points lost with extra deductions; the first ${shown.length}, --all for every one)`,
          )
        : t(
            `整改清单（共 ${nc.length} 项，否决项在前、再按扣分（含追加扣分）从多到少）`,
            `Corrective actions (${nc.length}; veto items first, then by points lost with extra deductions)`,
          ),
    );
    const rowsNc = shown.map((n, i) => [
      String(i + 1),
      n.item + (n.veto ? t(" ★否决", " ★veto") : ""),
      truncate(n.title, 36),
      String(n.lost),
      n.element_deductions ? String(n.element_deductions) : "",
      truncate(n.deductions.map((d) => `${d.id}×${d.count}`).join(" ") || t("未达要求", "not met"), 16),
      n.rectify_by ?? "",
    ]);
    out.push(
      textTable(
        [
          t("序号", "No."),
          t("编号", "Item"),
          t("考评内容", "Content"),
          t("扣分", "Lost"),
          t("追加扣分", "Extra"),
          t("扣分项", "Deductions"),
          t("整改期限", "Rectify by"),
        ],
        rowsNc,
        ["right", "left", "left", "right", "right", "left", "left"],
      ),
    );
  }

  out.push("");
  const uncited = r.uncited?.length ?? 0;
  out.push(
    t(
      `证据文件 ${r.evidence.length} 个（SHA-256 已记录，可用 stdz verify 校验）${uncited ? `；files/ 中另有 ${uncited} 个文件未被引用` : ""}`,
      `${r.evidence.length} evidence files (SHA-256 recorded; check with stdz verify)${uncited ? `; ${uncited} more files in files/ are not cited` : ""}`,
    ),
  );
  const counts = countSeverities(r.diagnostics);
  if (counts.warning || counts.error)
    out.push(
      t(
        `诊断：${counts.warning} 个警告${counts.error ? `，${counts.error} 个错误` : ""}（见标准错误输出）`,
        `diagnostics: ${counts.warning} warnings${counts.error ? `, ${counts.error} errors` : ""} (on stderr)`,
      ),
    );
  return out.join("\n") + "\n";
}

function countSeverities(ds: readonly Pick<Diagnostic, "severity">[]): Record<"error" | "warning" | "info", number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of ds) c[d.severity]++;
  return c;
}
