import { diag, type Diagnostic } from "../../diagnostics.js";
import { Rational } from "../lib/rational.js";
import { text, type Text } from "../lib/text.js";
import type { Deduction, Veto } from "../standard/model.js";
import { normaliseDigits, parseAmount, parseCell } from "./clauses.js";
import { headerRoles, type ColumnRole } from "./headers.js";

/**
 * A published rubric table → the tree of a standard (pure). io hands over the cells with merged
 * cells already filled in and marked; this module finds the header, fills down what a table
 * without merge information leaves empty, reads ids from the numbering, checks 小计/合计 rows
 * and runs the clause parser on every 评分方式 cell.
 */

/** A cell whose text was copied from a merge: from above ("down") or from the left ("right"). */
export type Merge = "down" | "right";
export interface SourceCell {
  text: string;
  merged?: Merge;
}

export type TablePlace = { kind: "docx"; table: number } | { kind: "xlsx"; sheet: string } | { kind: "csv" };

export interface SourceTable {
  place: TablePlace;
  rows: SourceCell[][];
  /** The 1-based source row (or CSV line) of each row; default index + 1. */
  rowNumbers?: number[];
}

export function columnLetter(col: number): string {
  let s = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Where a row (or a cell, with `col`) is, in both languages. */
export function placeText(place: TablePlace, row: number, col?: number): Text {
  switch (place.kind) {
    case "docx":
      return col === undefined
        ? text(`表 ${place.table} 第 ${row} 行`, `table ${place.table} row ${row}`)
        : text(`表 ${place.table} 第 ${row} 行第 ${col + 1} 列`, `table ${place.table} row ${row} column ${col + 1}`);
    case "xlsx":
      return col === undefined
        ? text(`工作表 “${place.sheet}” 第 ${row} 行`, `sheet '${place.sheet}' row ${row}`)
        : text(`工作表 “${place.sheet}” ${columnLetter(col)}${row}`, `sheet '${place.sheet}' ${columnLetter(col)}${row}`);
    case "csv":
      return col === undefined ? text(`第 ${row} 行`, `line ${row}`) : text(`第 ${row} 行第 ${col + 1} 列`, `line ${row} column ${col + 1}`);
  }
}

/** A deduction as the standard states it (the same fields, so the YAML writer needs no mapping). */
export type ImportedDeduction = Deduction;

export interface Unparsed {
  text: string;
  at: Text;
  /** Source row, for the diagnostic's line in a CSV. */
  row: number;
  item: string;
}

export interface ImportedItem {
  id: string;
  title: string;
  points: Rational;
  method?: string;
  deductions: ImportedDeduction[];
  caps: Array<{ deductions: string[]; max: Rational; text: string }>;
  exhausted_penalty?: Rational;
  exhausted_text?: string;
  veto: Veto;
  veto_text?: string;
  na?: "forbidden";
  notes: string[];
  unparsed: Unparsed[];
  at: Text;
  place: TablePlace;
}

export interface ImportedElement {
  id: string;
  title: string;
  elements: ImportedElement[];
  items: ImportedItem[];
}

export interface ImportedTable {
  place: TablePlace;
  elements: ImportedElement[];
  /** Σ of the contents' points. */
  sum: Rational;
  /** The 合计 row's figure and where it is, when the table has one. */
  declared_total?: { value: Rational; at: Text };
  unparsed: Unparsed[];
  deductions: number;
  items: number;
  diagnostics: Diagnostic[];
  /** How many tables had a recognisable header and were read. */
  tables: number;
}

/** How many rows from the top the header is looked for in. */
export const HEADER_SEARCH_ROWS = 12;

const SUM_ROW = /^(小计|合计|总计|总分|分值合计|合\s*计)/;
const CN_NUMERAL = "[一二三四五六七八九十]+";
const ID_PREFIX = new RegExp(`^\\s*(?:(\\d+(?:\\.\\d+)*)(?:[\\s、．.]+|(?=[^\\d.]))|[（(](${CN_NUMERAL})[）)][、.．\\s]*|(${CN_NUMERAL})[、.．\\s]+)`);
const ITEM_ID_PREFIX = /^\s*(\d+(?:\.\d+)+|\d+(?=[\s、．]))[\s、．.]*/;

/** A heading such as 「5.1 目标职责」 or 「一、目标职责」 as its number and title. */
export function splitNumbered(s: string, item = false): { id?: string; title: string } {
  const t = normaliseDigits(s).trim();
  const m = (item ? ITEM_ID_PREFIX : ID_PREFIX).exec(t);
  if (!m) return { title: t };
  const title = t.slice(m[0].length).trim();
  if (!title) return { title: t };
  const cn = m[2] ?? m[3];
  const id = m[1] ?? (cn === undefined ? undefined : parseAmount(cn)?.toString());
  return id ? { id, title } : { title: t };
}

const letterId = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : `${letterId(Math.floor(i / 26) - 1)}${String.fromCharCode(97 + (i % 26))}`);

