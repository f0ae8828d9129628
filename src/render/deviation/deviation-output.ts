// stdz deviation outputs: table, Excel-safe CSV (the 复评名单, or the differing contents of a
// pair), JSON with the DESIGN.md names (ratios as numbers), and the HTML page (template "deviation").
import { t } from "../../i18n.js";
import { reReviewEnterprises, type EnterpriseDeviation, type GroupDeviation, type PairDeviation } from "../../core/register/deviation.js";
import { percent } from "../../core/lib/percent.js";
import type { Rational } from "../../core/lib/rational.js";
import type { ScoreResult } from "../../core/scoring/result.js";
import { toCsv, type Cell } from "../formats/csv.js";
import { renderTable } from "../formats/table.js";

export interface DeviationSide {
  source: string;
  kind: "bundle" | "result";
  assessment_kind: string;
  /** The assessing unit (评审单位), when the result names one. */
  organisation?: string;
  date: string;
  score: number;
  grade: string;
  /** The result file no longer matches its digest (edited after scoring): the HTML says so at the top. */
  edited?: true;
}

export interface PairReport {
  threshold: Rational;
  reported: DeviationSide;
  audited: DeviationSide;
  /** The reported result, for the standard and the enterprise. */
  result: ScoreResult;
  deviation: PairDeviation;
}

export interface RegisterEnterprise {
  row: number;
  name: string;
  credit_code: string;
  reported_text: string;
  audited_text: string;
}

export interface RegisterReport {
  file: string;
  by: string;
  threshold: Rational;
  group_threshold: Rational;
  register: { read: number; accepted: number; rejected: number; sampled: number; one_score_only: number };
  enterprises: EnterpriseDeviation<RegisterEnterprise>[];
  groups: GroupDeviation[];
}

/** A ratio as a percentage with two decimals, half up, exact. */
export function pct(r: Rational): string {
  return `${percent(r, undefined, 2)}%`;
}

const KIND: Record<string, [string, string]> = { self: ["自评", "self-assessment"], review: ["评审", "review"], "spot-check": ["抽查", "spot check"] };

/**
 * How the HTML page names a side: its assessing unit and kind (“某评审中心（评审）”), the kind
 * alone without a unit, and the file or folder name (never its path) only when the result
 * carries neither.
 */
export function sideName(s: DeviationSide): string {
  const kind = KIND[s.assessment_kind];
  const kindText = kind ? t(kind[0], kind[1]) : undefined;
  if (s.organisation && kindText) return t(`${s.organisation}（${kindText}）`, `${s.organisation} (${kindText})`);
  if (s.organisation) return s.organisation;
  if (kindText) return kindText;
  return (
    s.source
      .split(/[\\/]/)
      .filter((x) => x !== "" && x !== ".")
      .pop() ?? s.source
  );
}

const yes = (b: boolean | undefined) => (b === undefined ? "—" : b ? t("是", "yes") : t("否", "no"));

// ---------------------------------------------------------------------------------------
// Pair

function pairObject(p: PairReport) {
  const d = p.deviation;
  const s = p.result.standard;
  return {
    kind: "deviation",
    mode: "pair",
    threshold: p.threshold.toNumber(),
    standard: { id: s.id, ...(s.version !== undefined ? { version: s.version } : {}), fingerprint: s.fingerprint },
    enterprise: { name: p.result.enterprise.name, ...(p.result.enterprise.credit_code ? { credit_code: p.result.enterprise.credit_code } : {}) },
    reported: p.reported,
    audited: p.audited,
    score_deviation: d.score_deviation.toNumber(),
    content_disagreement: d.content_disagreement.toNumber(),
    grade_mismatch: d.grade_mismatch,
    flagged: d.flagged,
    applicable_contents: d.applicable_either,
    differing_contents: d.differing,
  };
}

export function pairJson(p: PairReport): string {
  return JSON.stringify(pairObject(p), null, 2) + "\n";
}

