// 自评表.xlsx out and back in: `stdz init bundle --format xlsx` writes the workbook, it is filled
// in (here by ExcelJS, with each conformance bundle's answers) and saved by LibreOffice headless,
// which also recalculates its formulas; `stdz score` then reads the workbook LibreOffice wrote.
// Each must score exactly like the equivalent bundle.yaml, and the workbook's own running total
// (recalculated by LibreOffice) must equal stdz's score.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type ExcelJSNS from "exceljs";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCIDENT_COLUMNS,
  EXTRA_KEY_COLUMN,
  INFO_FIELDS,
  KIND_WORDS,
  SHEET_ACCIDENTS,
  SHEET_ELEMENTS,
  SHEET_INFO,
  SHEET_PREREQUISITES,
  SHEET_SCORE,
  STATUS_WORDS,
  infoRow,
  scoreLayout,
} from "../../src/render/score/self-assessment-xlsx.js";
import { ROOT } from "../helpers/paths.js";
import { officeConvert, REQUIRE_LIBREOFFICE, SOFFICE } from "../helpers/office.js";
import { stdz } from "../helpers/run.js";

const ExcelJS = createRequire(import.meta.url)("exceljs") as typeof ExcelJSNS;
const CONF = join(ROOT, "test", "conformance");
const TMP = mkdtempSync(join(tmpdir(), "stdz-xlsx-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const soffice = SOFFICE;
const required = REQUIRE_LIBREOFFICE;

interface RawBundle {
  standard: string;
  enterprise: Record<string, unknown> & { profile?: Record<string, unknown> };
  assessment: { kind: keyof typeof KIND_WORDS; date: string; assessors?: string[]; organisation?: string; applied_level?: string };
  prerequisites?: { id: string; met: boolean; note?: string }[];
  accidents?: Record<string, unknown>[];
  findings: {
    item: string;
    status: keyof typeof STATUS_WORDS;
    deductions?: { id: string; count?: number }[];
    reason?: string;
    note?: string;
    rectify_by?: string;
  }[];
}

/** Fill the workbook as a person would, from a bundle.yaml's answers. */
async function fill(xlsx: string, b: RawBundle): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const info = wb.getWorksheet(SHEET_INFO)!;
  const yesNo = (v: unknown) => (v === true ? "是" : v === false ? "否" : v);
  for (const [key] of INFO_FIELDS) {
    const cell = info.getCell(`B${infoRow(key)}`);
    if (key in b.enterprise) cell.value = yesNo(b.enterprise[key]) as ExcelJSNS.CellValue;
  }
  // Extra rows: declared profile facts and the level applied for, keyed in hidden column C.
  for (let r = infoRow("assessors") + 1; r <= info.rowCount; r++) {
    const key = String(info.getCell(r, EXTRA_KEY_COLUMN).value ?? "");
    if (key.startsWith("profile:") && b.enterprise.profile && key.slice(8) in b.enterprise.profile)
      info.getCell(`B${r}`).value = yesNo(b.enterprise.profile[key.slice(8)]) as ExcelJSNS.CellValue;
    if (key === "applied_level" && b.assessment.applied_level) info.getCell(`B${r}`).value = b.assessment.applied_level;
  }
  const pre = wb.getWorksheet(SHEET_PREREQUISITES);
  for (const p of b.prerequisites ?? []) {
    let row: ExcelJSNS.Row | undefined;
    pre?.eachRow((x) => {
      if (String(x.getCell(1).value) === String(p.id)) row = x;
    });
    row!.getCell(4).value = p.met ? "是" : "否";
    if (p.note) row!.getCell(5).value = p.note;
  }
  info.getCell(`B${infoRow("kind")}`).value = KIND_WORDS[b.assessment.kind];
  info.getCell(`B${infoRow("date")}`).value = b.assessment.date;
  info.getCell(`B${infoRow("assessors")}`).value = (b.assessment.assessors ?? []).join("、");
  const acc = wb.getWorksheet(SHEET_ACCIDENTS)!;
  (b.accidents ?? []).forEach((a, k) => {
    const row = acc.getRow(2 + k);
    row.getCell(1).value = String(a.date);
    ACCIDENT_COLUMNS.forEach((f, j) => {
      const v = a[f];
      if (j === 0 || v === undefined) return;
      row.getCell(j + 1).value = typeof v === "boolean" ? (v ? "是" : "否") : typeof v === "number" ? v : String(v);
    });
  });
  const ws = wb.getWorksheet(SHEET_SCORE)!;
  const L = scoreLayout(Number(wb.getWorksheet("stdz")!.getCell("A5").value));
  const rowOf = new Map<string, number>();
  for (let r = L.first; r <= ws.rowCount; r++) rowOf.set(String(ws.getRow(r).getCell(L.col.item).value), r);
  for (const f of b.findings) {
    const r = rowOf.get(f.item)!;
    const row = ws.getRow(r);
    row.getCell(L.col.status).value = STATUS_WORDS[f.status];
    const ids = String(row.getCell(L.col.ids).value ?? "").split("|");
    for (const d of f.deductions ?? []) row.getCell(L.count(ids.indexOf(d.id))).value = d.count ?? 1;
    // The workbook has one 说明 per content: deduction notes join it.
    const notes = [f.reason ?? f.note, ...(f.deductions ?? []).map((d) => (d as { note?: string }).note)].filter((x): x is string => !!x);
    if (notes.length) row.getCell(L.col.note).value = notes.join("；");
    if (f.rectify_by) row.getCell(L.col.rectify).value = f.rectify_by;
  }
  await wb.xlsx.writeFile(xlsx);
}

/** Save workbooks through LibreOffice (recalculating every formula), in one run: its start-up is the slow part. */
function libreOfficeSave(files: string[], outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const r = officeConvert(files, "xlsx:Calc MS Excel 2007 XML", outDir, TMP, 300_000);
  for (const f of files) if (!existsSync(join(outDir, basename(f)))) throw new Error(`LibreOffice did not convert ${f}: ${r.stderr} ${r.stdout}`);
}

async function runningTotal(xlsx: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const v = wb.getWorksheet(SHEET_ELEMENTS)!.getCell("B2").value;
  return v && typeof v === "object" && "result" in v ? v.result : v;
}

// Every conformance bundle: c1–c11 (the base rules) and x1–x8 (the format extensions).
const bundles = readdirSync(join(CONF, "bundles"))
  .filter((d) => /^[cx]\d+/.test(d))
  .sort();

const LO_IN = join(TMP, "lo-in");
const LO_OUT = join(TMP, "lo-out");

describe.skipIf(!soffice && !required)("自评表.xlsx round trip through LibreOffice (every conformance bundle)", () => {
  beforeAll(async () => {
    if (!soffice) throw new Error("LibreOffice not found: apt-get install libreoffice-calc-nogui (.ci/run does)");
    mkdirSync(LO_IN, { recursive: true });
    for (const name of bundles) {
      const src = join(CONF, "bundles", name);
      const raw = parse(readFileSync(join(src, "bundle.yaml"), "utf8")) as RawBundle;
      const dir = join(TMP, name);
      const init = stdz(["init", "bundle", dir, "--standard", resolve(src, raw.standard), "--format", "xlsx"]);
      if (init.code !== 0) throw new Error(init.stderr);
      await fill(join(dir, "自评表.xlsx"), raw);
      copyFileSync(join(dir, "自评表.xlsx"), join(LO_IN, `${name}.xlsx`));
    }
    libreOfficeSave(
      bundles.map((n) => join(LO_IN, `${n}.xlsx`)),
      LO_OUT,
    );
    for (const name of bundles) copyFileSync(join(LO_OUT, `${name}.xlsx`), join(TMP, name, "自评表.xlsx"));
  }, 600_000);

  it.each(bundles)(
    "%s",
    async (name) => {
      const src = join(CONF, "bundles", name);
      const raw = parse(readFileSync(join(src, "bundle.yaml"), "utf8")) as RawBundle;
      const expected = JSON.parse(readFileSync(join(src, "expected.json"), "utf8")) as { score: number; grade: string };
      const dir = join(TMP, name);
      const standard = resolve(src, raw.standard);
      const saved = join(LO_OUT, `${name}.xlsx`);

      const fromXlsx = stdz(["score", dir, "--format", "json"]);
      expect(fromXlsx.stderr).toBe("");
      expect(fromXlsx.code).toBe(0);
      const a = JSON.parse(fromXlsx.stdout);
      // The same answers as bundle.yaml, beside the same standard.
      const yamlDir = join(TMP, `${name}-yaml`);
      mkdirSync(yamlDir, { recursive: true });
      writeFileSync(
        join(yamlDir, "bundle.yaml"),
        readFileSync(join(src, "bundle.yaml"), "utf8").replace(/^standard: .*$/m, `standard: ${JSON.stringify(standard)}`),
      );
      const b = JSON.parse(stdz(["score", yamlDir, "--format", "json"]).stdout);
      expect(a.score).toBe(expected.score);
      expect(a.grade).toBe(expected.grade);
      expect(a.score).toBe(b.score);
      expect(a.grade).toBe(b.grade);
      expect(a.elements).toEqual(b.elements);
      // Notes are the one thing a workbook words differently (one 说明 per content); everything scored is equal.
      const scored = (xs: Record<string, unknown>[]) => JSON.parse(JSON.stringify(xs, (k, v) => (k === "note" ? undefined : v)));
      expect(scored(a.items)).toEqual(scored(b.items));
      expect(scored(a.nonconformities)).toEqual(scored(b.nonconformities));
      expect(a.grade_reasons).toEqual(b.grade_reasons);
      // The workbook's own running total, as LibreOffice computed it. The x cases use rules the
      // formulas do not model (zeroes, shared caps, aggregates, the total cut): the workbook says
      // so, and its total is a guide there.
      if (name.startsWith("c")) expect(await runningTotal(saved)).toBe(expected.score);
    },
    180_000,
  );
});

describe("自评表.xlsx read back", () => {
  it("names the cell of each problem (自评表.xlsx!评分表!H12) and scores nothing until filled", async () => {
    const dir = join(TMP, "blank");
    expect(stdz(["init", "bundle", dir, "--standard", join(CONF, "standards", "cf-basic.yaml"), "--format", "xlsx"]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "自评表.xlsx"));
    wb.getWorksheet(SHEET_INFO)!.getCell(`B${infoRow("name")}`).value = "示例有限公司";
    const ws = wb.getWorksheet(SHEET_SCORE)!;
    const L = scoreLayout(Number(wb.getWorksheet("stdz")!.getCell("A5").value));
    ws.getRow(L.first).getCell(L.col.status).value = "合格"; // not in the list
    await wb.xlsx.writeFile(join(dir, "自评表.xlsx"));
    const r = stdz(["score", dir]);
    expect(r.code).toBe(1);
    const first = `${L.first}`;
    expect(r.stderr).toContain(`自评表.xlsx!评分表!H${first}: error BUN001`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a folder with both bundle.yaml and 自评表.xlsx is refused as ambiguous", () => {
    const dir = join(TMP, "both");
    expect(stdz(["init", "bundle", dir, "--standard", join(CONF, "standards", "cf-basic.yaml"), "--format", "xlsx"]).code).toBe(0);
    writeFileSync(join(dir, "bundle.yaml"), "stdz: 1\n");
    const r = stdz(["score", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BUN082");
  });

  it("a workbook that is not a stdz 自评表 is named as such, and a damaged one is a coded error", async () => {
    const dir = join(TMP, "foreign");
    mkdirSync(dir, { recursive: true });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "单位名称";
    await wb.xlsx.writeFile(join(dir, "自评表.xlsx"));
    let r = stdz(["score", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BUN081");
    writeFileSync(join(dir, "自评表.xlsx"), "not a zip");
    r = stdz(["score", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BUN080");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("the structure is locked and the answer cells are not; statuses come from a list", async () => {
    const dir = join(TMP, "locked");
    expect(stdz(["init", "bundle", dir, "--standard", join(CONF, "standards", "cf-basic.yaml"), "--format", "xlsx"]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "自评表.xlsx"));
    const ws = wb.getWorksheet(SHEET_SCORE)!;
    const L = scoreLayout(Number(wb.getWorksheet("stdz")!.getCell("A5").value));
    const row = ws.getRow(L.first);
    expect(row.getCell(L.col.item).protection?.locked).not.toBe(false);
    expect(row.getCell(L.col.points).protection?.locked).not.toBe(false);
    expect(row.getCell(L.col.status).protection?.locked).toBe(false);
    expect(row.getCell(L.col.status).dataValidation?.formulae).toEqual(['"符合,不符合,不适用"']);
    const earned = row.getCell(L.col.earned).value as { formula?: string };
    expect(earned.formula).toMatch(/^IF\(/);
    expect(wb.getWorksheet("stdz")!.state).toBe("veryHidden");
  });
});
