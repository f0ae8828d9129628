// Registers straight from Excel, through the built binary: an .xlsx kept as departments keep
// it (merged title rows above the header, dates as date cells, scores as numbers) gives the
// same outputs as its CSV twin; cells are named as 文件.xlsx!Sheet!C12; a credit code stored
// as a number and date serials get the CSV's rules; .xls is refused.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { FIXTURES, ROOT } from "../helpers/paths.js";
import { officeConvert, REQUIRE_LIBREOFFICE, SOFFICE } from "../helpers/office.js";
import { fromCsv, writeXlsxRegister } from "../helpers/xlsx-register.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-reg-xlsx-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const soffice = SOFFICE;
const requireLibreOffice = REQUIRE_LIBREOFFICE;

const QZ = join(ROOT, "examples", "registers", "quanzhou-300.csv");
const AS_OF = "2024-06-30";
const read = (f: string) => readFileSync(f, "utf8");

describe("an .xlsx register with merged title rows reads as its CSV twin", () => {
  const xlsx = join(TMP, "泉州台账.xlsx");
  const outCsv = join(TMP, "out-csv");
  const outXlsx = join(TMP, "out-xlsx");
  let csvRun: ReturnType<typeof stdz>;
  let xlsxRun: ReturnType<typeof stdz>;

  it("builds the twin and runs batch on both", async () => {
    const { header, rows } = fromCsv(read(QZ));
    await writeXlsxRegister(xlsx, { sheet: "台账", titles: ["附件3", "泉州市生产经营单位安全生产标准化达标情况台账"], header, rows });
    csvRun = stdz(["batch", QZ, "--as-of", AS_OF, "-o", outCsv, "--no-html"]);
    xlsxRun = stdz(["batch", xlsx, "--as-of", AS_OF, "-o", outXlsx, "--no-html"]);
    expect(csvRun.code).toBe(0);
    expect(xlsxRun.code).toBe(0);
  });

  it("gives the same counts and the same list, table, rates and 动态管理", () => {
    // The first stdout line names the source (encoding vs sheet); the rest is the same.
    expect(xlsxRun.stdout.split("\n")[0]).toContain("工作表“台账”");
    const rest = (out: string, dir: string) => out.split("\n").slice(1).join("\n").replaceAll(dir, "<out>");
    expect(rest(xlsxRun.stdout, outXlsx)).toBe(rest(csvRun.stdout, outCsv));
    for (const f of ["达标名单.csv", "达标情况表.csv", "达标率.csv", "动态管理.csv"]) expect(read(join(outXlsx, f)), f).toBe(read(join(outCsv, f)));
  });

  it("reports the header row once (title rows skipped) and names cells in diagnostics", () => {
    expect(xlsxRun.stderr).toContain(
      `${xlsx}!台账!A3: info REG061 读取工作表“台账”，表头在第 3 行（跳过上方 2 行标题：“附件3 泉州市生产经营单位安全生产标准化达标情况台账”）`,
    );
    expect(xlsxRun.stderr.match(/REG061/g)).toHaveLength(1);
    // Data row 161 sits on sheet row 164 (header on row 3); its name (column B) is empty.
    expect(xlsxRun.stderr).toContain(`${xlsx}!台账!B164: error REG010 单位名称为空（第 161 行数据）`);
    expect(xlsxRun.stderr).toContain(`${xlsx}!台账!E15: error REG017 从业人员数量 “-426” 不是非负整数（第 12 行数据）`);
    expect(csvRun.stderr).toMatch(/quanzhou-300\.csv:\d+:2: error REG010 单位名称为空（第 161 行数据）/);
  });

  it("names cells in rejects and warnings too", () => {
    const rejects = read(join(outXlsx, "拒收记录.csv"));
    expect(rejects).toContain(",161,164,泉州台账.xlsx!台账!B164,REG010,单位名称为空,161,,9135050500000161XJ,");
    expect(rejects).toContain(",169,172,泉州台账.xlsx!台账!N172,REG020,");
    const csvRejects = read(join(outCsv, "拒收记录.csv")).split("\r\n");
    expect(rejects.split("\r\n")).toHaveLength(csvRejects.length);
  });
});

describe.skipIf(!soffice && !requireLibreOffice)("a workbook saved by LibreOffice", () => {
  it("reads as the same register (its own XML layout, shared strings and styles)", async () => {
    if (!soffice) throw new Error("LibreOffice not found: apt-get install libreoffice-calc-nogui (.ci/run does)");
    const src = join(TMP, "lo-in", "台账.xlsx");
    mkdirSync(join(TMP, "lo-in"), { recursive: true });
    const { header, rows } = fromCsv(read(QZ));
    await writeXlsxRegister(src, { titles: ["附件3 泉州市生产经营单位安全生产标准化达标情况台账"], header, rows });
    const outDir = join(TMP, "lo-out");
    const conv = officeConvert([src], "xlsx:Calc MS Excel 2007 XML", outDir, TMP);
    const saved = join(outDir, "台账.xlsx");
    expect(existsSync(saved), conv.stderr).toBe(true);
    const ours = stdz(["batch", src, "--as-of", AS_OF]);
    const theirs = stdz(["batch", saved, "--as-of", AS_OF]);
    expect(theirs.code).toBe(0);
    expect(theirs.stdout.split("\n").slice(1)).toEqual(ours.stdout.split("\n").slice(1));
    expect(theirs.stderr.replaceAll(saved, "<f>")).toBe(ours.stderr.replaceAll(src, "<f>"));
  }, 240_000);
});

