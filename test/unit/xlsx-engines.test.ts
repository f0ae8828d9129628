// The hand-written XLSX engine (xlsx-package.ts) against the plain way, ExcelJS's writer: the
// same sheets written by both and read back with ExcelJS must agree cell by cell (value, type,
// number format, font, fill, border, alignment) and in every sheet setting (merges, frozen
// panes, filters, print setup, print titles, widths, row heights, footer).
import { randomBytes } from "node:crypto";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { writeWorkbook, type SheetSpec, type XlsxEngineName } from "../../src/render/formats/xlsx.js";
import { xmlText } from "../../src/render/formats/xlsx-package.js";

async function written(engine: XlsxEngineName, sheets: SheetSpec[], maxRows?: number): Promise<{ buffer: Buffer; splits: unknown }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const splits = await writeWorkbook(sink, sheets, { engine, title: "测试", ...(maxRows ? { maxRows } : {}) });
  return { buffer: Buffer.concat(chunks), splits };
}

/** Everything a reader of the workbook sees, as plain data. */
async function model(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        cells.push({
          at: `${r}:${c}`,
          value: v instanceof Date ? { date: v.toISOString() } : v,
          type: cell.type,
          numFmt: cell.numFmt ?? null,
          bold: cell.font?.bold ?? false,
          size: cell.font?.size ?? 11, // ExcelJS leaves the default size out of a bold font
          fill: cell.fill && "fgColor" in cell.fill ? (cell.fill.fgColor?.argb ?? null) : null,
          border: [cell.border?.top?.style, cell.border?.left?.style, cell.border?.bottom?.style, cell.border?.right?.style],
          borderColor: cell.border?.top?.color?.argb ?? null,
          align: [cell.alignment?.horizontal ?? null, cell.alignment?.vertical ?? null, cell.alignment?.wrapText ?? null],
        });
      });
    });
    const p = ws.pageSetup;
    return {
      name: ws.name,
      cells,
      heights: Array.from({ length: ws.rowCount }, (_, i) => ws.getRow(i + 1).height ?? null),
      // ExcelJS leaves out a column of width 9 (its default); ours states every width.
      widths: ws.columns.map((c) => c.width ?? 9),
      merges: [...(ws.model.merges ?? [])].sort(),
      // Ours also states the plain view of a sheet without frozen rows (ExcelJS writes none).
      views: (ws.views ?? [])
        .filter((v) => v.state !== "normal")
        .map((v) => ({ state: v.state, ySplit: v.state === "frozen" ? v.ySplit : undefined, topLeftCell: v.state === "frozen" ? v.topLeftCell : undefined })),
      autoFilter: ws.autoFilter ?? null,
      page: {
        paperSize: p.paperSize,
        orientation: p.orientation,
        fitToPage: p.fitToPage,
        fitToWidth: p.fitToWidth,
        fitToHeight: p.fitToHeight,
        printTitlesRow: p.printTitlesRow ?? null,
        margins: p.margins,
      },
      footer: ws.headerFooter.oddFooter,
    };
  });
}

const TRICKY = [
  "泉州盛辉五金有限责任公司",
  "A&B <公司> \"甲\" '乙'",
  "  前后空格  ",
  "第一行\n第二行",
  "=SUM(A1:A2)",
  "控制\u0001字符\u0007与\u007f删除",
  "emoji 🏭 与 𠀀",
  "孤立\ud800代理",
  "_x0041_ 字面",
  "9135050200000101X5",
];

