import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, type Diagnostic } from "../../src/diagnostics.js";
import { docxTables } from "../../src/io/import-table.js";
import { importStandard } from "../../src/flows/import.js";
import { compileStandard, lintPaths } from "../../src/flows/standard.js";
import { message } from "../../src/render/formats/message.js";
import { unparsedCsv } from "../../src/render/import/report.js";
import { importedStandardYaml } from "../../src/render/import/standard-yaml.js";
import { allItems } from "../../src/core/standard/model.js";
import { tableCsv, tableDocx, tableXlsx, type TableRowData } from "../helpers/export-table.js";

const H = ["类目", "项目", "序号", "考评内容", "标准分值", "考评办法", "评分方式"];
const row = (...cells: string[]): TableRowData => ({ cells });
/**
 * A rubric as authors publish it: Chinese numbering, a content over two rows (one clause per
 * row, content and points merged), a ★ veto, a clause nobody can parse, a 小计 that is wrong
 * (21 for 20 points) and a right 合计.
 */
const RUBRIC: TableRowData[] = [
  row(...H),
  row("一、目标职责", "（一）目标", "", "★建立安全生产目标管理制度", "10", "查文件", "未建立制度的，不得分"),
  row("一、目标职责", "（一）目标", "", "★建立安全生产目标管理制度", "10", "", "目标不全，每项扣2分，扣完为止"),
  row("一、目标职责", "（一）目标", "", "逐级签订安全生产责任书", "6", "查责任书", "每缺一份扣1分\n视情况酌情扣分"),
  row("一、目标职责", "（二）机构", "", "设置安全管理机构", "4", "", "未设置机构，扣4分（否决项）"),
  { cells: ["小计", "", "", "", "21", "", ""], sum: true },
  row("二、现场管理", "", "", "特种设备定期检验", "10", "查检验报告", "未检验，每台扣5分\n扣满10分的，追加扣除5分"),
  { cells: ["小计", "", "", "", "10", "", ""], sum: true },
  { cells: ["合计", "", "", "", "30", "", ""], sum: true },
];
const MERGED = [0, 1, 3, 4];

const dir = mkdtempSync(join(tmpdir(), "stdz-import-formats-"));
async function write(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const f = join(dir, name);
  writeFileSync(f, await bytes);
  return f;
}

const summary = (diags: Diagnostic[]) => diags.map((d) => `${d.code} ${message(d, "zh")}`);

