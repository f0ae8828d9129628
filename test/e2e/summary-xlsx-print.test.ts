// 汇总.xlsx printed through LibreOffice headless: every sheet one page wide, the 17-column
// 达标情况表 on one landscape page with its whole title, header rows repeated on each page.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { ROOT } from "../helpers/paths.js";
import { hasCommand, officeConvert, REQUIRE_LIBREOFFICE, SOFFICE } from "../helpers/office.js";

const has = hasCommand;
const soffice = SOFFICE;
const required = REQUIRE_LIBREOFFICE;
const TMP = mkdtempSync(join(tmpdir(), "stdz-xlsx-print-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Text of each PDF page (pdftotext from poppler, installed with LibreOffice's test setup). */
function pages(pdf: string): string[] {
  const out: string[] = [];
  const n = Number(/Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout)?.[1] ?? 0);
  for (let p = 1; p <= n; p++) out.push(spawnSync("pdftotext", ["-layout", "-f", String(p), "-l", String(p), pdf, "-"], { encoding: "utf8" }).stdout);
  return out;
}

describe.skipIf(!soffice && !required)("汇总.xlsx printed through LibreOffice", () => {
  it("fits every sheet one page wide, the 达标情况表 on one page with its title", () => {
    if (!soffice) throw new Error("LibreOffice not found: apt-get install libreoffice-calc-nogui (.ci/run does)");
    if (!has("pdftotext")) throw new Error("pdftotext not found: apt-get install poppler-utils");
    const out = join(TMP, "out");
    const r = stdz(["batch", join(ROOT, "examples", "registers", "quanzhou-300.csv"), "--as-of", "2024-06-30", "-o", out, "--no-html"]);
    expect(r.code).toBe(0);
    const conv = officeConvert([join(out, "汇总.xlsx")], "pdf", TMP, TMP);
    const pdf = join(TMP, "汇总.pdf");
    expect(existsSync(pdf), conv.stderr).toBe(true);
    const text = pages(pdf);
    // Page 1 is the whole 达标情况表: title, date line, every county, 总计 column; page 2 is 达标率.
    expect(text[0]).toContain("生产经营单位安全生产标准化达标情况表");
    expect(text[0]).toContain("（截至 2024年6月30日，累计完成数量，家）");
    expect(text[0]).toMatch(/合计\s+\d+/);
    expect(text[0]).toContain("永春县");
    expect(text[0]).toContain("总计");
    expect(text[1]).toContain("达标率（截至 2024年6月30日）");
    // One page wide: no page holds a sheet's columns without its first column. The 达标名单
    // runs over several pages, each starting with the repeated title and header.
    const listPages = text.filter((t) => t.includes("达标名单（截至 2024年6月30日）"));
    expect(listPages.length).toBeGreaterThan(1);
    for (const t of listPages) expect(t).toMatch(/所属区县\s+所属行业\s+牵头部门\s+单位名称/);
    for (const t of text) expect(t).toMatch(/第 \d+ 页，共 \d+ 页/);
  }, 240_000);
});