export const PAIR_CSV_HEADER = ["考评内容", "内容名称", "评审状态", "评审得分", "评审扣分", "抽查状态", "抽查得分", "抽查扣分"] as const;

const STATUS: Record<string, [string, string]> = { conform: ["符合", "conform"], nonconform: ["不符合", "nonconform"], na: ["不适用", "n/a"] };
const statusText = (st: string) => (STATUS[st] ? t(STATUS[st][0], STATUS[st][1]) : st);

const deductionText = (ds: { id: string; count: number }[]) => ds.map((x) => `${x.id}×${x.count}`).join(" ");

export function pairCsv(p: PairReport): string {
  return toCsv(
    PAIR_CSV_HEADER,
    p.deviation.differing.map((c) => [
      c.item,
      c.title,
      statusText(c.reported.status),
      c.reported.earned,
      deductionText(c.reported.deductions),
      statusText(c.audited.status),
      c.audited.earned,
      deductionText(c.audited.deductions),
    ]),
  );
}

export function pairTable(p: PairReport): string {
  const d = p.deviation;
  const e = p.result.enterprise;
  const lines = [
    t(`企业：${e.name}${e.credit_code ? ` ${e.credit_code}` : ""}`, `enterprise: ${e.name}${e.credit_code ? ` ${e.credit_code}` : ""}`),
    t(`标准：${p.result.standard.id}`, `standard: ${p.result.standard.id}`),
    "",
    renderTable(
      [
        [t("评审（上报）", "reported"), p.reported.source, String(p.reported.score), p.reported.grade],
        [t("抽查", "audited"), p.audited.source, String(p.audited.score), p.audited.grade],
      ],
      { headers: ["", t("来源", "source"), t("得分", "score"), t("等级", "grade")] },
    ),
    "",
    t(
      `误差率（得分偏差）：${pct(d.score_deviation)}（阈值 ${pct(p.threshold)}）`,
      `score deviation: ${pct(d.score_deviation)} (threshold ${pct(p.threshold)})`,
    ),
    t(
      `内容不一致率：${pct(d.content_disagreement)}（${d.differing.length} / ${d.applicable_either} 项适用内容）`,
      `content disagreement: ${pct(d.content_disagreement)} (${d.differing.length} of ${d.applicable_either} applicable contents)`,
    ),
    t(`等级不一致：${yes(d.grade_mismatch)}`, `grade mismatch: ${yes(d.grade_mismatch)}`),
    d.flagged
      ? t("结论：误差率达到阈值，应复评", "verdict: the deviation reaches the threshold: re-review")
      : t("结论：误差率未达阈值", "verdict: below the threshold"),
  ];
  if (d.differing.length) {
    lines.push("", t("不一致的考评内容：", "contents that differ:"));
    lines.push(
      renderTable(
        d.differing.map((c) => [
          c.item,
          c.title,
          statusText(c.reported.status),
          String(c.reported.earned),
          deductionText(c.reported.deductions),
          statusText(c.audited.status),
          String(c.audited.earned),
          deductionText(c.audited.deductions),
        ]),
        {
          headers: [
            t("内容", "item"),
            t("名称", "title"),
            t("评审状态", "rep. status"),
            t("评审得分", "rep. earned"),
            t("评审扣分", "rep. deductions"),
            t("抽查状态", "aud. status"),
            t("抽查得分", "aud. earned"),
            t("抽查扣分", "aud. deductions"),
          ],
          align: ["left", "left", "left", "right", "left", "left", "right", "left"],
          indent: "  ",
        },
      ),
    );
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// Register

function enterpriseObject(e: EnterpriseDeviation<RegisterEnterprise>) {
  return {
    row: e.data.row,
    name: e.data.name,
    credit_code: e.data.credit_code,
    group: e.group,
    reported_score: e.reported.toNumber(),
    audited_score: e.audited.toNumber(),
    score_deviation: e.score_deviation.toNumber(),
    reported_grade: e.reported_grade ?? null,
    audited_grade: e.audited_grade ?? null,
    ...(e.grade_mismatch !== undefined ? { grade_mismatch: e.grade_mismatch } : {}),
    flagged: e.flagged,
  };
}

function groupObject(g: GroupDeviation) {
  return { group: g.group, sampled: g.sampled, flagged_enterprises: g.flagged, flagged_share: g.flagged_share.toNumber(), flagged: g.group_flagged };
}

export function registerJson(r: RegisterReport): string {
  const out = {
    kind: "deviation",
    mode: "register",
    file: r.file,
    by: r.by,
    threshold: r.threshold.toNumber(),
    group_threshold: r.group_threshold.toNumber(),
    register: r.register,
    enterprises: r.enterprises.map(enterpriseObject),
    groups: r.groups.map(groupObject),
    re_review: {
      groups: r.groups.filter((g) => g.group_flagged).map(groupObject),
      enterprises: reReviewEnterprises(r.enterprises, r.groups).map(enterpriseObject),
    },
  };
  return JSON.stringify(out, null, 2) + "\n";
}

/** 复评名单 columns: one row per whole group (整批) and per flagged enterprise. */
export const RE_REVIEW_HEADER = [
  "复评对象",
  "分组",
  "单位名称",
  "统一社会信用代码",
  "台账行号",
  "评审得分",
  "抽查得分",
  "误差率",
  "评审等级",
  "抽查等级",
  "等级不一致",
  "抽查家数",
  "超差家数",
  "超差占比",
] as const;

export function reReviewRows(r: RegisterReport): Cell[][] {
  const rows: Cell[][] = [];
  for (const g of r.groups.filter((x) => x.group_flagged))
    rows.push([t("整批", "group"), g.group, "", "", "", "", "", "", "", "", "", g.sampled, g.flagged, pct(g.flagged_share)]);
  for (const e of reReviewEnterprises(r.enterprises, r.groups)) {
    rows.push([
      t("企业", "enterprise"),
      e.group,
      e.data.name,
      e.data.credit_code,
      e.data.row,
      e.data.reported_text,
      e.data.audited_text,
      pct(e.score_deviation),
      gradeOf(e, "reported"),
      gradeOf(e, "audited"),
      e.grade_mismatch === undefined ? "" : e.grade_mismatch,
      "",
      "",
      "",
    ]);
  }
  return rows;
}

function gradeOf(e: EnterpriseDeviation<RegisterEnterprise>, side: "reported" | "audited"): string {
  return (side === "reported" ? e.reported_grade : e.audited_grade) ?? "";
}

export function registerCsv(r: RegisterReport): string {
  return toCsv(RE_REVIEW_HEADER, reReviewRows(r));
}

export function registerTable(r: RegisterReport): string {
  const reg = r.register;
  const lines = [
    t(
      `台账 ${r.file}：读取 ${reg.read} 行，接受 ${reg.accepted}，拒收 ${reg.rejected}；有评审得分和抽查得分的抽查企业 ${reg.sampled} 家`,
      `register ${r.file}: ${reg.read} rows read, ${reg.accepted} accepted, ${reg.rejected} rejected; ${reg.sampled} sampled enterprises (both scores)`,
    ),
    t(
      `误差率阈值 ${pct(r.threshold)}，整批阈值 ${pct(r.group_threshold)}，按 ${r.by} 分组`,
      `threshold ${pct(r.threshold)}, group threshold ${pct(r.group_threshold)}, grouped by ${r.by}`,
    ),
    "",
    renderTable(
      r.groups.map((g) => [g.group, String(g.sampled), String(g.flagged), pct(g.flagged_share), yes(g.group_flagged)]),
      {
        headers: [t("分组", "group"), t("抽查家数", "sampled"), t("超差家数", "flagged"), t("超差占比", "share"), t("整批复评", "group re-review")],
        align: ["left", "right", "right", "right", "left"],
      },
    ),
    "",
    t("复评名单", "Re-review list (复评名单)"),
  ];
  const flaggedGroups = r.groups.filter((g) => g.group_flagged);
  const flagged = reReviewEnterprises(r.enterprises, r.groups);
  if (!flaggedGroups.length && !flagged.length) lines.push(t("  （无）", "  (none)"));
  for (const g of flaggedGroups)
    lines.push(
      t(
        `  整批：${g.group}（${g.flagged}/${g.sampled} = ${pct(g.flagged_share)}）`,
        `  whole group: ${g.group} (${g.flagged}/${g.sampled} = ${pct(g.flagged_share)})`,
      ),
    );
  if (flagged.length) {
    lines.push(
      renderTable(
        flagged.map((e) => [
          e.group,
          e.data.name,
          e.data.credit_code,
          String(e.data.row),
          e.data.reported_text,
          e.data.audited_text,
          pct(e.score_deviation),
          gradeOf(e, "reported"),
          gradeOf(e, "audited"),
        ]),
        {
          headers: [
            t("分组", "group"),
            t("单位名称", "name"),
            t("统一社会信用代码", "credit code"),
            t("行号", "row"),
            t("评审得分", "reported"),
            t("抽查得分", "audited"),
            t("误差率", "deviation"),
            t("评审等级", "rep. grade"),
            t("抽查等级", "aud. grade"),
          ],
          align: ["left", "left", "left", "right", "right", "right", "right", "left", "left"],
          indent: "  ",
        },
      ),
    );
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// HTML

/** The HTML page through the report templates (built-in "deviation"); Handlebars loads only when asked for. */
/** The warning over a comparison that rests on an edited result file. */
function editedText(role: string, source: string): string {
  return t(
    `${role}结果文件 ${source} 已被修改：其内容与 stdz 评分时写入的摘要不符，本页据此算出的误差率和结论不一定可靠。请用 stdz verify 对照证据包重新评分核实。`,
    `The ${role} result file ${source} has been edited: its content no longer matches the digest stdz wrote when scoring, so the deviation and verdict on this page may not be what scoring gave. Re-score it against its bundle with stdz verify.`,
  );
}

export async function deviationHtml(input: { pair?: PairReport; register?: RegisterReport }): Promise<string> {
  const { renderTemplateFile } = await import("../formats/hbs.js");
  const view: Record<string, unknown> = { title: t("抽查误差率与复评名单", "Spot-check deviation and re-review list") };
  if (input.pair) {
    const p = input.pair;
    view.pair = {
      ...pairObject(p),
      edited: [
        ...(p.reported.edited ? [editedText(t("评审（上报）", "reported"), p.reported.source)] : []),
        ...(p.audited.edited ? [editedText(t("抽查", "audited"), p.audited.source)] : []),
      ],
      reported_name: sideName(p.reported),
      audited_name: sideName(p.audited),
      threshold_text: pct(p.threshold),
      score_deviation_text: pct(p.deviation.score_deviation),
      content_disagreement_text: pct(p.deviation.content_disagreement),
      differing_count: p.deviation.differing.length,
      differing: p.deviation.differing.map((c) => ({
        ...c,
        reported_deductions: deductionText(c.reported.deductions),
        audited_deductions: deductionText(c.audited.deductions),
      })),
    };
  }
  if (input.register) {
    const r = input.register;
    view.register = {
      file: r.file,
      by: r.by,
      counts: r.register,
      threshold: r.threshold.toNumber(),
      group_threshold: r.group_threshold.toNumber(),
      threshold_text: pct(r.threshold),
      group_threshold_text: pct(r.group_threshold),
      groups: r.groups.map((g) => ({ ...groupObject(g), share_text: pct(g.flagged_share) })),
      re_review_groups: r.groups.filter((g) => g.group_flagged).map((g) => ({ ...groupObject(g), share_text: pct(g.flagged_share) })),
      re_review_enterprises: reReviewEnterprises(r.enterprises, r.groups).map((e) => ({
        ...enterpriseObject(e),
        reported_text: e.data.reported_text,
        audited_text: e.data.audited_text,
        deviation_text: pct(e.score_deviation),
      })),
    };
  }
  return renderTemplateFile("deviation", view).text;
}
