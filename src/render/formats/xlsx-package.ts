// The hand-written XLSX engine: SpreadsheetML built as strings, zipped by archiver.
//
// A performance device, fenced here: ExcelJS builds an object per cell and per row, which made
// 汇总.xlsx of a 1,000,000-row register take most of batch's time and memory. This writes the
// same workbook (test/unit/xlsx-engines.test.ts reads both back and compares them) straight
// into the zip entry, waiting whenever the deflate stream is behind. `STDZ_XLSX_WRITER=exceljs`
// selects the ExcelJS engine instead (the bench compares the two).

import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type { Writable } from "node:stream";
import type Archiver from "archiver";
import type { ColumnType, SheetPlan, SheetSink, WorkbookEngine, WorkbookMeta, XCell } from "./xlsx-plan.js";
import { BORDER_ARGB, columnLetter, FOOTER, HEAD_FILL_ARGB, headRowsOf, NUM_FMT, PAGE_MARGINS, SUBTITLE_HEIGHT, TITLE_HEIGHT } from "./xlsx-plan.js";

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Sheet XML gathered before it is handed to the zip entry. */
const CHUNK_CHARS = 64 * 1024;

/** Characters XML 1.0 cannot hold (dropped, as ExcelJS does; a lone surrogate becomes U+FFFD as in UTF-8), and the five that need escaping. */
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function xmlText(s: string): string {
  XML_SPECIAL.lastIndex = 0;
  return XML_SPECIAL.test(s) ? s.replace(XML_SPECIAL, (c) => ENTITY[c] ?? (c.length === 1 && c >= "\ud800" && c <= "\udfff" ? "\ufffd" : "")) : s;
}

/** Cell styles (indexes into cellXfs). */
const XF = { plain: 0, title: 1, subtitle: 2, head: 3, text: 4 } as const;
/** Custom number formats, in cellXfs order after `text`. */
const FORMATS: ReadonlyArray<{ type: ColumnType; id: number }> = [
  { type: "integer", id: 1 },
  { type: "number", id: 164 },
  { type: "date", id: 165 },
  { type: "percent", id: 166 },
  { type: "percent100", id: 167 },
];

function dataStyle(type: ColumnType | undefined): number {
  const i = FORMATS.findIndex((f) => f.type === type);
  return i < 0 ? XF.text : XF.text + 1 + i;
}

function stylesXml(): string {
  const custom = FORMATS.filter((f) => f.id >= 164);
  const border = (side: string) => `<${side} style="thin"><color rgb="${BORDER_ARGB}"/></${side}>`;
  const wrapTop = '<alignment vertical="top" wrapText="1"/>';
  const centred = '<alignment horizontal="center" vertical="center" wrapText="1"/>';
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">${centred}</xf>`,
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">${centred}</xf>`,
    `<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">${centred}</xf>`,
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    ...FORMATS.map(
      (f) => `<xf numFmtId="${f.id}" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    ),
  ];
  return (
    XML_DECL +
    `<styleSheet xmlns="${NS_MAIN}">` +
    `<numFmts count="${custom.length}">${custom.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${xmlText(NUM_FMT[f.type]!)}"/>`).join("")}</numFmts>` +
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    `<fill><patternFill patternType="solid"><fgColor rgb="${HEAD_FILL_ARGB}"/><bgColor indexed="64"/></patternFill></fill></fills>` +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${border("left")}${border("right")}${border("top")}${border("bottom")}<diagonal/></border></borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/>' +
    "</styleSheet>"
  );
}

/** Days since Excel's 1900 epoch (as ExcelJS stores dates: the UTC instant). */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

/** Whitespace Excel would trim from the ends of a text without xml:space="preserve". */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3000 || code === 0xa0;
}

