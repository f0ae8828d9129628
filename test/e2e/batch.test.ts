import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { stdz } from "../helpers/run.js";
import { CONFORMANCE, FIXTURES, ROOT } from "../helpers/paths.js";

const REG = join(FIXTURES, "register");
const tmps: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "stdz-batch-"));
  tmps.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

const json = (args: string[]) => {
  const r = stdz(["batch", ...args, "--format", "json", "--no-progress"]);
  return { ...r, data: r.stdout ? JSON.parse(r.stdout) : undefined };
};
const csv = (file: string) => readFileSync(file, "utf8");

describe("conformance register (test/conformance/register)", () => {
  it("gives exactly the counts of expected.json", () => {
    const expected = JSON.parse(readFileSync(join(CONFORMANCE, "register", "expected.json"), "utf8"));
    const { code, data } = json([join(CONFORMANCE, "register", "register-utf8bom.csv")]);
    expect(code).toBe(0);
    expect(data.read).toBe(expected.read);
    expect(data.accepted).toBe(expected.accepted);
    expect(data.rejected).toBe(expected.rejected);
    expect(data.rejected_rows).toEqual(expected.rejected_lines);
    expect(data.qualified).toBe(expected.qualified);
    const table: Record<string, Record<string, number>> = {};
    for (const cat of Object.keys(expected.table)) {
      const { 合计: _sum, ...cells } = data.table[cat];
      table[cat] = cells;
    }
    expect(table).toEqual(expected.table);
    expect(data.table["总计"]).toBe(expected.qualified);
    type County = { name: string; enterprises: number; accepted: number; qualified: number };
    const perCounty = Object.fromEntries(data.counties.map((c: County) => [c.name, [c.accepted, c.qualified]]));
    expect(perCounty).toEqual(expected.per_county);
    // DESIGN.md "Denominator": the 4 rejected rows are not duplicates, so they count (as not 达标).
    expect(data.total.enterprises).toBe(expected.denominator);
    expect(data.denominator).toEqual({ rule: "all", enterprises: expected.denominator, accepted: expected.accepted, rejected_counted: expected.rejected });
    expect(Object.fromEntries(data.counties.map((c: County) => [c.name, c.enterprises]))).toEqual(expected.per_county_denominator);
  });
});