describe("import: one rubric in every format", () => {
  const formats: Array<[string, () => Promise<string>, string, string]> = [
    ["docx", () => write("r.docx", tableDocx(RUBRIC, { merged: MERGED, coverTable: true })), "表 2 第 4 行第 7 列", "表 2 第 6 行第 5 列"],
    ["xlsx", () => write("r.xlsx", tableXlsx(RUBRIC, { merged: MERGED })), "工作表 “评分表” G4", "工作表 “评分表” E6"],
    [
      "csv utf-8",
      () => write("r-utf8.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), tableCsv(RUBRIC, "utf8", MERGED)])),
      "第 4 行第 7 列",
      "第 7 行第 5 列",
    ],
    ["csv gbk", () => write("r-gbk.csv", tableCsv(RUBRIC, "gbk", MERGED)), "第 4 行第 7 列", "第 7 行第 5 列"],
  ];
  for (const [name, make, unparsedAt, subtotalAt] of formats) {
    it(name, async () => {
      const file = await make();
      const r = await importStandard(file, { shown: "r", fallbackTitle: "r" });
      // The wrong 小计 is an error of the table; the clause nobody can parse a warning at its cell.
      expect(summary(r.diagnostics)).toEqual([
        `IMP009 ${unparsedAt}：未能解析“视情况酌情扣分”，已作为注释保留在考评内容 1.1.2 下，请手工写成扣分项`,
        `IMP007 ${subtotalAt}：小计 21 分，而上面各项分值之和为 20 分`,
      ]);
      expect(r.outcome).toBe("invalid");
      const t = r.value!.table;
      expect(t.declared_total?.value.toString()).toBe("30");
      const yaml = importedStandardYaml(t, { id: "r", title: "示例评分表", tier: "provincial", sectors: ["*"], source: "r" }, "zh");
      const yf = join(dir, `${name.replace(/\W/g, "-")}.yaml`);
      writeFileSync(yf, yaml);
      expect(yaml).toContain(`# 未解析（${unparsedAt}）：视情况酌情扣分`);
      expect((await lintPaths([yf], [])).diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
      const std = (await compileStandard(yf, [])).value!;
      expect(std.total.toString()).toBe("30");
      expect(std.elements.map((e) => [e.id, e.title, e.elements.map((p) => [p.id, p.title])])).toEqual([
        [
          "1",
          "目标职责",
          [
            ["1.1", "目标"],
            ["1.2", "机构"],
          ],
        ],
        ["2", "现场管理", []],
      ]);
      const items = [...allItems(std)].map(({ item: i }) => ({
        id: i.id,
        title: i.title,
        points: i.points.toString(),
        method: i.method,
        veto: i.veto,
        exhausted_penalty: i.exhausted_penalty?.toString(),
        deductions: i.deductions.map((d) => [d.id, d.text, d.points.toString(), d.max?.toString()]),
      }));
      expect(items).toEqual([
        {
          id: "1.1.1",
          title: "建立安全生产目标管理制度",
          points: "10",
          method: "查文件",
          veto: "all",
          exhausted_penalty: undefined,
          deductions: [
            ["a", "未建立制度的，不得分", "10", undefined],
            ["b", "目标不全，每项扣2分，扣完为止", "2", "10"],
          ],
        },
        {
          id: "1.1.2",
          title: "逐级签订安全生产责任书",
          points: "6",
          method: "查责任书",
          veto: false,
          exhausted_penalty: undefined,
          deductions: [["a", "每缺一份扣1分", "1", undefined]],
        },
        {
          id: "1.2.1",
          title: "设置安全管理机构",
          points: "4",
          method: undefined,
          veto: "all",
          exhausted_penalty: undefined,
          deductions: [["a", "未设置机构，扣4分（否决项）", "4", undefined]],
        },
        {
          id: "2.1",
          title: "特种设备定期检验",
          points: "10",
          method: "查检验报告",
          veto: false,
          exhausted_penalty: "5",
          deductions: [["a", "未检验，每台扣5分", "5", undefined]],
        },
      ]);
      // The author's list: one row per text not parsed, in the language asked for.
      expect(unparsedCsv(t, "en")).toBe(
        `\uFEFFplace,content,text\r\n${name.startsWith("docx") ? "table 2 row 4 column 7" : name === "xlsx" ? "sheet '评分表' G4" : "line 4 column 7"},1.1.2,视情况酌情扣分\r\n`,
      );
    });
  }
});

describe("import: headers, ids and the 考评办法 column", () => {
  it("reads 考评办法 as the clause column when there is no 评分方式, its 查… sentences as the method, and numbers contents itself", async () => {
    const csv = [
      "A级要素,B级要素,评审内容,分值,考评办法",
      "5.1 目标职责,5.1.1 目标,制定年度安全生产目标,8,查文件。未制定目标，扣8分；每缺一项指标扣1分，最多扣4分。",
      ",,目标考核,4,查考核记录。未考核的，本项目不得分。",
      ",5.1.2 机构,设置机构,6,未设置安全管理机构的，“目标职责”大项不得分",
    ].join("\n");
    const f = await write("headers.csv", Buffer.from(csv));
    const r = await importStandard(f, { shown: "headers.csv", fallbackTitle: "t" });
    expect(r.diagnostics).toEqual([]);
    const t = r.value!.table;
    const items = t.elements.flatMap((e) => e.elements.flatMap((p) => p.items));
    expect(items.map((i) => [i.id, i.method, i.deductions.map((d) => [d.points.toString(), d.max?.toString(), d.zeroes])])).toEqual([
      [
        "5.1.1.1",
        "查文件",
        [
          ["8", undefined, undefined],
          ["1", "4", undefined],
        ],
      ],
      ["5.1.1.2", "查考核记录", [["4", undefined, "5.1.1"]]],
      ["5.1.2.1", undefined, [["6", undefined, "5.1"]]],
    ]);
  });

  it("points with 分, headings stating their points (checked), a header repeated mid-table, clauses run together with ① or （2）", async () => {
    const csv = [
      "类目,项目,考评内容,标准分值,评分方式",
      "一、目标职责（12分）,,制定目标,10分,①未制定目标，扣10分②目标不全，每项扣2分",
      ",,目标考核,3,考核不全的，扣1分",
      "类目,项目,考评内容,标准分值,评分方式",
      "二、机构（5分）,,设置机构,5,（1）未设置机构，扣5分 （2）机构职责不清，扣2分",
    ].join("\n");
    const f = await write("declared.csv", Buffer.from(csv));
    const r = await importStandard(f, { shown: "declared.csv", fallbackTitle: "t" });
    expect(summary(r.diagnostics)).toEqual(["IMP015 第 2 行第 1 列：“目标职责”标注 12 分，而其下各项分值之和为 13 分"]);
    expect(r.diagnostics[0]!.line).toBe(2);
    const t = r.value!.table;
    expect(t.elements.map((e) => [e.id, e.title, e.items.map((i) => [i.id, i.points.toString(), i.deductions.map((d) => d.text)])])).toEqual([
      [
        "1",
        "目标职责",
        [
          ["1.1", "10", ["未制定目标，扣10分", "目标不全，每项扣2分"]],
          ["1.2", "3", ["考核不全的，扣1分"]],
        ],
      ],
      ["2", "机构", [["2.1", "5", ["未设置机构，扣5分", "机构职责不清，扣2分"]]]],
    ]);
  });

  it("a table without a header row, an unknown file type, a missing table or sheet: nothing imported", async () => {
    const noHeader = await write("noheader.csv", Buffer.from("甲,乙\n1,2\n"));
    const r = await importStandard(noHeader, { shown: "noheader.csv", fallbackTitle: "t" });
    expect(r.outcome).toBe("cannot-run");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["IMP004"]);
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return "no error";
      } catch (e) {
        return e instanceof InputError ? e.diagnostics.map((d) => d.code).join() : String(e);
      }
    };
    const docx = await write("t.docx", tableDocx(RUBRIC));
    const xlsx = await write("t.xlsx", tableXlsx(RUBRIC));
    expect(await codeOf(importStandard(join(dir, "x.pdf"), { shown: "x.pdf", fallbackTitle: "t" }))).toBe("IMP005");
    expect(await codeOf(importStandard(docx, { shown: "t.docx", fallbackTitle: "t", table: 3 }))).toBe("IMP002");
    expect(await codeOf(importStandard(xlsx, { shown: "t.xlsx", fallbackTitle: "t", sheet: "无此表" }))).toBe("IMP003");
    expect(await codeOf(importStandard(await write("bad.docx", Buffer.from("not a zip")), { shown: "bad.docx", fallbackTitle: "t" }))).toBe("IMP011");
    expect((await importStandard(xlsx, { shown: "t.xlsx", fallbackTitle: "t", sheet: "2" })).value?.table.items).toBe(4);
  });
});

describe("docx tables", () => {
  it("fills w:gridSpan to the right and w:vMerge down, marking the copies", () => {
    const xml =
      '<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>甲 &amp; 乙</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>丙</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">丁</w:t></w:r></w:p></w:tc></w:tr>' +
      '<w:tr><w:trPr><w:gridBefore w:val="0"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>';
    expect(docxTables(xml)).toEqual([
      [
        [{ text: "甲 & 乙" }, { text: "丙\n丁" }, { text: "丙\n丁", merged: "right" }],
        [{ text: "甲 & 乙", merged: "down" }, { text: "1" }, { text: "2" }],
      ],
    ]);
  });

  it("reads a table built by the docx library back as written", async () => {
    const f = await write("plain.docx", tableDocx(RUBRIC, { merged: MERGED }));
    const r = await importStandard(f, { shown: "plain.docx", fallbackTitle: "t" });
    expect(r.value!.table.items).toBe(4);
    expect(readFileSync(f).subarray(0, 2).toString()).toBe("PK");
  });
});
