// Reading a filled 自评表.xlsx back as the bundle.yaml it stands for. The workbook is turned
// into YAML text, one key per line, with each line's cell remembered; the bundle is then read
// and checked exactly as bundle.yaml is, and every diagnostic is placed on its cell
// (自评表.xlsx!评分表!H12). `stdz score` does this for a folder without bundle.yaml.
import { createRequire } from "node:module";
import type ExcelJSNS from "exceljs";
import { diag, InputError } from "../diagnostics.js";
import {
  INFO_FIELDS,
  KIND_WORDS,
  NO,
  SHEET_ACCIDENTS,
  SHEET_PREREQUISITES,
  ACCIDENT_COLUMNS,
  EXTRA_KEY_COLUMN,
  EXTRA_TYPE_COLUMN,
  SHEET_INFO,
  SHEET_META,
  SHEET_SCORE,
  STATUS_WORDS,
  YES,
  infoRow,
  scoreLayout,
  type InfoKey,
} from "../render/score/self-assessment-layout.js";
import { columnLetter } from "../render/formats/xlsx.js";

export { WORKBOOK } from "./self-assessment-names.js";

export interface WorkbookAsYaml {
  /** bundle.yaml text equivalent to the workbook. */
  yaml: string;
  /** 1-based YAML line → the cell it came from, as `Sheet!A1`. */
  cells: Map<number, string>;
}

type Cell = ExcelJSNS.CellValue;

/** A cell's value as the user sees it: text, a number, or undefined when blank. */
function value(v: Cell): string | number | boolean | Date | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  if (typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v) return value(v.richText.map((r) => r.text).join(""));
    if ("result" in v) return value(v.result as Cell);
    if ("text" in v && typeof v.text === "string") return value(v.text);
    if ("error" in v) return undefined;
  }
  return undefined;
}