describe("stdz batch -o: the contract files", () => {
  const out = tmp();
  const r = json([join(REG, "small.csv"), "-o", out, "--as-of", "2024-06-30", "--targets", join(ROOT, "examples", "targets", "scoped.yaml")]);

  it("writes exactly the contract files, atomically (no temporary files left)", () => {
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      [
        "拒收记录.csv",
        "汇总.json",
        "警告.csv",
        "动态管理.csv",
        "汇总.html",
        "汇总.xlsx",
        "达标名单.csv",
        "达标情况表.csv",
        "达标率.csv",
        "达标趋势.csv",
      ].sort(),
    );
    expect(JSON.parse(readFileSync(join(out, "汇总.json"), "utf8"))).toEqual(r.data);
  });

  it("CSV files are UTF-8 with a BOM and CRLF line ends", () => {
    for (const f of readdirSync(out).filter((x) => x.endsWith(".csv"))) {
      const text = csv(join(out, f));
      expect(text.charCodeAt(0), f).toBe(0xfeff);
      expect(
        text
          .replace(/"[^"]*"/g, "")
          .split("\n")
          .slice(0, -1)
          .every((l) => l.endsWith("\r")),
        f,
      ).toBe(true);
    }
  });

  it("达标情况表: the 附件4 layout, overall then per county", () => {
    const lines = csv(join(out, "达标情况表.csv")).slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "统计日期,区县,规模以上企业-一级,规模以上企业-二级,规模以上企业-三级,规模以上企业-其他,规模以上企业-合计,高危企业-一级,高危企业-二级,高危企业-三级,高危企业-其他,高危企业-合计,其他生产经营单位-一级,其他生产经营单位-二级,其他生产经营单位-三级,其他生产经营单位-其他,其他生产经营单位-合计,总计",
    );
    // Row 3 (鲤城区, 高危, 三级) expired on 2023-01-14: not counted at 2024-06-30.
    expect(lines.slice(1)).toEqual([
      "2024-06-30,合计,2,1,1,0,4,0,0,0,0,0,0,2,1,1,4,8",
      "2024-06-30,丰泽区,0,0,1,0,1,0,0,0,0,0,0,1,0,0,1,2",
      "2024-06-30,晋江市,1,0,0,0,1,0,0,0,0,0,0,1,0,0,1,2",
      "2024-06-30,鲤城区,1,1,0,0,2,0,0,0,0,0,0,0,0,1,1,3",
      "2024-06-30,未填,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,1",
    ]);
  });

  it("达标率: per county, sector and department against the milestones", () => {
    const lines = csv(join(out, "达标率.csv")).slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "统计日期,应达标企业数口径,维度,名称,应达标企业数,其中拒收行,达标数,达标率(%),当前目标日期,当前目标(%),当前目标应达标数,是否达到,尚需达标数,下一目标日期,下一目标(%),下一目标尚需达标数",
    );
    // 13 = 12 accepted + row 13 (rejected, 鲤城区); 8 达标 (row 3 expired). ⌈0.8 × 13⌉ = 11.
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,合计,合计,13,1,8,61.5,2024-06-30,80,11,否,3,2024-12-31,100,5");
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,区县,丰泽区,4,0,2,50.0,2024-06-30,50,2,是,0,,,");
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,区县,晋江市,3,0,2,66.7,2024-06-30,80,3,否,1,2024-12-31,100,1");
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,区县,鲤城区,5,1,3,60.0,2024-06-30,80,4,否,1,2024-12-31,100,2");
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,行业,机械,2,0,2,100.0,2024-06-30,100,2,是,0,,,");
    // 市应急局: 8 accepted rows, 5 达标 (row 3 expired); ⌈6.4⌉ = 7.
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,牵头部门,市应急局,8,0,5,62.5,2024-06-30,80,7,否,2,2024-12-31,100,3");
    expect(lines).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,牵头部门,市教育局,1,0,1,100.0,,,,,,2024-12-31,90,0");
  });

  it("达标名单: qualified rows sorted, with the extra columns carried", () => {
    const lines = csv(join(out, "达标名单.csv")).slice(1).split("\r\n");
    expect(lines[0]).toBe("统计日期,所属区县,所属行业,牵头部门,单位名称,统一社会信用代码,达标等级,证书编号,发证日期,有效期至,序号,备注");
    expect(lines[1]).toMatch(/^2024-06-30,丰泽区,轻工,市应急局,泉州辛轻工有限公司,9135050300000008X.,二级,闽AQBQGⅡ202400008,2024-01-10,,8,$/);
    expect(lines[3]).toContain("晋江市,机械,市应急局,泉州壬机械有限公司");
    expect(lines[3]).toContain(",2021-09-30,2024-09-28,"); // dates normalised from 2021/9/30 and 2024年9月28日
    expect(csv(join(out, "达标名单.csv"))).toContain('"含逗号, 和\n换行的备注"');
  });

  it("拒收记录.csv: each rejected row as it was, with row, line, column and codes", () => {
    const lines = csv(join(out, "拒收记录.csv")).slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "统计日期,行号,物理行,列,代码,说明,序号,单位名称,统一社会信用代码,所属行业,所属区县,规模以上,高危,小微企业,达标等级,评审得分,证书编号,发证日期,有效期至,最近自评日期,抽查得分,备注",
    );
    // Row 13 starts on line 15: the header is line 1 and row 4's note spans two lines.
    expect(lines[1]).toMatch(
      /^2024-06-30,13,15,3,REG013,统一社会信用代码 “9135050200000013XA” 的校验位应为 M，实际为 A（GB 32100-2015）,13,泉州寅机械有限公司,9135050200000013XA,机械,鲤城区/,
    );
    expect(lines[2]).toMatch(/^2024-06-30,14,16,3,REG015,统一社会信用代码 9135050200000001X. 与第 1 行（文件第 2 行）重复,14,/);
  });

  it("动态管理 and warnings", () => {
    const dyn = csv(join(out, "动态管理.csv")).slice(1).trimEnd().split("\r\n");
    expect(dyn[0]).toBe(
      "统计日期,问题,说明,所属区县,所属行业,牵头部门,单位名称,统一社会信用代码,达标等级,证书编号,发证日期,有效期至,最近自评日期,评审得分,抽查得分,抽查等级,台账行号",
    );
    expect(dyn.slice(1).map((l) => `${l.split(",")[1]} ${l.split(",").at(-1)}`)).toEqual([
      "证书已过期 3",
      "证书即将到期 1",
      "证书即将到期 9",
      "年度自评逾期 3",
      "年度自评逾期 4",
      "降级候选 2",
      "降级候选 10",
    ]);
    expect(r.data.dynamic).toEqual({ expired: 1, expiring: 2, self_assessment_overdue: 2, downgrade: 2 });
    const warn = csv(join(out, "警告.csv")).slice(1).trimEnd().split("\r\n");
    expect(warn[0]).toBe("统计日期,行号,物理行,列,代码,说明,单位名称");
    expect(warn.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
      "2024-06-30,6,8,11,REG030",
      "2024-06-30,9,11,11,REG030",
      "2024-06-30,10,12,10,REG031",
      "2024-06-30,12,14,5,REG032",
    ]);
  });

  it("汇总.xlsx: one sheet per table; text stays text, numbers stay numbers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "汇总.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["达标情况表", "达标率", "达标趋势", "达标名单", "动态管理", "拒收记录"]);
    const s = wb.getWorksheet("达标情况表")!;
    expect(s.getCell("A1").value).toBe("生产经营单位安全生产标准化达标情况表");
    expect(s.getCell("B3").value).toBe("规模以上企业");
    expect(s.getCell("B4").value).toBe("一级");
    expect(s.getRow(5).values).toEqual([undefined, "合计", 2, 1, 1, 0, 4, 0, 0, 0, 0, 0, 0, 2, 1, 1, 4, 8]);
    const list = wb.getWorksheet("达标名单")!;
    // A title row, the header, 8 qualified rows; each starts with the 统计日期 as a date cell.
    expect(list.rowCount).toBe(10);
    expect(list.getCell("A3").value).toEqual(new Date(Date.UTC(2024, 5, 30)));
    expect(typeof list.getCell("F3").value).toBe("string"); // credit code never a number
    const rates = wb.getWorksheet("达标率")!;
    // Title with the date, then the denominator rule, then the header.
    expect(rates.getCell("A1").value).toBe("达标率（截至 2024年6月30日）");
    expect(rates.getCell("A2").value).toBe("应达标企业数口径：全部行（拒收行按未达标计，后出现的重复行除外）");
    // Dates are date cells and target rates ratios (shown as percentages).
    const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
    const rateRow = rates.getRow(4).values as unknown[];
    expect(rateRow[6]).toBeCloseTo(8 / 13, 10);
    expect(rateRow.toSpliced(6, 1)).toEqual([undefined, "合计", "合计", 13, 1, 8, day("2024-06-30"), 0.8, 11, "否", 3, day("2024-12-31"), 1, 5]);
    expect(rates.getCell("F4").numFmt).toBe("0.0%");
    const trend = wb.getWorksheet("达标趋势")!;
    expect(trend.getCell("A1").value).toBe("达标率趋势（截至 2024年6月30日）");
    // scoped.yaml's milestones up to 2024-06-30. At 2023-12-31: rows 1, 2, 4, 6, 9, 10, 12 (row 3
    // expired 2023-01-14, row 8 issued 2024-01-10) = 7 of 13; ⌈0.6 × 13⌉ = 8. At 2024-06-30 (also
    // the as-of date): row 8 joins, 8 of 13; ⌈0.8 × 13⌉ = 11.
    const trendRow = (n: number) => {
      const v = trend.getRow(n).values as unknown[];
      return [v[7], v.toSpliced(7, 1)];
    };
    const [r1, cells1] = trendRow(4);
    expect(r1).toBeCloseTo(7 / 13, 10);
    expect(cells1).toEqual([undefined, day("2023-12-31"), "里程碑", "合计", "合计", 13, 7, day("2023-12-31"), 0.6, 8, "否", 1]);
    const [r2, cells2] = trendRow(5);
    expect(r2).toBeCloseTo(8 / 13, 10);
    expect(cells2).toEqual([undefined, day("2024-06-30"), "里程碑/统计日期", "合计", "合计", 13, 8, day("2024-06-30"), 0.8, 11, "否", 3]);
    expect(wb.getWorksheet("拒收记录")!.rowCount).toBe(4); // title, header, 2 rejected rows
  });

  it("汇总.html: the tables and a bar chart of 达标率 by county", () => {
    const html = readFileSync(join(out, "汇总.html"), "utf8");
    expect(html).toContain('data-testid="situation"');
    expect(html).toMatch(/<svg[^>]*stdz-bar-chart/);
    for (const c of ["丰泽区", "晋江市", "鲤城区", "未填"]) expect(html).toContain(`data-id="${c}"`);
    expect(html).toContain('data-value="0.5"');
    expect(html).not.toContain("<script");
  });
});

