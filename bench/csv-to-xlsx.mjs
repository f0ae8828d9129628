// Save a generated CSV register as the .xlsx a department would keep: one sheet with a merged
// title row above the header, dates as date cells, scores and headcounts as numbers, codes as
// text. Streamed (ExcelJS WorkbookWriter), so a million rows fit. Usage: csv-to-xlsx.mjs in.csv out.xlsx
import { createRequire } from "node:module";
import { csvFileRecords } from "../dist/io/csv-reader.js";

const ExcelJS = createRequire(import.meta.url)("exceljs");
const [, , input, output] = process.argv;
const DATES = new Set(["发证日期", "有效期至", "最近自评日期"]);
const NUMBERS = new Set(["评审得分", "抽查得分", "从业人员数量"]);

const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useStyles: true, useSharedStrings: true });
const ws = wb.addWorksheet("台账");
let header;
let kinds;
for await (const fields of csvFileRecords(input)) {
  if (!header) {
    header = fields;
    kinds = header.map((h) => (DATES.has(h) ? "date" : NUMBERS.has(h) ? "number" : ""));
    const title = ws.addRow(["附件3 生产经营单位安全生产标准化达标情况台账"]);
    ws.mergeCells(1, 1, 1, header.length);
    title.commit();
    ws.addRow(header).commit();
    continue;
  }
  const row = ws.addRow(
    fields.map((v, i) => {
      if (v === "") return null;
      if (kinds[i] === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
      if (kinds[i] === "number" && /^\d+(\.\d+)?$/.test(v)) return Number(v);
      return v;
    }),
  );
  fields.forEach((v, i) => {
    if (kinds[i] === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v)) row.getCell(i + 1).numFmt = "yyyy-mm-dd";
  });
  row.commit();
}
ws.commit();
await wb.commit();