describe("cells Excel stored as numbers", () => {
  const file = join(TMP, "数值.xlsx");
  const header = ["单位名称", "统一社会信用代码", "所属行业", "所属区县", "达标等级", "评审得分", "发证日期", "有效期至", "从业人员数量", "抽查得分"];
  it("builds the register", async () => {
    await writeXlsxRegister(file, {
      sheet: "表1",
      titles: ["附件3 企业安全生产标准化情况表"],
      header,
      rows: [
        ["泉州甲机械有限公司", "9135050200000101X5", "机械", "鲤城区", "三级", 72.5, 45473, 46568, 120, 70],
        // A credit code typed in as a number: Excel kept 15 digits.
        ["泉州乙机械有限公司", 913505020000031000, "机械", "鲤城区", "二级", 80, new Date(Date.UTC(2023, 0, 2)), null, 30, 82],
        // 1900-02-29 (serial 60) never was: REG020, as in CSV.
        ["泉州丙机械有限公司", "9135050200000102X6", "机械", "丰泽区", "三级", 65, 60, null, 10, 60],
      ],
    });
  });

  it("a number-typed credit code gets the scientific-notation message, in both languages, at its cell", () => {
    const zh = stdz(["batch", file, "--as-of", AS_OF]);
    expect(zh.code).toBe(0);
    expect(zh.stderr).toContain(
      `${file}!表1!B4: error REG012 统一社会信用代码 “9.13505E+17” 被 Excel 转成了科学计数法，请把该列设为“文本”格式后重新导出（第 2 行数据）`,
    );
    const en = stdz(["batch", file, "--as-of", AS_OF, "--lang", "en"]);
    expect(en.code).toBe(0);
    expect(en.stderr).toContain(`${file}!表1!B4: error REG012 credit code '9.13505E+17' was turned into a number in scientific notation by Excel`);
    expect(en.stderr).toContain(
      `${file}!表1!A2: info REG061 reading sheet '表1', header in row 2 (skipped 1 title row above it: '附件3 企业安全生产标准化情况表')`,
    );
    expect(stdz(["batch", file, "--as-of", AS_OF, "--strict"]).code).toBe(1);
  });

  it("date serials and date cells read as dates; the phantom 1900-02-29 is refused", () => {
    const out = join(TMP, "num-out");
    const r = stdz(["batch", file, "--as-of", AS_OF, "-o", out, "--no-xlsx", "--no-html"]);
    expect(r.code).toBe(0);
    const list = read(join(out, "达标名单.csv"));
    // 45473 = 2024-06-30, 46568 = 2027-06-30 (serials counted past Excel's 1900-02-29).
    expect(list).toContain("泉州甲机械有限公司,9135050200000101X5,三级,,2024-06-30,2027-06-30");
    // Serial 60 in a date-formatted cell: the day Excel counts but never was.
    expect(r.stderr).toContain(`${file}!表1!G5: error REG020 发证日期 “1900-02-29” 不是有效日期`);
  });

  it("sample and deviation --register read the workbook too", () => {
    const s = stdz(["sample", file, "--as-of", AS_OF, "--format", "json"]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).register).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    const d = stdz(["deviation", "--register", file, "--format", "json", "--lang", "en"]);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain(`${file}!表1!B4: error REG012`);
    expect(JSON.parse(d.stdout).register).toMatchObject({ read: 3, accepted: 1, sampled: 1 });
  });
});

describe("choosing the sheet", () => {
  const file = join(TMP, "多表.xlsx");
  it("reads the first visible sheet, or --sheet by name or position", async () => {
    const { header, rows } = fromCsv(read(join(FIXTURES, "register", "bom.csv")));
    await writeXlsxRegister(file, {
      before: [
        { name: "说明", rows: [["填表说明：本表由区县应急管理局填报"]] },
        { name: "隐藏", rows: [["x"]], hidden: true },
      ],
      sheet: "台账",
      header,
      rows,
    });
    // The first visible sheet has no register header: REG001 names its cell and what it found.
    const first = stdz(["batch", file]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`${file}!说明!A1: error REG001 缺少必需的列：单位名称、所属行业`);
    const byName = stdz(["batch", file, "--sheet", "台账"]);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain("读取 4 行，接收 4 行");
    expect(stdz(["batch", file, "--sheet", "3"]).stdout).toBe(byName.stdout);
    const missing = stdz(["batch", file, "--sheet", "汇总", "--lang", "en"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error REG062 the workbook has no sheet '汇总'; its sheets: “说明”, “隐藏”, “台账”`);
  });
});

describe("workbooks stdz cannot read", () => {
  it(".xls (BIFF) is refused with how to save as .xlsx (exit 2)", () => {
    const f = join(TMP, "旧格式.xls");
    writeFileSync(f, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    for (const cmd of [
      ["batch", f],
      ["sample", f],
      ["deviation", "--register", f],
    ]) {
      const r = stdz(cmd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${f}: error REG060 这是 Excel 97-2003 工作簿（.xls），stdz 不读取这种旧格式`);
      expect(r.stderr).toContain("保存类型选“Excel 工作簿 (*.xlsx)”");
    }
    expect(stdz(["batch", f, "--lang", "en"]).stderr).toContain('choose File → Save As, file type "Excel Workbook (*.xlsx)"');
  });
});
