// The Word and PDF reports, read back: the .docx holds real tables with repeated header rows,
// A4 pages, page numbers, the fonts Word on Windows has, a native chart and the result's
// figures; the format follows -o's extension and an unknown one writes nothing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/io/browser.js";
import { FIXTURES, ROOT } from "../helpers/paths.js";
import { officeConvert, SOFFICE } from "../helpers/office.js";
import { stdz } from "../helpers/run.js";
import { readPdf } from "./report-pdf.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-docx-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const RESULT = join(FIXTURES, "results", "review-weighted.json");
const result = JSON.parse(readFileSync(RESULT, "utf8")) as { enterprise: { name: string }; nonconformities: unknown[]; elements: { title: string }[] };

async function parts(file: string): Promise<{ doc: string; styles: string; footer: string; chart: string | undefined; files: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const read = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const files = Object.keys(zip.files);
  const footer = files.find((f) => /^word\/footer\d+\.xml$/.test(f));
  const chart = files.find((f) => /^word\/charts\/chart\d+\.xml$/.test(f));
  return {
    doc: await read("word/document.xml"),
    styles: await read("word/styles.xml"),
    footer: footer ? await read(footer) : "",
    chart: chart ? await read(chart) : undefined,
    files,
  };
}

/** Text of a run-split document, for finding phrases. */
const plain = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");

