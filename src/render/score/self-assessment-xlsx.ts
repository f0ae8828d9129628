// 自评表.xlsx: the form most enterprises fill in Excel. One row per content with its points and
// deduction clauses, answer cells (评定结果 from a list, the count of each deduction, note,
// evidence, 整改期限), live formulas for each content's score and the running total, and the
// enterprise facts on the first sheet. Structure cells are locked (no password: a user who
// must can unprotect). `stdz score` reads the filled workbook back (io/self-assessment-xlsx.ts).
import { createRequire } from "node:module";
import type ExcelJSNS from "exceljs";
import type { Item, Standard } from "../../core/standard/model.js";
import { allItems } from "../../core/standard/model.js";
import { Rational } from "../../core/lib/rational.js";
import { displayWidth } from "../formats/table.js";
import { columnLetter } from "../formats/xlsx.js";

import { builtinFact, clauseText, conditionFormula, conditionText, formulaGaps, type FactCell } from "./self-assessment-formulas.js";
import {
  EXTRA_KEY_COLUMN,
  EXTRA_TYPE_COLUMN,
  INFO_FIELDS,
  KIND_WORDS,
  NO,
  SHEET_ACCIDENTS,
  SHEET_ELEMENTS,
  SHEET_INFO,
  SHEET_META,
  SHEET_PREREQUISITES,
  SHEET_SCORE,
  STATUS_WORDS,
  YES,
  circled,
  infoRow,
  q,
  scoreLayout,
  type ScoreLayout,
} from "./self-assessment-layout.js";

export * from "./self-assessment-layout.js";

type ExcelJS = typeof ExcelJSNS;

function load(): ExcelJS {
  return createRequire(import.meta.url)("exceljs") as ExcelJS;
}