function sheets(): SheetSpec[] {
  return [
    {
      name: "达标情况表",
      titles: ["生产经营单位安全生产标准化达标情况表", "（截至 2024年6月30日，累计完成数量，家）"],
      head: [
        ["区县", "规模以上企业", "", "", "总计"],
        ["", "一级", "二级", "三级", ""],
      ],
      merges: ["A1:A2", "B1:D1", "E1:E2"],
      types: ["text", "integer", "integer", "integer", "integer"],
      rows: [
        ["安溪县", "1", "2", "3", "6"],
        ["合计", 1, 2, 3, 6],
      ],
    },
    {
      name: "达标率",
      titles: ["达标率（截至 2024年6月30日）", "应达标企业数口径：全部（含拒收行）"],
      head: [["区县", "应达标企业数", "达标率", "目标", "日期", "得分", "备注"]],
      types: ["text", "integer", "percent", "percent100", "date", "number", "text"],
      rows: [
        ["泉州市", 300, 0.41, "65", "2024-06-30", "87.5", null],
        ["安溪县", "12", "0.5", "abc", "2024/6/30", "-3.25", ""],
        ["永春县", undefined, "", "100", "1999-12-31", "1e5", "备注"],
      ],
    },
    {
      name: "达标名单",
      titles: ["达标名单（截至 2024年6月30日）"],
      head: [["统计日期", "单位名称", "统一社会信用代码", "发证日期", "序号"]],
      types: ["date", "text", "text", "date", "integer"],
      rows: (async function* () {
        for (let i = 0; i < 40; i++)
          yield ["2024-06-30", TRICKY[i % TRICKY.length]!, "91350502MA2XXXXX" + String(i).padStart(2, "0"), `2023-0${(i % 9) + 1}-15`, String(i + 1)];
      })(),
    },
    {
      name: "拒收记录",
      titles: ["拒收记录（截至 2024年6月30日）"],
      head: [],
      headerFromRows: true,
      types: ["date", "integer", "integer"],
      rows: [["统计日期", "行号", "物理行", "问题"], ...TRICKY.map((t, i) => ["2024-06-30", String(i + 2), String(i + 3), t])],
    },
    {
      name: "说明: 无表头/[x]?",
      head: [],
      rows: [
        ["只有数据", 1],
        ["第二行", 2],
      ],
    },
  ];
}

describe("the hand-written XLSX engine agrees with ExcelJS's writer", () => {
  it("in every cell and sheet setting", async () => {
    const ours = await model((await written("stdz", sheets())).buffer);
    const theirs = await model((await written("exceljs", sheets())).buffer);
    expect(ours.map((s) => s.name)).toEqual(["达标情况表", "达标率", "达标名单", "拒收记录", "说明_ 无表头__x__"]);
    expect(ours).toEqual(theirs);
  });

  it("when a sheet is split at the row limit", async () => {
    const a = await written("stdz", sheets(), 9);
    const b = await written("exceljs", sheets(), 9);
    expect(a.splits).toEqual(b.splits);
    expect(a.splits).toEqual([
      { name: "达标名单", parts: ["达标名单", "达标名单 (2)", "达标名单 (3)", "达标名单 (4)", "达标名单 (5)", "达标名单 (6)"], rows: 40 },
      { name: "拒收记录", parts: ["拒收记录", "拒收记录 (2)"], rows: 10 },
    ]);
    expect(await model(a.buffer)).toEqual(await model(b.buffer));
  });

  it("centres printed pages horizontally and names the print titles in the workbook", async () => {
    const zip = await JSZip.loadAsync((await written("stdz", sheets())).buffer);
    const sheet = await zip.file("xl/worksheets/sheet3.xml")!.async("string");
    expect(sheet).toContain('<printOptions horizontalCentered="1"/>');
    expect(sheet).toContain('<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"/>');
    const wb = await zip.file("xl/workbook.xml")!.async("string");
    expect(wb).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="2">&apos;达标名单&apos;!$1:$2</definedName>');
    expect(wb).not.toContain('localSheetId="4"'); // the sheet without head rows has no print titles
  });

  it("escapes markup and drops what XML cannot hold", () => {
    expect(xmlText("A&B <c> \"d\" 'e'")).toBe("A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;");
    expect(xmlText("a\u0000b\u0008c\u000bd\u001fe\u007ff\ufffeg")).toBe("abcdefg");
    expect(xmlText("tab\tnew\nline\r")).toBe("tab\tnew\nline\r");
    // A lone surrogate becomes U+FFFD, as in the CSV files (and as ExcelJS's UTF-8 encoding makes it).
    expect(xmlText("🏭\ud800x\udc00")).toBe("🏭\ufffdx\ufffd");
    expect(xmlText("纯文本")).toBe("纯文本");
  });

  it("fails, rather than waits for ever, when the output fails (a full disk)", async () => {
    let taken = 0;
    const full = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        taken += chunk.length;
        cb(taken > 8192 ? Object.assign(new Error("no space left on device"), { code: "ENOSPC" }) : null);
      },
    });
    const many: SheetSpec = {
      name: "达标名单",
      head: [["单位名称", "序号"]],
      types: ["text", "integer"],
      rows: Array.from({ length: 50_000 }, (_, i) => [randomBytes(24).toString("hex"), i]),
    };
    await expect(writeWorkbook(full, [many], { engine: "stdz" })).rejects.toThrow(/no space left/);
  });
});