function iso(d: Date): string {
  // Excel dates carry no zone: read them as the calendar day they show.
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

const text = (v: ReturnType<typeof value>): string | undefined => (v === undefined ? undefined : v instanceof Date ? iso(v) : String(v));
const yamlString = (s: string) => JSON.stringify(s);

class YamlOut {
  readonly lines: string[] = [];
  readonly cells = new Map<number, string>();
  line(s: string, cell?: string): void {
    this.lines.push(s);
    if (cell) this.cells.set(this.lines.length, cell);
  }
}

const STATUS_BY_WORD: Record<string, string> = {
  [STATUS_WORDS.conform]: "conform",
  [STATUS_WORDS.nonconform]: "nonconform",
  [STATUS_WORDS.na]: "na",
  conform: "conform",
  nonconform: "nonconform",
  na: "na",
};
const KIND_BY_WORD: Record<string, string> = {
  [KIND_WORDS.self]: "self",
  [KIND_WORDS.review]: "review",
  [KIND_WORDS["spot-check"]]: "spot-check",
  self: "self",
  review: "review",
  "spot-check": "spot-check",
};

/** Scalars as YAML: numbers stay numbers, 是/否 become booleans, anything else a quoted string (the schema then names the cell). */
function scalar(v: ReturnType<typeof value>, as: "string" | "number" | "boolean" | "date"): string {
  if (v instanceof Date) return yamlString(iso(v));
  if (as === "number" && typeof v === "number") return String(v);
  if (as === "number" && typeof v === "string" && /^\d+$/.test(v)) return v;
  if (as === "boolean") {
    if (v === YES || v === true) return "true";
    if (v === NO || v === false) return "false";
  }
  return yamlString(String(v));
}

const FIELD_TYPE: Partial<Record<InfoKey, "number" | "boolean">> = {
  employees: "number",
  above_scale: "boolean",
  high_risk: "boolean",
  small_micro: "boolean",
};

/** Read the workbook (bytes already read through io/text) into bundle.yaml text with cell positions. */
export async function workbookAsYaml(bytes: Uint8Array, file: string): Promise<WorkbookAsYaml> {
  const X = createRequire(import.meta.url)("exceljs") as typeof ExcelJSNS;
  const wb = new X.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw new InputError([diag("BUN080", { file, reason: (e as Error).message }, { file })]);
  }
  const info = wb.getWorksheet(SHEET_INFO);
  const score = wb.getWorksheet(SHEET_SCORE);
  const meta = wb.getWorksheet(SHEET_META);
  if (!info || !score || !meta || value(meta.getCell("A1").value) !== "stdz-self-assessment") {
    throw new InputError([diag("BUN081", { file, sheets: [SHEET_INFO, SHEET_SCORE].join("、") }, { file })]);
  }
  const maxDeds = Number(value(meta.getCell("A5").value) ?? 1);
  const L = scoreLayout(Number.isSafeInteger(maxDeds) && maxDeds > 0 ? maxDeds : 1);
  const out = new YamlOut();
  const at = (sheet: string, col: number, row: number) => `${sheet}!${columnLetter(col)}${row}`;
  const infoValue = (key: InfoKey) => value(info.getCell(`B${infoRow(key)}`).value);
  const infoCell = (key: InfoKey) => at(SHEET_INFO, 2, infoRow(key));

  out.line("stdz: 1");
  out.line(`standard: ${yamlString(text(infoValue("standard")) ?? "")}`, infoCell("standard"));
  const facts = INFO_FIELDS.map(([key]) => key).filter(
    (key) => !["standard", "kind", "date", "organisation", "assessors"].includes(key) && infoValue(key) !== undefined,
  );
  // Extra rows: declared profile facts and the level applied for (hidden key and type columns).
  const profile: [string, string, number][] = [];
  let appliedRow: number | undefined;
  for (let r = infoRow("assessors") + 1; r <= info.rowCount; r++) {
    const key = text(value(info.getCell(r, EXTRA_KEY_COLUMN).value));
    if (key === undefined) continue;
    if (key === "applied_level") appliedRow = r;
    else if (key.startsWith("profile:") && value(info.getCell(r, 2).value) !== undefined)
      profile.push([key.slice(8), text(value(info.getCell(r, EXTRA_TYPE_COLUMN).value)) ?? "string", r]);
  }
  // An empty mapping is still a mapping: a missing name is then reported on its cell.
  out.line(facts.length || profile.length ? "enterprise:" : "enterprise: {}", infoCell("name"));
  for (const key of facts) out.line(`  ${key}: ${scalar(infoValue(key), FIELD_TYPE[key] ?? "string")}`, infoCell(key));
  if (profile.length) {
    out.line("  profile:");
    for (const [key, type, r] of profile) {
      const as = type === "boolean" ? "boolean" : type === "integer" || type === "number" ? "number" : "string";
      out.line(`    ${yamlString(key)}: ${scalar(value(info.getCell(r, 2).value), as)}`, at(SHEET_INFO, 2, r));
    }
  }
  out.line("assessment:", infoCell("kind"));
  const kind = text(infoValue("kind"));
  if (kind !== undefined) out.line(`  kind: ${yamlString(KIND_BY_WORD[kind] ?? kind)}`, infoCell("kind"));
  const date = infoValue("date");
  if (date !== undefined) out.line(`  date: ${scalar(date, "date")}`, infoCell("date"));
  const org = text(infoValue("organisation"));
  if (org !== undefined) out.line(`  organisation: ${yamlString(org)}`, infoCell("organisation"));
  const assessors = (text(infoValue("assessors")) ?? "").split(/[、,，;；\s]+/).filter(Boolean);
  out.line(`  assessors: [${assessors.map(yamlString).join(", ")}]`, infoCell("assessors"));
  const applied = appliedRow !== undefined ? text(value(info.getCell(appliedRow, 2).value)) : undefined;
  if (applied !== undefined && appliedRow !== undefined) out.line(`  applied_level: ${yamlString(applied)}`, at(SHEET_INFO, 2, appliedRow));

  const pre = wb.getWorksheet(SHEET_PREREQUISITES);
  const stated: [string, ReturnType<typeof value>, string | undefined, number][] = [];
  pre?.eachRow((row, r) => {
    const id = r > 1 ? text(value(row.getCell(1).value)) : undefined;
    const met = value(row.getCell(4).value);
    if (id !== undefined && met !== undefined) stated.push([id, met, text(value(row.getCell(5).value)), r]);
  });
  if (stated.length) {
    out.line("prerequisites:");
    for (const [id, met, note, r] of stated) {
      out.line(`  - id: ${yamlString(id)}`, at(SHEET_PREREQUISITES, 1, r));
      out.line(`    met: ${scalar(met, "boolean")}`, at(SHEET_PREREQUISITES, 4, r));
      if (note !== undefined) out.line(`    note: ${yamlString(note)}`, at(SHEET_PREREQUISITES, 5, r));
    }
  }

  const acc = wb.getWorksheet(SHEET_ACCIDENTS);
  const accRows: number[] = [];
  acc?.eachRow((row, r) => {
    if (r > 1 && ACCIDENT_COLUMNS.some((_, k) => value(row.getCell(k + 1).value) !== undefined)) accRows.push(r);
  });
  if (accRows.length === 0) out.line("accidents: []");
  else {
    out.line("accidents:");
    const fields = ["deaths", "serious_injuries", "minor_injuries", "direct_loss"] as const;
    for (const r of accRows) {
      const row = acc!.getRow(r);
      const d = value(row.getCell(1).value);
      out.line(`  - date: ${d === undefined ? '""' : scalar(d, "date")}`, at(SHEET_ACCIDENTS, 1, r));
      fields.forEach((f, k) => {
        const v = value(row.getCell(2 + k).value);
        if (v !== undefined) out.line(`    ${f}: ${scalar(v, "number")}`, at(SHEET_ACCIDENTS, 2 + k, r));
      });
      const note = text(value(row.getCell(6).value));
      if (note !== undefined) out.line(`    note: ${yamlString(note)}`, at(SHEET_ACCIDENTS, 6, r));
      const od = value(row.getCell(7).value);
      if (od !== undefined) out.line(`    occupational_disease: ${scalar(od, "number")}`, at(SHEET_ACCIDENTS, 7, r));
      const kind = text(value(row.getCell(8).value));
      if (kind !== undefined) out.line(`    kind: ${yamlString(kind)}`, at(SHEET_ACCIDENTS, 8, r));
      const contractor = value(row.getCell(9).value);
      if (contractor !== undefined) out.line(`    contractor: ${scalar(contractor, "boolean")}`, at(SHEET_ACCIDENTS, 9, r));
    }
  }

  out.line("findings:", at(SHEET_SCORE, L.col.status, L.first));
  for (let r = L.first; r <= score.rowCount; r++) {
    const row = score.getRow(r);
    const item = text(value(row.getCell(L.col.item).value));
    if (item === undefined) continue;
    const ids = (text(value(row.getCell(L.col.ids).value)) ?? "").split("|").filter(Boolean);
    out.line(`  - item: ${yamlString(item)}`, at(SHEET_SCORE, L.col.item, r));
    const status = text(value(row.getCell(L.col.status).value));
    const sCode = status === undefined ? undefined : (STATUS_BY_WORD[status] ?? status);
    if (sCode !== undefined) out.line(`    status: ${yamlString(sCode)}`, at(SHEET_SCORE, L.col.status, r));
    const deds: [string, string, number][] = [];
    ids.forEach((id, k) => {
      const v = value(row.getCell(L.count(k)).value);
      if (v === undefined || v === 0 || v === "0") return;
      deds.push([id, scalar(v, "number"), L.count(k)]);
    });
    if (deds.length) {
      out.line("    deductions:", at(SHEET_SCORE, deds[0]![2], r));
      for (const [id, count, c] of deds) {
        out.line(`      - id: ${yamlString(id)}`, at(SHEET_SCORE, c, r));
        out.line(`        count: ${count}`, at(SHEET_SCORE, c, r));
      }
    }
    const note = text(value(row.getCell(L.col.note).value));
    if (note !== undefined) out.line(`    ${sCode === "na" ? "reason" : "note"}: ${yamlString(note)}`, at(SHEET_SCORE, L.col.note, r));
    const evidence = (text(value(row.getCell(L.col.evidence).value)) ?? "")
      .split(/\r?\n|[;；]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (evidence.length) out.line(`    evidence: [${evidence.map(yamlString).join(", ")}]`, at(SHEET_SCORE, L.col.evidence, r));
    const due = value(row.getCell(L.col.rectify).value);
    if (due !== undefined) out.line(`    rectify_by: ${scalar(due, "date")}`, at(SHEET_SCORE, L.col.rectify, r));
  }
  return { yaml: out.lines.join("\n") + "\n", cells: out.cells };
}