interface Pending {
  item: ImportedItem;
  /** The content and points cells as written, to recognise a row that repeats them. */
  content: string;
  pointsText: string;
  clauses: string[];
  clauseAt: Array<{ at: Text; row: number }>;
  project?: ImportedElement;
  category: ImportedElement;
}

/** One body row of a table, its cells keyed by role (tables of one document may order columns differently). */
interface RoleRow {
  place: TablePlace;
  row: number;
  cells: Partial<Record<ColumnRole, SourceCell & { col: number }>>;
}

/**
 * Build the standard's tree from the tables of one file, read as one rubric: the body rows of
 * every table with a recognisable header, in order (a rubric is often split over several Word
 * tables). `fallbackTitle` names the one element of tables without a category column.
 */
export function importTables(tables: readonly SourceTable[], file: string, fallbackTitle: string): ImportedTable {
  const diagnostics: Diagnostic[] = [];
  const first = tables[0]?.place ?? { kind: "csv" };
  const out: ImportedTable = { place: first, elements: [], sum: Rational.ZERO, unparsed: [], deductions: 0, items: 0, diagnostics, tables: 0 };
  const loc = (r: { place: TablePlace; row: number }) => (r.place.kind === "csv" ? { file, range: { line: r.row, column: 1 } } : { file });

  const rows: RoleRow[] = [];
  let hasCategory = false;
  let firstHeader: { place: TablePlace; row: number } | undefined;
  for (const table of tables) {
    const rowNo = (i: number): number => table.rowNumbers?.[i] ?? i + 1;
    let header = -1;
    let roles: Map<ColumnRole, number> | undefined;
    for (let i = 0; i < Math.min(table.rows.length, HEADER_SEARCH_ROWS); i++) {
      roles = headerRoles(table.rows[i]!.map((c) => c.text));
      if (roles) {
        header = i;
        break;
      }
    }
    if (!roles) continue;
    out.tables++;
    firstHeader ??= { place: table.place, row: rowNo(header) };
    if (roles.has("category")) hasCategory = true;
    for (let i = header + 1; i < table.rows.length; i++) {
      // A header repeated on every page of a long table is not a content.
      if (headerRoles(table.rows[i]!.map((c) => c.text))) continue;
      const cells: RoleRow["cells"] = {};
      for (const [role, c] of roles) {
        const sc = table.rows[i]![c];
        if (sc) cells[role] = { ...sc, col: c };
      }
      rows.push({ place: table.place, row: rowNo(i), cells });
    }
  }
  if (!firstHeader) {
    const t = tables[0];
    const rowsSearched = Math.min(t?.rows.length ?? 0, HEADER_SEARCH_ROWS);
    diagnostics.push(diag("IMP004", { at: placeText(first, 1), rows: rowsSearched }, { file }));
    return out;
  }
  const headerAt = placeText(firstHeader.place, firstHeader.row);
  const where = (r: RoleRow, role?: ColumnRole): { at: Text } => ({ at: placeText(r.place, r.row, role === undefined ? undefined : r.cells[role]?.col) });
  // A cell continued from the left belongs to its neighbour's column, not to this one.
  const own = (r: RoleRow, role: ColumnRole): string => {
    const c = r.cells[role];
    return c && c.merged !== "right" ? c.text.trim() : "";
  };

  let categoryRaw = "";
  let projectRaw = "";
  let category: ImportedElement | undefined;
  let project: ImportedElement | undefined;
  if (!hasCategory) {
    category = { id: "1", title: fallbackTitle, elements: [], items: [] };
    out.elements.push(category);
    diagnostics.push(diag("IMP012", { at: headerAt, title: fallbackTitle }, { file }));
  }
  const taken = new Set<string>();
  const uniqueId = (wanted: string | undefined, make: (k: number) => string, parent?: string): string => {
    // 「（一）」 under 「一、」 and a plain 「1」 under 「1.1」 number within their parent.
    if (wanted && parent && !wanted.includes(".") && !wanted.startsWith(parent + ".")) wanted = `${parent}.${wanted}`;
    if (wanted && !taken.has(wanted)) {
      taken.add(wanted);
      return wanted;
    }
    let k = 1;
    while (taken.has(make(k))) k++;
    taken.add(make(k));
    return make(k);
  };
  let pending: Pending | undefined;
  let sinceSubtotal = Rational.ZERO;
  /** 「目标职责（150分）」: the points a category or project heading states, checked at the end. */
  const declared: Array<{ element: ImportedElement; points: Rational; at: Text; row: RoleRow }> = [];

  const locateClause = (u: string, p: Pending): { at: Text; row: number } => {
    const k = p.clauses.findIndex((c) => c.includes(u) || normaliseDigits(c).includes(u));
    return p.clauseAt[Math.max(k, 0)]!;
  };

  const finish = (p: Pending): void => {
    const parsed = parseCell(p.clauses.join("\n"), p.item.points);
    const item = p.item;
    const idOf: Array<string | undefined> = [];
    for (const d of parsed.deductions) {
      idOf.push(undefined);
      const ded: ImportedDeduction = { id: "", text: d.text, points: d.points };
      if (d.max) ded.max = d.max;
      if (d.element_points) ded.element_points = d.element_points;
      if (d.zeroes) {
        const target = zeroTarget(d.zeroes, d.zeroesName, p);
        // A named element that does not enclose this content is for a person to sort out.
        if (!target) {
          item.unparsed.push({ text: d.text, ...locateClause(d.text, p), item: item.id });
          continue;
        }
        ded.zeroes = target;
      }
      ded.id = letterId(item.deductions.length);
      idOf[idOf.length - 1] = ded.id;
      item.deductions.push(ded);
    }
    for (const c of parsed.caps) {
      const list = c.deductions.map((i) => idOf[i]).filter((x): x is string => x !== undefined);
      if (list.length >= 2) item.caps.push({ deductions: list, max: c.max, text: c.text });
      else item.unparsed.push({ text: c.text, ...locateClause(c.text, p), item: item.id });
    }
    if (parsed.exhausted_penalty) {
      item.exhausted_penalty = parsed.exhausted_penalty;
      if (parsed.exhausted_text !== undefined) item.exhausted_text = parsed.exhausted_text;
    }
    if (parsed.veto) {
      item.veto = parsed.veto.blocks ? { blocks: parsed.veto.blocks } : "all";
      if (parsed.veto.text !== undefined) item.veto_text = parsed.veto.text;
    }
    if (parsed.na) item.na = parsed.na;
    item.notes.push(...parsed.notes);
    if (parsed.method.length) item.method = [item.method, ...parsed.method].filter((x) => x).join("；");
    for (const u of parsed.unparsed) item.unparsed.push({ text: u, ...locateClause(u, p), item: item.id });
    out.items++;
    out.deductions += item.deductions.length;
    out.unparsed.push(...item.unparsed);
    for (const u of item.unparsed) diagnostics.push(diag("IMP009", { at: u.at, text: u.text, item: item.id }, loc({ place: p.item.place, row: u.row })));
  };

  for (const r of rows) {
    const labels = (["category", "project", "number", "content"] as const).map((role) => r.cells[role]?.text.replace(/\s+/g, "") ?? "");
    const sumLabel = labels.find((l) => SUM_ROW.test(l));
    const pointsText = normaliseDigits(own(r, "points")).replace(/\s*分$/, "");
    if (sumLabel) {
      if (pending) finish(pending);
      pending = undefined;
      const value = Rational.parse(pointsText);
      if (!value) {
        diagnostics.push(diag("IMP006", { ...where(r, "points"), value: pointsText }, loc(r)));
        continue;
      }
      if (/^小计/.test(sumLabel)) {
        if (!value.eq(sinceSubtotal))
          diagnostics.push(diag("IMP007", { ...where(r, "points"), declared: value.toString(), sum: sinceSubtotal.toString() }, loc(r)));
        sinceSubtotal = Rational.ZERO;
      } else out.declared_total = { value, at: where(r, "points").at };
      continue;
    }

    const catText = r.cells.category?.text.trim() ?? "";
    let newCategory = false;
    let startedElement = false;
    if (hasCategory && catText && catText !== categoryRaw) {
      if (pending) finish(pending);
      pending = undefined;
      categoryRaw = catText;
      const { id, title, points } = withDeclaredPoints(splitNumbered(catText));
      category = { id: uniqueId(id, (k) => String(out.elements.length + k)), title, elements: [], items: [] };
      if (points) declared.push({ element: category, points, at: where(r, "category").at, row: r });
      out.elements.push(category);
      project = undefined;
      projectRaw = "";
      newCategory = true;
      startedElement = true;
    }
    const projText = own(r, "project");
    if (category && projText && projText !== projectRaw) {
      if (pending) finish(pending);
      pending = undefined;
      projectRaw = projText;
      const { id, title, points } = withDeclaredPoints(splitNumbered(projText));
      const parent = category;
      project = { id: uniqueId(id, (k) => `${parent.id}.${parent.elements.length + k}`, parent.id), title, elements: [], items: [] };
      category.elements.push(project);
      if (points) declared.push({ element: project, points, at: where(r, "project").at, row: r });
      startedElement = true;
    } else if (newCategory) project = undefined;

    const content = own(r, "content");
    const clauseText = own(r, "clauses");
    const methodText = own(r, "method");
    // A content merged over several rows (one clause per row), or a CSV row with only a clause, continues the content above.
    // So does a row repeating the content and points above it (a merge undone by "fill" in Excel).
    const repeats = pending !== undefined && !startedElement && content === pending.content && pointsText === pending.pointsText;
    if (pending && (r.cells.content?.merged === "down" || (!content && !pointsText) || repeats)) {
      if (clauseText && r.cells.clauses?.merged !== "down") {
        pending.clauses.push(clauseText);
        pending.clauseAt.push({ ...where(r, "clauses"), row: r.row });
      }
      if (methodText && r.cells.method?.merged !== "down") pending.item.method = [pending.item.method, methodText].filter((x) => x).join("\n");
      continue;
    }
    if (!content && !pointsText) continue;
    if (pending) finish(pending);
    pending = undefined;
    if (!category) {
      diagnostics.push(diag("IMP013", where(r), loc(r)));
      continue;
    }
    if (!pointsText) {
      diagnostics.push(diag("IMP010", { ...where(r), title: content }, loc(r)));
      continue;
    }
    const points = Rational.parse(pointsText);
    if (!points || points.isNegative() || (points.decimalPlaces() ?? 3) > 2) {
      diagnostics.push(diag("IMP006", { ...where(r, "points"), value: pointsText }, loc(r)));
      continue;
    }
    const numbered = normaliseDigits(own(r, "number"));
    const star = /[★☆]/.test(content) || /[★☆]/.test(numbered);
    const split = splitNumbered(content.replace(/[★☆]/g, ""), true);
    const parent = project ?? category;
    const wanted = /^\d+(?:\.\d+)*$/.test(numbered.replace(/[★☆\s]/g, "")) ? numbered.replace(/[★☆\s]/g, "") : split.id;
    const item: ImportedItem = {
      id: uniqueId(wanted, (k) => `${parent.id}.${parent.items.length + k}`, parent.id),
      title: split.title,
      points,
      deductions: [],
      caps: [],
      veto: star ? "all" : false,
      notes: [],
      unparsed: [],
      at: placeText(r.place, r.row),
      place: r.place,
    };
    if (star) item.veto_text = "★";
    if (methodText) item.method = methodText;
    parent.items.push(item);
    out.sum = out.sum.add(points);
    sinceSubtotal = sinceSubtotal.add(points);
    pending = { item, content, pointsText, clauses: clauseText ? [clauseText] : [], clauseAt: [{ ...where(r, "clauses"), row: r.row }], category };
    if (project) pending.project = project;
  }
  if (pending) finish(pending);
  for (const d of declared) {
    const sum = elementSum(d.element);
    if (!sum.eq(d.points))
      diagnostics.push(diag("IMP015", { at: d.at, title: d.element.title, declared: d.points.toString(), sum: sum.toString() }, loc(d.row)));
  }
  if (out.items === 0) diagnostics.push(diag("IMP014", { at: headerAt }, { file }));
  if (out.declared_total && !out.declared_total.value.eq(out.sum))
    diagnostics.push(diag("IMP008", { at: out.declared_total.at, declared: out.declared_total.value.toString(), sum: out.sum.toString() }, { file }));
  return out;
}

function elementSum(e: ImportedElement): Rational {
  return Rational.sum([...e.items.map((i) => i.points), ...e.elements.map(elementSum)]);
}

/** A heading's title without the points it states: 「目标职责（150分）」 → 目标职责 and 150. */
export function withDeclaredPoints(h: { id?: string; title: string }): { id?: string; title: string; points?: Rational } {
  const m = /^(.*?)\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]$/.exec(h.title);
  const points = m ? Rational.parse(m[2]!) : undefined;
  if (!m || !points || !m[1]) return h;
  return { ...h, title: m[1], points };
}

/** The element a zeroing clause names: by its title in quotes when given, else by scope. */
function zeroTarget(scope: "category" | "project", name: string | undefined, p: Pending): string | undefined {
  const enclosing = [p.project, p.category].filter((e): e is ImportedElement => e !== undefined);
  if (name !== undefined) return enclosing.find((e) => e.title === name || e.title.includes(name))?.id;
  if (scope === "project") return (p.project ?? p.category).id;
  return p.category.id;
}
