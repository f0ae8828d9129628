// 汇总.xlsx read back with ExcelJS: print setup, panes, filters, widths and typed cells of
// every sheet, the split at the row limit; and the cell rules of .xlsx registers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { stdz } from "../helpers/run.js";
import { ROOT } from "../helpers/paths.js";
import { displayWidth, typedCell, writeWorkbook } from "../../src/render/formats/xlsx.js";
import { cellText, chooseSheet } from "../../src/io/register-xlsx.js";
import { excelSerialDay, formatYmd } from "../../src/core/lib/dates.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-xlsx-out-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const SHEETS = ["达标情况表", "达标率", "达标趋势", "达标名单", "动态管理", "拒收记录"];

describe("汇总.xlsx read back", () => {
  const wb = new ExcelJS.Workbook();
  beforeAll(async () => {
    const out = join(TMP, "out");
    const r = stdz([
      "batch",
      join(ROOT, "examples", "registers", "quanzhou-300.csv"),
      "--as-of",
      "2024-06-30",
      "--targets",
      join(ROOT, "examples", "targets", "fujian-2014.yaml"),
      "-o",
      out,
      "--no-html",
    ]);
    expect(r.code).toBe(0);
    await wb.xlsx.readFile(join(out, "汇总.xlsx"));
  }, 60_000);

  it("has the six sheets in order (达标趋势 with --targets)", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
  });

  it("prints every sheet on A4, one page wide, title and header rows on every page, landscape when wide", () => {
    const heads: Record<string, number> = { 达标情况表: 4, 达标率: 3, 达标趋势: 3, 达标名单: 2, 动态管理: 2, 拒收记录: 2 };
    for (const ws of wb.worksheets) {
      const p = ws.pageSetup;
      expect(p.paperSize, ws.name).toBe(9);
      expect(p.fitToPage, ws.name).toBe(true);
      expect(p.fitToWidth, ws.name).toBe(1);
      expect(p.fitToHeight, ws.name).toBe(0);
      expect(p.printTitlesRow, ws.name).toBe(`1:${heads[ws.name]}`);
      const total = ws.columns.reduce((a, c) => a + (c.width ?? 0), 0);
      expect(p.orientation, ws.name).toBe(total > 95 ? "landscape" : "portrait");
    }
    // The 17-column 达标情况表 is wide: landscape, its title merged across all 17 columns.
    const t = wb.getWorksheet("达标情况表")!;
    expect(t.pageSetup.orientation).toBe("landscape");
    expect(t.getCell("A1").value).toBe("生产经营单位安全生产标准化达标情况表");
    expect(t.getCell("Q1").isMerged).toBe(true);
    expect(t.getCell("Q1").master.address).toBe("A1");
  });

  it("freezes the header (state frozen with ySplit) and filters on it", () => {
    const heads: Record<string, [number, string]> = {
      达标情况表: [4, "A4:Q4"],
      // Title, the denominator rule, then the header.
      达标率: [3, "A3:N3"],
      达标趋势: [3, "A3:L3"],
      // 统计日期 first, then the columns of the list.
      达标名单: [2, "A2:L2"],
      动态管理: [2, "A2:Q2"],
    };
    for (const ws of wb.worksheets) {
      const v = ws.views[0]!;
      expect(v.state, ws.name).toBe("frozen");
      const [rows, filter] = heads[ws.name] ?? [2, ""];
      expect(v.state === "frozen" ? v.ySplit : -1, ws.name).toBe(rows);
      if (filter) expect(ws.autoFilter, ws.name).toBe(filter);
      else expect(String(ws.autoFilter), ws.name).toMatch(/^A2:[A-Z]+2$/);
    }
  });

  it("sizes columns from their content, CJK counted double, capped", () => {
    const list = wb.getWorksheet("达标名单")!;
    const width = (c: number) => list.getColumn(c).width ?? 0;
    // 单位名称 (long Chinese names) is wider than 达标等级 (二级) and than 统一社会信用代码 (18 ASCII).
    expect(width(5)).toBeGreaterThan(width(7));
    expect(width(5)).toBeGreaterThan(width(6));
    expect(width(6)).toBe(20);
    for (const ws of wb.worksheets) for (const c of ws.columns) expect(c.width ?? 0).toBeLessThanOrEqual(48);
  });

  it("draws thin borders round data cells", () => {
    const c = wb.getWorksheet("达标名单")!.getCell("D3");
    expect(c.border?.top?.style).toBe("thin");
    expect(c.border?.right?.style).toBe("thin");
  });

  it("stores dates as dates, counts and scores as numbers, rates as percentages, text as text", () => {
    const list = wb.getWorksheet("达标名单")!;
    expect(list.getCell("A2").value).toBe("统计日期");
    expect(list.getCell("A3").value).toEqual(new Date(Date.UTC(2024, 5, 30)));
    expect(list.getCell("B2").value).toBe("所属区县");
    const issued = list.getCell("I3");
    expect(issued.value).toBeInstanceOf(Date);
    expect(issued.numFmt).toBe("yyyy-mm-dd");
    expect(typeof list.getCell("F3").value).toBe("string"); // the credit code stays text

    const situation = wb.getWorksheet("达标情况表")!;
    expect(situation.getCell("A5").value).toBe("合计");
    expect(typeof situation.getCell("Q5").value).toBe("number");

    const rates = wb.getWorksheet("达标率")!;
    expect(String(rates.getCell("A2").value)).toMatch(/^应达标企业数口径：/);
    const rate = rates.getCell("F4");
    expect(typeof rate.value).toBe("number");
    expect(rate.numFmt).toBe("0.0%");
    expect(rates.getCell("G4").value).toBeInstanceOf(Date); // 当前目标日期
    const target = rates.getCell("H4");
    expect(typeof target.value).toBe("number");
    expect(target.numFmt).toBe("0.0##%");
    expect(typeof rates.getCell("C4").value).toBe("number");
    expect(typeof rates.getCell("D4").value).toBe("number"); // 其中拒收行

    const dyn = wb.getWorksheet("动态管理")!;
    expect(dyn.getCell("B2").value).toBe("问题");
    expect(dyn.getCell("K3").value).toBeInstanceOf(Date); // 发证日期
    expect(typeof dyn.getCell("Q3").value).toBe("number"); // 台账行号
    const score = dyn.getCell("N3");
    if (score.value !== null) expect(typeof score.value).toBe("number");

    const rejects = wb.getWorksheet("拒收记录")!;
    expect(rejects.getCell("B2").value).toBe("行号");
    expect(rejects.getCell("A3").value).toBeInstanceOf(Date);
    expect(typeof rejects.getCell("B3").value).toBe("number");
    expect(typeof rejects.getCell("C3").value).toBe("number");
  });
});

