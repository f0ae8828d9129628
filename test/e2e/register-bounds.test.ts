// Registers that are damaged, in an unexpected encoding, or larger than a spreadsheet in one
// direction: each gets a coded message naming the place, never a stack trace or CLI004.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { stdz, type RunResult } from "../helpers/run.js";

const dir = mkdtempSync(join(tmpdir(), "stdz-register-bounds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = "单位名称,统一社会信用代码,所属行业,所属区县,达标等级\r\n";
const rows = (n: number) => Array.from({ length: n }, (_, i) => `泉州第${i + 1}机械有限公司,,机械,鲤城区,三级\r\n`).join("");
const REGISTER = HEAD + rows(30);

function file(name: string, data: string | Buffer): string {
  const f = join(dir, name);
  writeFileSync(f, data);
  return f;
}

function clean(r: RunResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
  expect(r.stderr).not.toMatch(/CLI004/);
}

/** UTF-8, 30 rows; in row 17 (line 18) the 第 of the name is cut to its first two bytes. */
const oneBadRow = file(
  "one-bad-row.csv",
  (() => {
    const buf = Buffer.from(REGISTER, "utf8");
    const at = buf.indexOf(Buffer.from("泉州第17", "utf8")) + 6;
    return Buffer.concat([buf.subarray(0, at), Buffer.from([0xe7, 0xac]), buf.subarray(at + 3)]);
  })(),
);

describe("a UTF-8 register with one damaged cell", () => {
  it("batch rejects that row only (REG070 with row, line and field) and reads the other 29 as UTF-8", () => {
    const out = join(dir, "out-bad-row");
    const r = stdz(["batch", oneBadRow, "-o", out, "--no-xlsx", "--no-html", "--no-progress", "--format", "json"]);
    expect(r.code).toBe(0);
    clean(r);
    expect(r.stderr).toMatch(/one-bad-row\.csv:18:1: error REG070 第 1 列（单位名称）含有不是 UTF-8 编码的字节.*“泉州�17机械有限公司”.*（第 17 行数据）/);
    const data = JSON.parse(r.stdout);
    expect([data.encoding, data.read, data.accepted, data.rejected_rows]).toEqual(["UTF-8", 30, 29, [17]]);
    const rejects = readFileSync(join(out, "拒收记录.csv"), "utf8").split("\r\n");
    expect(rejects[1]).toMatch(/^\d{4}-\d{2}-\d{2},17,18,1,REG070,/);
    expect(readFileSync(join(out, "达标名单.csv"), "utf8")).toContain("泉州第18机械有限公司");
  });
  it("in English too", () => {
    const r = stdz(["batch", oneBadRow, "--no-progress", "--lang", "en"]);
    expect(r.stderr).toMatch(/:18:1: error REG070 field 1 \(单位名称\) has bytes that are not UTF-8.*\(row 17\)/);
  });
  it("sample rejects the row as batch does and draws from the other 29", () => {
    const r = stdz(["sample", oneBadRow, "--format", "json", "--as-of", "2024-06-30"]);
    expect(r.code).toBe(0);
    clean(r);
    expect(r.stderr).toMatch(/:18:1: error REG070 .*（第 17 行数据）/);
    expect(JSON.parse(r.stdout).register).toMatchObject({ read: 30, accepted: 29, rejected: 1 });
  });
});

describe("a register in another encoding than the one named", () => {
  it("--encoding gbk on UTF-8: REG071 names UTF-8, with line and column", () => {
    const r = stdz(["batch", file("utf8.csv", REGISTER), "--encoding", "gbk", "--no-progress"]);
    expect(r.code).toBe(2);
    clean(r);
    expect(r.stderr).toMatch(/utf8\.csv:1:\d+: error REG071 文件不是 GBK 编码（从第 1 行第 \d+ 列起无法解码），看起来是 UTF-8/);
  });
  it("UTF-16 with its BOM and --encoding gb18030: REG072 says it is UTF-16 and how to read or save it", () => {
    const f = file("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REGISTER, "utf16le")]));
    const r = stdz(["batch", f, "--encoding", "gb18030", "--no-progress"]);
    expect(r.code).toBe(2);
    clean(r);
    expect(r.stderr).toMatch(/utf16\.csv:1:1: error REG072 文件是 UTF-16LE 编码（文件开头是 UTF-16LE 的字节顺序标记（BOM））：.*去掉 --encoding.*CSV UTF-8/);
    // Without --encoding it is Excel's Unicode text, read as it is.
    expect(stdz(["batch", f, "--no-progress"]).code).toBe(0);
  });
  it("UTF-16 without a BOM: REG072 (it used to be called a binary file)", () => {
    const r = stdz(["sample", file("utf16-nobom.csv", Buffer.from(REGISTER, "utf16le")), "--lang", "en"]);
    expect(r.code).toBe(2);
    clean(r);
    expect(r.stderr).toMatch(/utf16-nobom\.csv:1:1: error REG072 the file is UTF-16LE \(no byte order mark, but every other byte is zero\): .*CSV UTF-8/);
  });
  it("GBK read without --encoding is GB18030", () => {
    const r = stdz(["batch", file("gbk.csv", iconv.encode(REGISTER, "gbk")), "--no-progress", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: "GB18030", accepted: 30 });
  });
});

describe("long values and wide registers", () => {
  it("a 130,000-character name is sorted into the 达标名单 (no stack overflow)", () => {
    const long = "长" + "名".repeat(130_000);
    const f = file("long-name.csv", HEAD + rows(80) + `${long},,机械,鲤城区,三级\r\n`);
    const out = join(dir, "out-long");
    const r = stdz(["batch", f, "-o", out, "--no-html", "--no-progress"]);
    expect(r.code).toBe(0);
    clean(r);
    expect(readFileSync(join(out, "达标名单.csv"), "utf8")).toContain(long);
  });
  it("more columns than a worksheet holds: REG073 (exit 2, nothing written); --no-xlsx reads it", () => {
    const extra = Array.from({ length: 20_000 }, (_, i) => `列${i + 1}`).join(",");
    const f = file("wide.csv", `单位名称,所属行业,${extra}\r\n甲公司,机械\r\n`);
    const out = join(dir, "out-wide");
    const r = stdz(["batch", f, "-o", out, "--no-progress"]);
    expect(r.code).toBe(2);
    clean(r);
    expect(r.stderr).toMatch(/wide\.csv:1:16384: error REG073 台账有 20002 列，汇总\.xlsx 的工作表需要 20010 列.*16384.*--no-xlsx/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(stdz(["batch", f, "-o", out, "--no-xlsx", "--no-progress"]).code).toBe(0);
  });
  it("a rejected row wider than a worksheet is cut in 汇总.xlsx only (REG074), rejects.csv keeps it whole", async () => {
    const cells = Array.from({ length: 20_000 }, () => "x").join(",");
    const f = file("wide-row.csv", `单位名称,所属行业\r\n甲公司,机械,${cells}\r\n乙公司,机械\r\n`);
    const out = join(dir, "out-wide-row");
    const r = stdz(["batch", f, "-o", out, "--no-html", "--no-progress"]);
    expect(r.code).toBe(0);
    clean(r);
    expect(r.stderr).toMatch(/warning REG074 1 条拒收记录超过电子表格每行 16384 列的上限/);
    expect(readFileSync(join(out, "拒收记录.csv"), "utf8").split("\r\n")[1]!.split(",")).toHaveLength(6 + 20_002);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "汇总.xlsx"));
    const sheet = wb.getWorksheet("拒收记录")!;
    const row = sheet.getRow(sheet.rowCount);
    expect([row.cellCount, row.getCell(5).text, row.getCell(16_384).text]).toEqual([16_384, "REG005", "x"]);
  });
});