describe("reading registers as Excel writes them", () => {
  const same = ["gbk.csv", "gb18030.csv", "bom.csv", "nobom-lf.csv", "tab.tsv", "cr-only.csv", "utf16.txt"];
  for (const f of same) {
    it(`${f}: same rows, same counts`, () => {
      const out = tmp();
      const { code, data } = json([join(REG, f), "-o", out, "--no-xlsx", "--no-html"]);
      expect(code).toBe(0);
      expect([data.read, data.accepted, data.rejected, data.qualified]).toEqual([4, 4, 0, 3]);
      const names = csv(join(out, "达标名单.csv"))
        .split("\r\n")
        .slice(1, -1)
        .map((l) => l.split(",")[4]);
      expect(names.map((n) => n!.replace("𠀀", ""))).toEqual(["泉州恒泰纺织有限公司", "泉州鑫源化工有限公司", "泉州永盛机械有限公司"]);
    });
  }
  it("names the encoding it detected", () => {
    expect(json([join(REG, "gbk.csv")]).data.encoding).toBe("GB18030");
    expect(json([join(REG, "utf16.txt")]).data).toMatchObject({ encoding: "UTF-16LE", delimiter: "tab" });
  });
  it("--encoding utf8 on a GBK file cannot run (exit 2, REG071 naming GB18030 and the position)", () => {
    const r = stdz(["batch", join(REG, "gbk.csv"), "--encoding", "utf8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gbk\.csv:1:1: error REG071 .*UTF-8.*GB18030.*--encoding gb18030/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
  it("English aliases in any order; extra columns carried", () => {
    const out = tmp();
    const { data } = json([join(REG, "english.csv"), "-o", out, "--no-xlsx", "--no-html"]);
    expect([data.accepted, data.qualified]).toEqual([2, 2]);
    expect(csv(join(out, "达标名单.csv")).split("\r\n")[0]).toBe(
      "\uFEFF统计日期,所属区县,所属行业,牵头部门,单位名称,统一社会信用代码,达标等级,证书编号,发证日期,有效期至,note",
    );
  });
  it("quoted multi-line cells keep their physical lines", () => {
    const out = tmp();
    const { data } = json([join(REG, "multiline.csv"), "-o", out, "--no-xlsx", "--no-html"]);
    expect(data.accepted).toBe(3);
    const text = csv(join(out, "达标名单.csv"));
    expect(text).toContain('"泉州""双引号""机械有限公司"');
    expect(text).toContain('"第一行\r\n第二行\r\n第三行"');
  });
  it("ragged rows: short rows warn, long rows with data are rejected, blank lines skipped", () => {
    const { data } = json([join(REG, "ragged.csv")]);
    expect([data.read, data.accepted, data.rejected, data.rejected_rows]).toEqual([4, 3, 1, [2]]);
    expect(data.diagnostics.map((d: { code: string; line: number; column: number }) => `${d.code}@${d.line}:${d.column}`)).toEqual([
      "REG006@2:4",
      "REG032@2:4",
      "REG005@3:7",
    ]);
  });
  it("duplicates: the later rows are rejected and name the first", () => {
    const { data } = json([join(REG, "duplicates.csv")]);
    expect(data.rejected_rows).toEqual([3, 5, 6]);
    const dup = data.diagnostics.find((d: { code: string }) => d.code === "REG015");
    expect(dup).toMatchObject({ severity: "error", line: 4, column: 2, row: 3 });
    expect(dup.message).toContain("与第 1 行（文件第 2 行）重复");
  });
  it("an unclosed quote rejects one row; the rows after it are still read", () => {
    const { data } = json([join(REG, "unclosed.csv")]);
    expect([data.read, data.accepted, data.rejected_rows]).toEqual([3, 2, [2]]);
    expect(data.diagnostics[0]).toMatchObject({ code: "REG004", line: 3, column: 1 });
  });
  it("formula injection is neutralised in the CSV outputs", () => {
    const out = tmp();
    json([join(REG, "formula.csv"), "-o", out, "--no-xlsx", "--no-html"]);
    const text = csv(join(out, "达标名单.csv"));
    expect(text).toContain(`"'=HYPERLINK(""http://example.com"")"`);
    expect(text).toContain("'+泉州加号有限公司");
    expect(text).toContain("'@SUM(1+1)");
    expect(text).toContain("'-2+3");
  });
});

describe("exit codes and messages", () => {
  it("a missing required column is an error naming the columns found (exit 2)", () => {
    const r = stdz(["batch", join(REG, "missing-column.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("REG001 缺少必需的列：所属行业；文件中的列：单位名称、统一社会信用代码、所属区县");
    expect(r.stdout).toBe("");
  });
  it("a missing file cannot run (exit 2)", () => {
    const r = stdz(["batch", join(REG, "nope.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLI001/);
  });
  it("a damaged Excel workbook is named as such (exit 2)", () => {
    const d = tmp();
    writeFileSync(join(d, "x.xlsx"), Buffer.from("PK\x03\x04\x14\x00", "latin1"));
    const r = stdz(["batch", join(d, "x.xlsx")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.xlsx: error REG063 无法读取 Excel 工作簿：压缩结构已损坏/);
  });
  it("rejections exit 0, or 1 with --strict", () => {
    expect(stdz(["batch", join(REG, "small.csv")]).code).toBe(0);
    expect(stdz(["batch", join(REG, "small.csv"), "--strict"]).code).toBe(1);
    expect(stdz(["batch", join(REG, "bom.csv"), "--strict"]).code).toBe(0);
  });
  it("bad options and bad targets files cannot run (exit 2) and leave no output", () => {
    const out = tmp();
    expect(stdz(["batch", join(REG, "small.csv"), "--as-of", "2024-02-30"]).code).toBe(2);
    expect(stdz(["batch", join(REG, "small.csv"), "--thresholds", "60,75,90"]).code).toBe(2);
    const bad = join(out, "bad.yaml");
    writeFileSync(bad, "milestones:\n  - by: 2014-12-31\n    rate: 15\n");
    const r = stdz(["batch", join(REG, "small.csv"), "--targets", bad, "-o", join(out, "o")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:3:11: error REG040/);
    expect(readdirSync(out)).toEqual(["bad.yaml"]);
  });
  it("an output never replaces an input (exit 2)", () => {
    const d = tmp();
    writeFileSync(join(d, "达标名单.csv"), readFileSync(join(REG, "bom.csv")));
    const r = stdz(["batch", join(d, "达标名单.csv"), "-o", d]);
    expect(r.code).toBe(2);
    expect(readdirSync(d)).toEqual(["达标名单.csv"]);
    expect(readFileSync(join(d, "达标名单.csv"))).toEqual(readFileSync(join(REG, "bom.csv")));
  });
  it("without -o nothing is written", () => {
    const d = tmp();
    const r = stdz(["batch", join(REG, "small.csv")], { cwd: d });
    expect(r.code).toBe(0);
    expect(readdirSync(d)).toEqual([]);
    expect(r.stdout).toContain("读取 14 行，接收 12 行，拒收 2 行，警告 4 条");
    expect(r.stdout).toContain("达标企业 8 家，达标率 61.5%（应达标企业 13 家）");
  });
  it("the table summary, in Chinese by default and English with --lang en", () => {
    const zh = stdz(["batch", join(REG, "small.csv"), "--as-of", "2024-06-30"]);
    expect(zh.stdout).toMatch(/规模以上企业\s+2\s+1\s+1\s+0\s+4/);
    expect(zh.stdout).toMatch(/丰泽区\s+4\s+2\s+50\.0%/);
    expect(zh.stderr).toMatch(/small\.csv:15:3: error REG013 .*（第 13 行数据）/);
    const en = stdz(["--lang", "en", "batch", join(REG, "small.csv"), "--as-of", "2024-06-30"]);
    expect(en.stdout).toContain("read 14 rows, accepted 12, rejected 2, 4 warnings");
    expect(en.stderr).toMatch(/error REG013 credit code '9135050200000013XA': the check character should be M, not A .*\(row 13\)/);
  });
  it("--departments replaces the sector → department table", () => {
    const { data } = json([join(REG, "small.csv"), "--departments", join(ROOT, "examples", "registers", "departments-example.csv")]);
    expect(data.departments.map((d: { name: string }) => d.name)).toEqual(["区交通运输局", "区教育局", "区商务局", "区应急管理局", "未分工"]);
  });
  it("--standard takes the downgrade thresholds from a standard's grading levels", () => {
    const { code, data } = json([join(REG, "small.csv"), "--standard", "xw-gw-2016", "--thresholds", "95,80,70"]);
    expect(code).toBe(0);
    // 小微达标 from the standard (60), the others from --thresholds.
    expect(data.thresholds).toEqual({ 一级: "95", 二级: "80", 三级: "70", 小微达标: "60" });
  });
  it("help says that nothing is written without -o", () => {
    const r = stdz(["batch", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("不带 -o 时不写任何文件");
  });
});
