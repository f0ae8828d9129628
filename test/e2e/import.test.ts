import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { standardTable, tableCsv, tableDocx, tableXlsx, type TableRowData } from "../helpers/export-table.js";

const row = (...cells: string[]): TableRowData => ({ cells });
const sum = (label: string, points: string): TableRowData => ({ cells: [label, "", "", "", points, "", ""], sum: true });
const HEADER = row("考评类目", "考评项目", "序号", "考评内容", "标准分值", "考评办法", "评分标准");
const body = (subtotal: string): TableRowData[] => [
  HEADER,
  row("1 目标职责", "1.1 目标", "", "制定安全生产目标", "10", "查文件", "未制定目标的，不得分\n每缺一项指标扣2分，扣完为止"),
  row("1 目标职责", "1.1 目标", "", "目标考核", "5", "查记录", "未考核，扣5分\n考核流于形式的，由评审组酌定"),
  row("1 目标职责", "1.2 机构", "", "设置安全管理机构", "5", "", "未设置机构的，本项目不得分"),
  sum("小计", subtotal),
  sum("合计", "20"),
];

describe("stdz import (built binary)", () => {
  const dir = mkdtempSync(join(tmpdir(), "stdz-import-e2e-"));

  it("a Word table → a lint-clean standard, the summary in Chinese; the unparsed clause listed and kept", async () => {
    const docx = join(dir, "评分表.docx");
    writeFileSync(docx, await tableDocx(body("20")));
    const out = join(dir, "imported.yaml");
    const report = join(dir, "unparsed.csv");
    const r = stdz(["import", docx, "-o", out, "--id", "demo-2026", "--title", "示例评分标准", "--sectors", "机械,轻工", "--report", report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 个表格，1 个类目，3 项考评内容，4 条扣分项，总分 20");
    expect(r.stdout).toContain("1 处文字未能解析，已作为注释保留在标准中：");
    expect(r.stdout).toContain("表 1 第 3 行第 7 列  1.1.2  考核流于形式的，由评审组酌定");
    expect(r.stderr).toContain("warning IMP009 表 1 第 3 行第 7 列：未能解析“考核流于形式的，由评审组酌定”");
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/standard\.schema\.json/);
    expect(yaml).toContain("id: demo-2026");
    expect(yaml).toContain('sectors: ["机械", "轻工"]');
    expect(yaml).toContain("# 未解析（表 1 第 3 行第 7 列）：考核流于形式的，由评审组酌定");
    expect(yaml).toContain('{ id: a, text: "未设置机构的，本项目不得分", points: 5, zeroes: "1.2" }');
    expect(readFileSync(report, "utf8")).toBe("\uFEFF位置,考评内容,未能解析的文字\r\n表 1 第 3 行第 7 列,1.1.2,考核流于形式的，由评审组酌定\r\n");
    const lint = stdz(["lint", out]);
    expect(lint.stderr + lint.stdout).not.toMatch(/error|warning/);
    expect(lint.code).toBe(0);

    // The imported file is the author's to edit: not written over without --force.
    writeFileSync(out, "edited\n");
    const again = stdz(["import", docx, "-o", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("STD008");
    expect(readFileSync(out, "utf8")).toBe("edited\n");
    expect(stdz(["import", docx, "-o", out, "--force"]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("stdz: 1");
  });

  it("--lang en: summary, diagnostics and report in English; the YAML on stdout when no -o", async () => {
    const csv = join(dir, "rubric.csv");
    writeFileSync(csv, tableCsv(body("20"), "gbk"));
    const report = join(dir, "en.csv");
    const r = stdz(["import", csv, "--lang", "en", "--report", report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported by stdz import from /m);
    expect(r.stdout).toContain("id: rubric");
    expect(r.stdout).toContain("# not parsed (line 4 column 7): 考核流于形式的，由评审组酌定");
    expect(r.stderr).toContain("warning IMP009 line 4 column 7: could not parse '考核流于形式的，由评审组酌定'");
    expect(r.stderr).toContain("1 table(s), 1 categories, 3 contents, 4 deductions, total 20");
    expect(readFileSync(report, "utf8")).toBe("\uFEFFplace,content,text\r\nline 4 column 7,1.1.2,考核流于形式的，由评审组酌定\r\n");
  });

  it("a wrong 小计 is an error of the table (exit 1), and the standard is still written for the author to fix", async () => {
    const xlsx = join(dir, "bad.xlsx");
    writeFileSync(xlsx, await tableXlsx(body("25")));
    const out = join(dir, "bad.yaml");
    const r = stdz(["import", xlsx, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error IMP007 工作表 “评分表” E5：小计 25 分，而上面各项分值之和为 20 分");
    expect(readFileSync(out, "utf8")).toContain("total: 20");
    const en = stdz(["import", xlsx, "--sheet", "评分表", "--lang", "en"]);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain("error IMP007 sheet '评分表' E5: the subtotal says 25 points, the contents above add up to 20");
  });

  it("what cannot run: a missing table, a wrong option for the file type, an unknown type, a missing file", async () => {
    const docx = join(dir, "one.docx");
    writeFileSync(docx, await tableDocx(body("20")));
    const t = stdz(["import", docx, "--table", "2"]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("IMP002 没有第 2 个表格（文件中共 1 个）");
    const s = stdz(["import", docx, "--sheet", "1", "--lang", "en"]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("CLI002");
    expect(s.stderr).toContain("--sheet is for Excel workbooks (.xlsx) only");
    const pdf = stdz(["import", join(dir, "x.pdf")]);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain("IMP005");
    expect(stdz(["import", join(dir, "missing.csv")]).stderr).toContain("CLI001");
  });

  it("a shipped standard exported to a Word table comes back with the same contents through the binary", async () => {
    const { compileStandard } = await import("../../src/flows/standard.js");
    const { value: std } = await compileStandard("standards/xw-gw-2016.yaml", []);
    const docx = join(dir, "xw.docx");
    writeFileSync(docx, await tableDocx(standardTable(std!)));
    const out = join(dir, "xw.yaml");
    const r = stdz(["import", docx, "-o", out, "--id", "xw-back"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("评分方式文字全部解析");
    const a = stdz(["compile", "standards/xw-gw-2016.yaml"]);
    const b = stdz(["compile", out]);
    const points = (j: string) => {
      const c = JSON.parse(j) as {
        total: number;
        elements: Array<{ id: string; items: Array<{ id: string; points: number; deductions: Array<{ points: number; max?: number }> }> }>;
      };
      return { total: c.total, elements: c.elements.map((e) => e.items.map((i) => [i.id, i.points, i.deductions.map((d) => [d.points, d.max])])) };
    };
    expect(points(b.stdout)).toEqual(points(a.stdout));
  });
});