describe("writeWorkbook", () => {
  it("continues a sheet past the row limit on 'name (2)', saying so in its title", async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    const rows = Array.from({ length: 7 }, (_, i) => [`企业${i + 1}`, i + 1]);
    const splits = await writeWorkbook(sink, [{ name: "达标名单", titles: ["达标名单"], head: [["单位名称", "序号"]], types: ["text", "integer"], rows }], {
      maxRows: 5,
    });
    expect(splits).toEqual([{ name: "达标名单", parts: ["达标名单", "达标名单 (2)", "达标名单 (3)"], rows: 7 }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["达标名单", "达标名单 (2)", "达标名单 (3)"]);
    const second = wb.getWorksheet("达标名单 (2)")!;
    expect(String(second.getCell("A1").value)).toMatch(/^达标名单（续 2：超过 Excel 单表 1,048,576 行上限/);
    expect(second.getCell("A2").value).toBe("单位名称");
    expect(second.getCell("A3").value).toBe("企业4");
    expect(second.getCell("B3").value).toBe(4);
    expect(second.pageSetup.printTitlesRow).toBe("1:2");
  });

  it("types cells by column and leaves text that does not fit as text", () => {
    expect(typedCell("2024-06-30", "date")).toEqual(new Date(Date.UTC(2024, 5, 30)));
    expect(typedCell("2024/6/30", "date")).toBe("2024/6/30");
    expect(typedCell("87.5", "number")).toBe(87.5);
    expect(typedCell("65", "percent100")).toBe(0.65);
    expect(typedCell("=1+1", "number")).toBe("=1+1");
    expect(typedCell("9135050200000101X5", "text")).toBe("9135050200000101X5");
    expect(typedCell("", "integer")).toBeNull();
    expect(displayWidth("泉州abc")).toBe(7);
  });
});

describe(".xlsx register cells", () => {
  const iso = (serial: number, d1904 = false) => {
    const d = excelSerialDay(serial, d1904);
    return d ? formatYmd(d) : undefined;
  };
  it("counts date serials past Excel's phantom 1900-02-29", () => {
    expect(iso(1)).toBe("1900-01-01");
    expect(iso(59)).toBe("1900-02-28");
    expect(iso(60)).toBeUndefined();
    expect(iso(61)).toBe("1900-03-01");
    expect(iso(45473)).toBe("2024-06-30");
    expect(iso(45473.75)).toBe("2024-06-30");
    expect(iso(44011, true)).toBe("2024-06-30");
  });
  it("turns cell values into the text a CSV export holds", () => {
    expect(cellText(913505020000031000, "code", false)).toBe("9.13505E+17");
    expect(cellText(9.1e17, "code", false)).toBe("9.1E+17");
    expect(cellText(12345, "code", false)).toBe("12345");
    expect(cellText(45473, "date", false)).toBe("2024-06-30");
    expect(cellText(44011, "date", true)).toBe("2024-06-30");
    expect(cellText(20240630, "date", false)).toBe("20240630");
    expect(cellText(0.1 + 0.2, undefined, false)).toBe("0.3");
    expect(cellText(new Date(Date.UTC(2024, 5, 30)), undefined, false)).toBe("2024-06-30");
    expect(cellText(new Date(Date.UTC(1900, 1, 27)), "date", false)).toBe("1900-02-28"); // ExcelJS's serial 59
    expect(cellText(true, undefined, false)).toBe("TRUE");
    expect(cellText({ formula: "A1*2", result: 88.5 }, undefined, false)).toBe("88.5");
    expect(cellText({ richText: [{ text: "泉州" }, { text: "机械" }] }, undefined, false)).toBe("泉州机械");
    expect(cellText({ error: "#N/A" }, undefined, false)).toBe("#N/A");
  });
  it("chooses the first visible sheet, or one by name or position", () => {
    const sheets = [{ name: "说明", state: "hidden" }, { name: "台账" }, { name: "2" }];
    expect(chooseSheet(sheets, undefined)).toBe("台账");
    expect(chooseSheet(sheets, "1")).toBe("说明");
    expect(chooseSheet(sheets, "2")).toBe("2"); // a sheet named "2" wins over the second sheet
    expect(chooseSheet(sheets, "台账")).toBe("台账");
    expect(chooseSheet(sheets, "汇总")).toBeUndefined();
  });
});