/** One cell's XML; `ref` is its A1 address. */
function cellXml(ref: string, v: XCell, style: number): string {
  if (v === null || v === undefined || v === "") return `<c r="${ref}" s="${style}"/>`;
  if (typeof v === "number") {
    return Number.isFinite(v) ? `<c r="${ref}" s="${style}"><v>${v}</v></c>` : `<c r="${ref}" s="${style}" t="inlineStr"><is><t>${v}</t></is></c>`;
  }
  if (v instanceof Date) {
    const n = serial(v);
    return Number.isFinite(n) ? `<c r="${ref}" s="${style}"><v>${n}</v></c>` : `<c r="${ref}" s="${style}"/>`;
  }
  const text = xmlText(v);
  const space = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function sheetHead(plan: SheetPlan, selected: boolean): string {
  const headRows = headRowsOf(plan);
  const first = headRows + 1;
  const tab = selected ? ' tabSelected="1"' : "";
  const view =
    headRows > 0
      ? `<sheetView${tab} workbookViewId="0"><pane ySplit="${headRows}" topLeftCell="A${first}" activePane="bottomLeft" state="frozen"/>` +
        `<selection pane="bottomLeft" activeCell="A${first}" sqref="A${first}"/></sheetView>`
      : `<sheetView${tab} workbookViewId="0"/>`;
  const cols = plan.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("");
  return (
    XML_DECL +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<sheetViews>${view}</sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    "<sheetData>"
  );
}

function sheetTail(plan: SheetPlan): string {
  const headRows = headRowsOf(plan);
  const last = columnLetter(plan.widths.length);
  const filter = plan.head.length > 0 ? `<autoFilter ref="A${headRows}:${last}${headRows}"/>` : "";
  const merges =
    plan.merges.length > 0 ? `<mergeCells count="${plan.merges.length}">${plan.merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>` : "";
  const m = PAGE_MARGINS;
  return (
    "</sheetData>" +
    filter +
    merges +
    '<printOptions horizontalCentered="1"/>' +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup paperSize="9" orientation="${plan.landscape ? "landscape" : "portrait"}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${xmlText(FOOTER)}</oddFooter></headerFooter>` +
    "</worksheet>"
  );
}

interface SheetEntry {
  name: string;
  headRows: number;
}

type ArchiverFn = typeof Archiver;

/** The engine: parts are appended to one archiver zip piped into `out`. */
export function packageEngine(out: NodeJS.WritableStream, meta: WorkbookMeta): WorkbookEngine {
  // archiver (CommonJS) is required at run time like ExcelJS: only XLSX output needs it.
  const archiver = createRequire(import.meta.url)("archiver") as ArchiverFn;
  // Level 1: at the default level deflate, not the XML, set the pace for a large register, and
  // the file is still about as small as ExcelJS's at its default.
  const zip = archiver("zip", { zlib: { level: 1 } });
  // The first error of the zip or the output ends the workbook; a row waiting for the zip to
  // drain is woken by it (a stopped zip never drains) and throws it.
  let failure: unknown;
  const stalled = new Set<() => void>();
  const fail = (e: unknown) => {
    failure ??= e;
    for (const wake of stalled) wake();
    stalled.clear();
  };
  const sink = out as Writable;
  zip.on("error", fail);
  zip.on("warning", fail);
  sink.on("error", fail);
  const done = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("close", resolve);
    sink.on("error", reject);
    zip.on("error", reject);
  });
  done.catch(() => undefined);
  zip.pipe(sink);
  const drained = (entry: PassThrough) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const wake = () => {
        stalled.delete(wake);
        entry.off("drain", wake);
        if (failure) reject(failure);
        else resolve();
      };
      stalled.add(wake);
      entry.once("drain", wake);
    });
  const sheets: SheetEntry[] = [];
  const date = new Date();

  return {
    async sheet(plan) {
      if (failure) throw failure;
      const index = sheets.length + 1;
      sheets.push({ name: plan.name, headRows: headRowsOf(plan) });
      const entry = new PassThrough({ highWaterMark: 1 << 18 });
      zip.append(entry, { name: `xl/worksheets/sheet${index}.xml`, date });
      return sheetSink(entry, plan, index === 1, drained);
    },
    async finish() {
      if (failure) throw failure;
      const parts: Array<[string, string]> = [
        ["[Content_Types].xml", contentTypes(sheets.length)],
        ["_rels/.rels", rootRels()],
        ["docProps/app.xml", appXml(sheets)],
        ["docProps/core.xml", coreXml(meta, date)],
        ["xl/workbook.xml", workbookXml(sheets)],
        ["xl/_rels/workbook.xml.rels", workbookRels(sheets.length)],
        ["xl/styles.xml", stylesXml()],
      ];
      for (const [name, text] of parts) zip.append(Buffer.from(text, "utf8"), { name, date });
      // A failed output stops the zip, whose finalize would then never settle.
      await Promise.race([zip.finalize(), done]);
      await done;
      if (failure) throw failure;
    },
  };
}

