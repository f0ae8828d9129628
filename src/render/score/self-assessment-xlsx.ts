// 自评表.xlsx: the form most enterprises fill in Excel. One row per content with its points and
// deduction clauses, answer cells (评定结果 from a list, the count of each deduction, note,
// evidence, 整改期限), live formulas for each content's score and the running total, and the
// enterprise facts on the first sheet. Structure cells are locked (no password: a user who
// must can unprotect). `stdz score` reads the filled workbook back (io/self-assessment-xlsx.ts).
import { createRequire } from "node:module";
import type ExcelJSNS from "exceljs";
import type { Comparison, Condition, Deduction, Item, Standard } from "../../core/standard/model.js";
import { allItems } from "../../core/standard/model.js";
import { displayWidth } from "../formats/table.js";
import { columnLetter } from "../formats/xlsx.js";

type ExcelJS = typeof ExcelJSNS;

export const SHEET_INFO = "企业信息";
export const SHEET_SCORE = "评分表";
export const SHEET_ELEMENTS = "要素汇总";
export const SHEET_ACCIDENTS = "事故";
export const SHEET_META = "stdz";

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
  col: Record<"element" | "elementTitle" | "item" | "title" | "points" | "clauses" | "condition" | "status" | "note" | "evidence" | "rectify" | "earned" | "charged" | "applicable" | "ids", number>;
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

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const info = (key: InfoKey) => `'${SHEET_INFO}'!$B$${infoRow(key)}`;

/** A condition over the enterprise facts as an Excel formula; a missing fact makes a comparison false. */
export function conditionFormula(c: Condition): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(c)) {
    if (value === undefined) continue;
    if (key === "all") parts.push(`AND(${(value as Condition[]).map(conditionFormula).join(",")})`);
    else if (key === "any") parts.push(`OR(${(value as Condition[]).map(conditionFormula).join(",")})`);
    else if (key === "not") parts.push(`NOT(${conditionFormula(value as Condition)})`);
    else parts.push(comparisonFormula(key, value as Comparison));
  }
  return parts.length === 1 ? parts[0]! : `AND(${parts.join(",")})`;
}

function comparisonFormula(field: string, cmp: Comparison): string {
  const cell = info(field as InfoKey);
  const lit = (v: unknown) => (typeof v === "boolean" ? q(v ? YES : NO) : typeof v === "number" ? String(v) : q(String(v)));
  const numeric = field === "employees";
  const tests: string[] = [numeric ? `ISNUMBER(${cell})` : `${cell}<>""`];
  if (cmp.eq !== undefined) tests.push(`${cell}=${lit(cmp.eq)}`);
  if (cmp.ne !== undefined) tests.push(`${cell}<>${lit(cmp.ne)}`);
  if (cmp.in !== undefined) tests.push(`OR(${cmp.in.map((v) => `${cell}=${lit(v)}`).join(",")})`);
  for (const [op, sym] of [["gt", ">"], ["gte", ">="], ["lt", "<"], ["lte", "<="]] as const) if (cmp[op] !== undefined) tests.push(`${cell}${sym}${cmp[op]}`);
  return `AND(${tests.join(",")})`;
}

function clauseText(d: Deduction, k: number): string {
  const limits = [d.max !== undefined ? `上限 ${d.max.toString()} 分` : "", d.element_points !== undefined ? `另扣要素 ${d.element_points.toString()} 分` : ""].filter(Boolean);
  return `${circled(k)} ${d.text.replace(/\s*[\r\n]+\s*/g, " ").trim()}（每次扣 ${d.points.toString()} 分${limits.length ? "，" + limits.join("，") : ""}）`;
}

function conditionText(c: Condition): string {
  const OPS: Record<string, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", in: "∈" };
  const NAMES: Record<string, string> = { employees: "从业人员", sector: "行业", region: "地区", above_scale: "规模以上", high_risk: "高危", small_micro: "小微" };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (k === "all") parts.push((v as Condition[]).map(conditionText).join(" 且 "));
    else if (k === "any") parts.push(`(${(v as Condition[]).map(conditionText).join(" 或 ")})`);
    else if (k === "not") parts.push(`非(${conditionText(v as Condition)})`);
    else
      for (const [op, val] of Object.entries(v as Comparison)) {
        const shown = typeof val === "boolean" ? (val ? YES : NO) : Array.isArray(val) ? val.join("、") : String(val);
        parts.push(`${NAMES[k] ?? k}${OPS[op] ?? op}${shown}`);
      }
  }
  return parts.join(" 且 ");
}