describe("stdz report -o x.docx", () => {
  it("writes an editable Word report: tables with repeated headers, A4, page numbers, CJK fonts, a native chart", async () => {
    const out = join(TMP, "报告.docx");
    const r = stdz(["report", RESULT, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const p = await parts(out);
    // A4 portrait in twentieths of a point.
    expect(p.doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // grade reasons, 表1, 表2, 表3 (不适用) or 表4 (evidence): every data table repeats its header row.
    const tables = p.doc.match(/<w:tbl>/g)?.length ?? 0;
    const headers = p.doc.match(/<w:tblHeader\/>/g)?.length ?? 0;
    expect(headers).toBeGreaterThanOrEqual(3);
    expect(tables).toBeGreaterThan(headers);
    // Page numbers: 第 X 页 共 Y 页 as Word fields.
    expect(p.footer).toMatch(/PAGE/);
    expect(p.footer).toMatch(/NUMPAGES/);
    expect(plain(p.footer)).toContain("页");
    // 宋体 body text and 黑体 headings, named for East Asian text.
    expect(p.styles).toMatch(/w:eastAsia="宋体"/);
    expect(p.styles).toMatch(/w:eastAsia="黑体"/);
    const text = plain(p.doc);
    expect(text).toContain(result.enterprise.name);
    expect(text).toContain("安全生产标准化评审报告");
    expect(text).toContain("55.0 / 100");
    expect(text).toContain("未达标");
    expect(text).toContain("表1");
    expect(text).toContain("表2");
    expect(text).toContain("泉州某某安全技术服务有限公司");
    // 图1 is a Word chart with one category per first-level element.
    expect(p.chart).toBeDefined();
    for (const e of result.elements) expect(p.chart).toContain(e.title);
    expect(p.files.some((f) => f.startsWith("word/embeddings/"))).toBe(true);
  });

  it("follows --lang en", async () => {
    const out = join(TMP, "report-en.docx");
    expect(stdz(["report", RESULT, "-o", out, "--lang", "en"]).code).toBe(0);
    const p = await parts(out);
    expect(plain(p.footer)).toMatch(/Page.*of/);
    expect(plain(p.doc)).toContain("Scores by element");
  });

  it("writes the 整改清单 form as a landscape Word table with columns to fill in", async () => {
    const out = join(TMP, "整改清单.docx");
    expect(stdz(["report", RESULT, "-t", "rectification", "-o", out]).code).toBe(0);
    const p = await parts(out);
    expect(p.doc).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    expect(p.doc.match(/<w:tblHeader\/>/g)?.length).toBe(1);
    const text = plain(p.doc);
    expect(text).toContain("整改责任人");
    expect(text).toContain(result.enterprise.name);
    // One row per nonconformity below the header.
    const rows = (p.doc.match(/<w:tr>|<w:tr /g) ?? []).length;
    expect(rows).toBe(1 + result.nonconformities.length);
  });

  it("stdz score --report x.docx writes the Word report beside the console output", async () => {
    const out = join(TMP, "score.docx");
    const r = stdz(["score", join(ROOT, "examples", "bundles", "qz-steel-level1"), "--report", out]);
    expect(r.code).toBe(0);
    expect(plain((await parts(out)).doc)).toContain("一级");
  });
});

describe("the report format follows -o's extension", () => {
  it.each([
    ["zh", "无法按文件扩展名确定报告格式"],
    ["en", "cannot tell the report format from the file name"],
  ])("an unknown extension is refused (%s) and nothing is written", (lang, words) => {
    const out = join(TMP, "report.txt");
    const r = stdz(["report", RESULT, "-o", out, "--lang", lang]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("TPL008");
    expect(r.stderr).toContain(words);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("a Markdown template cannot be written as Word", () => {
    const out = join(TMP, "x.docx");
    const r = stdz(["report", RESULT, "-t", "report.md", "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("TPL011");
    expect(existsSync(out)).toBe(false);
  });

  it(".md still gives the Markdown report", () => {
    const out = join(TMP, "r.md");
    expect(stdz(["report", RESULT, "-o", out]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# /m);
  });

  it("without a browser, -o x.pdf is a coded error that says how to get one, and writes nothing", () => {
    const out = join(TMP, "none.pdf");
    const r = stdz(["report", RESULT, "-o", out], { env: { STDZ_CHROMIUM: join(TMP, "no-such-browser") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("TPL009");
    expect(r.stderr).toContain("apt-get install chromium");
    expect(existsSync(out)).toBe(false);
  });
});

const browser = findBrowser().path;
const required = process.env.CI === "true" || process.env.STDZ_REQUIRE_BROWSER === "1";
const soffice = SOFFICE;
describe.skipIf(!soffice && !required)("the Word files open in LibreOffice (needs LibreOffice)", () => {
  it("converts the report and the 整改清单 form to PDF pages that hold the enterprise's name", () => {
    const dir = join(TMP, "lo");
    const report = join(TMP, "lo-report.docx");
    const form = join(TMP, "lo-form.docx");
    expect(stdz(["report", RESULT, "-o", report]).code).toBe(0);
    expect(stdz(["report", RESULT, "-t", "rectification", "-o", form]).code).toBe(0);
    const r = officeConvert([report, form], "pdf", dir, TMP);
    for (const name of ["lo-report", "lo-form"]) {
      const pdf = join(dir, `${name}.pdf`);
      expect(existsSync(pdf), r.stderr).toBe(true);
      const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      if (text.status === 0) expect(text.stdout.replace(/\s+/g, "")).toContain(result.enterprise.name);
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
      if (info.status === 0) expect(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1])).toBeGreaterThanOrEqual(name === "lo-report" ? 3 : 1);
    }
  }, 240_000);
});

describe.skipIf(!browser && !required)("stdz report -o x.pdf (needs Chromium)", () => {
  it("prints the HTML report to a multi-page A4 PDF holding the enterprise's name", () => {
    const out = join(TMP, "报告.pdf");
    const r = stdz(["report", RESULT, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const pdf = readPdf(readFileSync(out));
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.text.join("\n")).toContain(result.enterprise.name);
  });
  it("prints the 整改清单 form too", () => {
    const out = join(TMP, "整改清单.pdf");
    expect(stdz(["report", RESULT, "-t", "rectification", "-o", out]).code).toBe(0);
    const pdf = readPdf(readFileSync(out));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.text.join("\n")).toContain(result.enterprise.name);
  });
});