function sheetSink(entry: PassThrough, plan: SheetPlan, selected: boolean, drained: (entry: PassThrough) => Promise<void>): SheetSink {
  const width = plan.widths.length;
  const letters = Array.from({ length: width }, (_, c) => columnLetter(c + 1));
  const styles = Array.from({ length: width }, (_, c) => dataStyle(plan.types[c]));
  let buf = sheetHead(plan, selected);
  let r = 0;
  const send = (): Promise<void> | undefined => {
    const ok = entry.write(buf, "utf8");
    buf = "";
    return ok ? undefined : drained(entry);
  };
  // One row's XML; `styles` gives each column's cell style.
  const put = (cells: readonly XCell[], styles: readonly number[], height?: number) => {
    r++;
    let s = height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${height}" customHeight="1">`;
    for (let c = 0; c < width; c++) s += cellXml(letters[c]! + r, cells[c], styles[c]!);
    buf += s + "</row>";
  };
  const all = (style: number) => new Array<number>(width).fill(style);
  plan.titles.forEach((t, i) => put([t], all(i === 0 ? XF.title : XF.subtitle), i === 0 ? TITLE_HEIGHT : SUBTITLE_HEIGHT));
  for (const h of plan.head) put(h, all(XF.head));

  return {
    row(cells) {
      put(cells, styles);
      return buf.length >= CHUNK_CHARS ? send() : undefined;
    },
    async close() {
      buf += sheetTail(plan);
      const w = send();
      if (w) await w;
      entry.end();
    },
  };
}

function contentTypes(n: number): string {
  const sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
  const overrides = Array.from({ length: n }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheet}"/>`).join("");
  return (
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

function rootRels(): string {
  return (
    XML_DECL +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${NS_R}/extended-properties" Target="docProps/app.xml"/>` +
    "</Relationships>"
  );
}

function workbookRels(n: number): string {
  const sheets = Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 2}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  return (
    XML_DECL + `<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_R}/styles" Target="styles.xml"/>${sheets.join("")}</Relationships>`
  );
}

/** A sheet name inside a formula: quoted, quotes doubled. */
function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbookXml(sheets: readonly SheetEntry[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 2}"/>`).join("");
  const titles = sheets
    .map((s, i) =>
      s.headRows > 0 ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(quotedSheet(s.name))}!$1:$${s.headRows}</definedName>` : "",
    )
    .join("");
  return (
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list}</sheets>` +
    (titles ? `<definedNames>${titles}</definedNames>` : "") +
    '<calcPr calcId="171027"/></workbook>'
  );
}

function appXml(sheets: readonly SheetEntry[]): string {
  const names = sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join("");
  return (
    XML_DECL +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    "<Application>stdz</Application>" +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${names}</vt:vector></TitlesOfParts>` +
    "</Properties>"
  );
}

function coreXml(meta: WorkbookMeta, date: Date): string {
  const when = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    XML_DECL +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${xmlText(meta.creator)}</dc:creator><dc:title>${xmlText(meta.title)}</dc:title>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}