function load(): ExcelJS {
  return createRequire(import.meta.url)("exceljs") as ExcelJS;
}

const THIN = { style: "thin" as const, color: { argb: "FF999999" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFE7ECF2" } };
const ANSWER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFFFF8DC" } };

/** The workbook's bytes for `std`; `standardRef` is what bundle.yaml's `standard:` would say. */
export async function selfAssessmentWorkbook(std: Standard & { fingerprint?: string }, opts: { standardRef: string; date: string }): Promise<Uint8Array> {
  const X = load();
  const wb = new X.Workbook();
  wb.creator = "stdz";
  const rows = [...allItems(std)];
  const maxDeds = Math.max(1, ...rows.map(({ item }) => item.deductions.length));
  const L = scoreLayout(maxDeds);
  const last = L.first + rows.length - 1;
  const letter = (c: number) => columnLetter(c);
  const range = (c: number) => `'${SHEET_SCORE}'!$${letter(c)}$${L.first}:$${letter(c)}$${Math.max(last, L.first)}`;

  // ---- 企业信息
  const wi = wb.addWorksheet(SHEET_INFO, { pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  wi.columns = [{ width: 30 }, { width: 48 }];
  wi.mergeCells("A1:B1");
  wi.getCell("A1").value = `安全生产标准化自评表 — ${std.title}`;
  wi.getCell("A1").font = { bold: true, size: 14 };
  wi.getCell("A2").value = "请填写黄色单元格；评分表在下一个工作表。填好后运行：stdz score <本文件夹>";
  wi.mergeCells("A2:B2");
  INFO_FIELDS.forEach(([key, label]) => {
    const r = infoRow(key);
    const a = wi.getCell(`A${r}`);
    const b = wi.getCell(`B${r}`);
    a.value = label;
    a.font = { bold: true };
    a.fill = HEAD_FILL;
    a.border = BORDER;
    b.border = BORDER;
    if (key === "standard") {
      b.value = opts.standardRef;
      return;
    }
    b.protection = { locked: false };
    b.fill = ANSWER_FILL;
    if (key === "kind") {
      b.value = KIND_WORDS.self;
      b.dataValidation = { type: "list", allowBlank: false, formulae: [q(Object.values(KIND_WORDS).join(","))] };
    } else if (key === "date") {
      b.value = opts.date;
      b.numFmt = "@";
    } else if (key === "above_scale" || key === "high_risk" || key === "small_micro") {
      b.dataValidation = { type: "list", allowBlank: true, formulae: [q(`${YES},${NO}`)] };
    } else if (key === "risk") {
      b.dataValidation = { type: "list", allowBlank: true, formulae: [q("红,橙,黄,蓝")] };
    } else if (key === "employees") {
      b.dataValidation = { type: "whole", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0] };
    } else if (key === "credit_code") {
      b.numFmt = "@"; // 18 digits must stay text, never 9.13505E+17
    }
  });
  const scoreRow = infoRow("assessors") + 2;
  wi.getCell(`A${scoreRow}`).value = "当前得分（随填写自动计算，仅供参考；等级以 stdz score 为准）";
  wi.getCell(`A${scoreRow}`).font = { bold: true };
  wi.getCell(`B${scoreRow}`).value = { formula: `'${SHEET_ELEMENTS}'!$B$2` };
  wi.getCell(`B${scoreRow}`).font = { bold: true, size: 14 };
  wi.getCell(`A${scoreRow + 1}`).value = "已填写";
  wi.getCell(`B${scoreRow + 1}`).value = { formula: `COUNTA(${range(L.col.status)})&" / "&${rows.length}` };
  await wi.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  // ---- 评分表
  const ws = wb.addWorksheet(SHEET_SCORE, {
    views: [{ state: "frozen", xSplit: 4, ySplit: L.header }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${L.header}:${L.header}` },
  });
  ws.mergeCells(1, 1, 1, 8);
  ws.getCell(1, 1).value = `《${std.title}》（${std.id}）评分表`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value = "当前得分";
  ws.getCell(2, 2).value = { formula: `'${SHEET_ELEMENTS}'!$B$2` };
  ws.getCell(2, 2).font = { bold: true };
  ws.getCell(2, 4).value = "评定结果选 符合 / 不符合 / 不适用；不符合时在 ①②… 列填各扣分项的次数（不填次数则本项不得分）。";
  const heads: [number, string, number][] = [
    [L.col.element, "要素编号", 8],
    [L.col.elementTitle, "一级要素", 14],
    [L.col.item, "内容编号", 10],
    [L.col.title, "考评内容", 40],
    [L.col.points, "标准分值", 8],
    [L.col.clauses, "扣分方式", 44],
    [L.col.condition, "适用条件", 14],
    [L.col.status, "评定结果", 10],
    ...Array.from({ length: maxDeds }, (_, k): [number, string, number] => [L.count(k), `${circled(k)} 次数`, 7]),
    [L.col.note, "说明", 24],
    [L.col.evidence, "证据文件（每行一个，files/ 下的路径）", 28],
    [L.col.rectify, "整改期限", 12],
    [L.col.earned, "得分", 8],
    [L.col.charged, "追加扣分", 9],
    [L.col.applicable, "应得分", 8],
    [L.col.ids, "扣分项编号", 10],
  ];
  for (const [c, title, width] of heads) {
    const cell = ws.getCell(L.header, c);
    cell.value = title;
    cell.font = { bold: true };
    cell.fill = HEAD_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    ws.getColumn(c).width = width;
  }
  ws.getColumn(L.col.ids).hidden = true;
  rows.forEach(({ item, top }, i) => writeItemRow(ws, L, L.first + i, item, top.id, top.title));
  ws.autoFilter = { from: { row: L.header, column: 1 }, to: { row: L.header, column: L.col.ids - 1 } };
  await ws.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: false });

  // ---- 要素汇总: element sums and the score, as stdz computes them (DESIGN.md steps 3–5)
  const we = wb.addWorksheet(SHEET_ELEMENTS, { pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const weighted = std.scoring.model === "weighted";
  we.getCell("A1").value = "要素汇总";
  we.getCell("A1").font = { bold: true, size: 14 };
  we.getCell("A2").value = "得分";
  const eHead = ["要素编号", "一级要素", "权重", "应得分", "内容得分", "追加扣分", "实得分", "得分率", "计入权重", "加权得分率"];
  eHead.forEach((h, k) => {
    const c = we.getCell(3, k + 1);
    c.value = h;
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = BORDER;
  });
  we.columns = [{ width: 10 }, { width: 24 }, { width: 8 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 12 }];
  std.elements.forEach((el, k) => {
    const r = 4 + k;
    const byEl = (c: number) => `SUMIF(${range(L.col.element)},$A${r},${range(c)})`;
    we.getCell(r, 1).value = el.id;
    we.getCell(r, 2).value = el.title;
    we.getCell(r, 3).value = el.weight !== undefined ? el.weight.toNumber() : null;
    we.getCell(r, 4).value = { formula: byEl(L.col.applicable) };
    we.getCell(r, 5).value = { formula: byEl(L.col.earned) };
    we.getCell(r, 6).value = { formula: byEl(L.col.charged) };
    we.getCell(r, 7).value = { formula: `MAX(0,E${r}-F${r})` };
    we.getCell(r, 8).value = { formula: `IF(D${r}=0,"",G${r}/D${r})` };
    we.getCell(r, 8).numFmt = "0.0%";
    we.getCell(r, 9).value = { formula: `IF(D${r}=0,0,C${r})` };
    we.getCell(r, 10).value = { formula: `IF(D${r}=0,0,C${r}*G${r}/D${r})` };
    for (let c = 1; c <= 10; c++) we.getCell(r, c).border = BORDER;
  });
  const lastEl = 3 + std.elements.length;
  const scale = std.scoring.scale.toNumber();
  const round = std.scoring.round;
  we.getCell("B2").value = {
    formula: weighted
      ? `IF(SUM(I4:I${lastEl})=0,"",ROUND(SUM(J4:J${lastEl})/SUM(I4:I${lastEl})*${scale},${round}))`
      : `IF(SUM(D4:D${lastEl})=0,"",ROUND(SUM(G4:G${lastEl})/SUM(D4:D${lastEl})*${scale},${round}))`,
  };
  we.getCell("B2").font = { bold: true, size: 14 };
  await we.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  // ---- 事故: accidents in the window (safety performance)
  const wa = wb.addWorksheet(SHEET_ACCIDENTS);
  const aHead = ["事故日期", "死亡人数", "重伤人数", "轻伤人数", "直接经济损失（万元）", "说明"];
  wa.columns = [{ width: 14 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 18 }, { width: 40 }];
  aHead.forEach((h, k) => {
    const c = wa.getCell(1, k + 1);
    c.value = h;
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = BORDER;
  });
  wa.views = [{ state: "frozen", ySplit: 1 }];

  // ---- stdz: what the reader needs, hidden from people
  const wm = wb.addWorksheet(SHEET_META, { state: "veryHidden" });
  wm.getCell("A1").value = "stdz-self-assessment";
  wm.getCell("A2").value = 1;
  wm.getCell("A3").value = std.id;
  wm.getCell("A4").value = std.fingerprint ?? "";
  wm.getCell("A5").value = maxDeds;

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function writeItemRow(ws: ExcelJSNS.Worksheet, L: ScoreLayout, r: number, item: Item, elementId: string, elementTitle: string): void {
  const cell = (c: number) => ws.getCell(r, c);
  const ref = (c: number) => `${columnLetter(c)}${r}`;
  cell(L.col.element).value = elementId;
  cell(L.col.elementTitle).value = elementTitle;
  cell(L.col.item).value = item.id;
  cell(L.col.title).value = item.title;
  cell(L.col.points).value = item.points.toNumber();
  cell(L.col.clauses).value = item.deductions.map(clauseText).join("\n") + (item.exhausted_penalty !== undefined ? `${item.deductions.length ? "\n" : ""}本项扣完另扣要素 ${item.exhausted_penalty.toString()} 分` : "");
  const veto = item.veto === false ? "" : item.veto === "all" ? "否决项" : `否决项（${item.veto.blocks.join("、")}）`;
  cell(L.col.condition).value = [item.applies_when ? conditionText(item.applies_when) : "", veto].filter(Boolean).join("；") || null;
  cell(L.col.ids).value = item.deductions.map((d) => d.id).join("|");
  const status = cell(L.col.status);
  status.dataValidation = { type: "list", allowBlank: true, formulae: [q(Object.values(STATUS_WORDS).join(","))], showErrorMessage: true, errorTitle: "评定结果", error: "请选择 符合、不符合 或 不适用" };
  const answers = [L.col.status, ...item.deductions.map((_, k) => L.count(k)), L.col.note, L.col.evidence, L.col.rectify];
  for (const c of answers) {
    cell(c).protection = { locked: false };
    cell(c).fill = ANSWER_FILL;
  }
  item.deductions.forEach((_, k) => {
    cell(L.count(k)).dataValidation = { type: "whole", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0], showErrorMessage: true, error: "次数应为非负整数" };
  });
  cell(L.col.rectify).numFmt = "@";
  cell(L.col.note).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.evidence).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.title).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.clauses).alignment = { wrapText: true, vertical: "top" };
  // Formulas: DESIGN.md steps 1–3 for one content.
  const H = ref(L.col.status);
  const applies = item.applies_when ? conditionFormula(item.applies_when) : "TRUE";
  const counts = item.deductions.map((_, k) => ref(L.count(k)));
  const lost = item.deductions.map((d, k) => {
    const x = `N(${counts[k]})*${d.points.toNumber()}`;
    return d.max !== undefined ? `MIN(${x},${d.max.toNumber()})` : x;
  });
  const anyCount = counts.length ? `SUM(${counts.join(",")})` : "0";
  cell(L.col.applicable).value = { formula: `IF(AND(${applies},${H}<>${q(STATUS_WORDS.na)}),${ref(L.col.points)},0)` };
  cell(L.col.earned).value = {
    formula: `IF(${ref(L.col.applicable)}=0,0,IF(${H}=${q(STATUS_WORDS.conform)},${ref(L.col.points)},IF(AND(${H}=${q(STATUS_WORDS.nonconform)},${anyCount}>0),MAX(0,${ref(L.col.points)}-(${lost.join("+") || "0"})),0)))`,
  };
  const charged = item.deductions.flatMap((d, k) => (d.element_points !== undefined ? [`N(${counts[k]})*${d.element_points.toNumber()}`] : []));
  const exhausted = item.exhausted_penalty !== undefined ? `IF(${ref(L.col.earned)}=0,${item.exhausted_penalty.toNumber()},0)` : "";
  const parts = [...charged, exhausted].filter(Boolean);
  cell(L.col.charged).value = parts.length ? { formula: `IF(AND(${ref(L.col.applicable)}>0,${H}=${q(STATUS_WORDS.nonconform)}),${parts.join("+")},0)` } : 0;
  for (let c = 1; c <= L.col.applicable; c++) {
    cell(c).border = BORDER;
    cell(c).alignment = { ...cell(c).alignment, vertical: "top" };
  }
  // Excel does not grow rows for wrapped text it did not lay out itself: estimate the lines.
  const lines = (s: unknown, width: number) =>
    String(s ?? "")
      .split("\n")
      .reduce((n, p) => n + Math.max(1, Math.ceil(displayWidth(p) / (width - 1))), 0);
  ws.getRow(r).height = 15 * Math.max(1, lines(item.title, 40), lines(cell(L.col.clauses).value, 44));
}