const THIN = { style: "thin" as const, color: { argb: "FF999999" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFE7ECF2" } };
const ANSWER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFFFF8DC" } };

/** A heading cell: bold on the header fill, bordered. */
function heading(cell: ExcelJSNS.Cell, value: string): void {
  cell.value = value;
  cell.font = { bold: true };
  cell.fill = HEAD_FILL;
  cell.border = BORDER;
}

/** A cell the person filling in may change: unlocked, on the answer fill. */
function answer(cell: ExcelJSNS.Cell): void {
  cell.protection = { locked: false };
  cell.fill = ANSWER_FILL;
}

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

  let fact: FactCell = builtinFact;
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
    const b = wi.getCell(`B${r}`);
    heading(wi.getCell(`A${r}`), label);
    b.border = BORDER;
    if (key === "standard") {
      b.value = opts.standardRef;
      return;
    }
    answer(b);
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
  // Facts the standard declares (extension 6) and the level applied for (extension 7), one row each.
  const factRows = new Map<string, number>();
  let extraRow = infoRow("assessors") + 1;
  const extra = (key: string, type: string, label: string, validation?: ExcelJSNS.DataValidation) => {
    const r = extraRow++;
    const b = wi.getCell(`B${r}`);
    heading(wi.getCell(`A${r}`), label);
    b.border = BORDER;
    answer(b);
    if (validation) b.dataValidation = validation;
    wi.getCell(r, EXTRA_KEY_COLUMN).value = key;
    wi.getCell(r, EXTRA_TYPE_COLUMN).value = type;
    return r;
  };
  for (const [key, d] of Object.entries(std.profile ?? {})) {
    const v: ExcelJSNS.DataValidation | undefined =
      d.type === "enum"
        ? { type: "list", allowBlank: true, formulae: [q((d.values ?? []).join(","))] }
        : d.type === "boolean"
          ? { type: "list", allowBlank: true, formulae: [q(`${YES},${NO}`)] }
          : d.type === "integer"
            ? { type: "whole", operator: "greaterThanOrEqual", allowBlank: true, formulae: [-1e9] }
            : undefined;
    factRows.set(key, extra(`profile:${key}`, d.type, `${d.title}（${key}）`, v));
  }
  if (std.grading.levels.length > 1) {
    extra("applied_level", "string", "申请等级（可不填）", { type: "list", allowBlank: true, formulae: [q(std.grading.levels.map((l) => l.name).join(","))] });
  }
  wi.getColumn(EXTRA_KEY_COLUMN).hidden = true;
  wi.getColumn(EXTRA_TYPE_COLUMN).hidden = true;
  fact = (field) => {
    const r = factRows.get(field);
    if (r === undefined) return builtinFact(field);
    const type = std.profile?.[field]?.type;
    return { cell: `'${SHEET_INFO}'!$B$${r}`, numeric: type === "integer" || type === "number" };
  };
  const beyond = formulaGaps(std);
  const scoreRow = extraRow + 1;
  if (beyond.length) {
    wi.getCell(`A${scoreRow + 2}`).value = `注意：本标准含有表内公式未计入的规则（${beyond.join("、")}），“当前得分”仅供参考，以 stdz score 的结果为准。`;
    wi.mergeCells(`A${scoreRow + 2}:B${scoreRow + 2}`);
    wi.getCell(`A${scoreRow + 2}`).alignment = { wrapText: true };
    wi.getRow(scoreRow + 2).height = 32;
  }
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
    heading(cell, title);
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    ws.getColumn(c).width = width;
  }
  ws.getColumn(L.col.ids).hidden = true;
  rows.forEach(({ item, top }, i) => writeItemRow(ws, L, L.first + i, item, top.id, top.title, fact));
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
    heading(we.getCell(3, k + 1), h);
  });
  we.columns = [
    { width: 10 },
    { width: 24 },
    { width: 8 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 12 },
  ];
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
  const aHead = [
    "事故日期",
    "死亡人数",
    "重伤人数",
    "轻伤人数",
    "直接经济损失（万元）",
    "说明",
    "职业病人数",
    "事故类型（如 爆炸、火灾）",
    "承包商事故（是/否）",
  ];
  wa.columns = [{ width: 14 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 18 }, { width: 40 }, { width: 10 }, { width: 16 }, { width: 12 }];
  aHead.forEach((h, k) => {
    heading(wa.getCell(1, k + 1), h);
  });
  wa.views = [{ state: "frozen", ySplit: 1 }];
  for (let r = 2; r <= 200; r++) wa.getCell(r, 9).dataValidation = { type: "list", allowBlank: true, formulae: [q(`${YES},${NO}`)] };

  // ---- 基本条件: each prerequisite (extension 1) stated as met or not
  const prerequisites = std.prerequisites ?? [];
  if (prerequisites.length) {
    const wp = wb.addWorksheet(SHEET_PREREQUISITES, { pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    wp.columns = [{ width: 8 }, { width: 56 }, { width: 16 }, { width: 10 }, { width: 30 }];
    ["编号", "基本条件", "未满足时", "是否满足", "说明"].forEach((h, k) => {
      heading(wp.getCell(1, k + 1), h);
    });
    prerequisites.forEach((pr, i) => {
      const r = i + 2;
      wp.getCell(r, 1).value = pr.id;
      wp.getCell(r, 2).value = pr.text;
      wp.getCell(r, 2).alignment = { wrapText: true, vertical: "top" };
      const cut = pr.deduct_total_rate !== undefined ? `；并扣除总分的 ${pr.deduct_total_rate.mul(Rational.of(100)).toString()}%` : "";
      wp.getCell(r, 3).value = `${pr.blocks === "all" ? "不得评为任何等级" : `不得评为${pr.blocks.join("、")}`}${cut}`;
      wp.getCell(r, 3).alignment = { wrapText: true, vertical: "top" };
      for (const c of [4, 5]) answer(wp.getCell(r, c));
      wp.getCell(r, 4).dataValidation = { type: "list", allowBlank: true, formulae: [q(`${YES},${NO}`)] };
      for (let c = 1; c <= 5; c++) wp.getCell(r, c).border = BORDER;
    });
    await wp.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  }

  // ---- stdz: what the reader needs, hidden from people
  const wm = wb.addWorksheet(SHEET_META, { state: "veryHidden" });
  wm.getCell("A1").value = "stdz-self-assessment";
  wm.getCell("A2").value = 1;
  wm.getCell("A3").value = std.id;
  wm.getCell("A4").value = std.fingerprint ?? "";
  wm.getCell("A5").value = maxDeds;

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function writeItemRow(ws: ExcelJSNS.Worksheet, L: ScoreLayout, r: number, item: Item, elementId: string, elementTitle: string, fact: FactCell): void {
  const cell = (c: number) => ws.getCell(r, c);
  const ref = (c: number) => `${columnLetter(c)}${r}`;
  cell(L.col.element).value = elementId;
  cell(L.col.elementTitle).value = elementTitle;
  cell(L.col.item).value = item.id;
  cell(L.col.title).value = item.title;
  cell(L.col.points).value = item.points.toNumber();
  cell(L.col.clauses).value =
    item.deductions.map(clauseText).join("\n") +
    (item.exhausted_penalty !== undefined ? `${item.deductions.length ? "\n" : ""}本项扣完另扣要素 ${item.exhausted_penalty.toString()} 分` : "");
  const veto = item.veto === false ? "" : item.veto === "all" ? "否决项" : `否决项（${item.veto.blocks.join("、")}）`;
  cell(L.col.condition).value = [item.applies_when ? conditionText(item.applies_when) : "", veto].filter(Boolean).join("；") || null;
  cell(L.col.ids).value = item.deductions.map((d) => d.id).join("|");
  const status = cell(L.col.status);
  status.dataValidation = {
    type: "list",
    allowBlank: true,
    formulae: [q(Object.values(STATUS_WORDS).join(","))],
    showErrorMessage: true,
    errorTitle: "评定结果",
    error: "请选择 符合、不符合 或 不适用",
  };
  const answers = [L.col.status, ...item.deductions.map((_, k) => L.count(k)), L.col.note, L.col.evidence, L.col.rectify];
  for (const c of answers) answer(cell(c));
  item.deductions.forEach((_, k) => {
    cell(L.count(k)).dataValidation = {
      type: "whole",
      operator: "greaterThanOrEqual",
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      error: "次数应为非负整数",
    };
  });
  cell(L.col.rectify).numFmt = "@";
  cell(L.col.note).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.evidence).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.title).alignment = { wrapText: true, vertical: "top" };
  cell(L.col.clauses).alignment = { wrapText: true, vertical: "top" };
  // Formulas: DESIGN.md steps 1–3 for one content.
  const H = ref(L.col.status);
  const applies = item.applies_when ? conditionFormula(item.applies_when, fact) : "TRUE";
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
