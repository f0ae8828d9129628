import { describe, expect, it } from "vitest";
import { checkCertNo } from "../../src/core/register/certificate.js";
import { columnForHeader, mapHeader } from "../../src/core/register/columns.js";
import { parseDateCell, parseEmployees, parseGrade, parseScore, parseYesNo, SCORE_SCALE } from "../../src/core/register/values.js";
import { parseThresholds, readRow } from "../../src/core/register/row.js";
import { withCheckChar } from "../../src/core/lib/credit-code.js";
import fc from "fast-check";
import { Rational } from "../../src/core/lib/rational.js";

describe("headers", () => {
  it("reads Chinese names, English aliases and variants", () => {
    expect(columnForHeader("单位名称")).toBe("name");
    expect(columnForHeader(" Credit Code ")).toBe("credit_code");
    expect(columnForHeader("credit-code")).toBe("credit_code");
    expect(columnForHeader("*所属行业")).toBe("sector");
    expect(columnForHeader("从业人员数量（人）")).toBe("employees");
    expect(columnForHeader("规模以上(是/否)")).toBe("above_scale");
    expect(columnForHeader("县（市、区）")).toBe("county");
    expect(columnForHeader("\uFEFF序号")).toBeUndefined();
    expect(columnForHeader("备注")).toBeUndefined();
  });
  it("keeps extra columns, reports the missing required ones and duplicates", () => {
    const m = mapHeader(["序号", "name", "行业", "备注", "企业名称"]);
    expect(m.index.name).toBe(1);
    expect(m.index.sector).toBe(2);
    expect(m.extras).toEqual([0, 3, 4]);
    expect(m.duplicates).toEqual([{ column: 4, first: 1, key: "name" }]);
    expect(m.missing).toEqual([]);
    expect(mapHeader(["单位名称", "区县"]).missing).toEqual(["所属行业"]);
  });
});

describe("values as Excel users write them", () => {
  it("grades and their variants", () => {
    for (const v of ["一级", "1级", "Ⅰ级", "I级", "一级达标", " 一级 ", "１级"]) expect(parseGrade(v), v).toBe("一级");
    for (const v of ["二级", "2级", "Ⅱ级", "II级"]) expect(parseGrade(v), v).toBe("二级");
    for (const v of ["三级", "3级", "Ⅲ级", "III级"]) expect(parseGrade(v), v).toBe("三级");
    for (const v of ["小微达标", "小微", "小微企业达标", "达标"]) expect(parseGrade(v), v).toBe("小微达标");
    for (const v of ["未达标", "不达标"]) expect(parseGrade(v), v).toBe("未达标");
    for (const v of ["", "  ", "-", "—", "/", "无"]) expect(parseGrade(v), v).toBeUndefined();
    for (const v of ["四级", "A级", "优秀"]) expect(parseGrade(v), v).toBeNull();
  });
  it("yes / no", () => {
    for (const v of ["是", "Y", "y", "yes", "TRUE", "true", "1", "√"]) expect(parseYesNo(v), v).toBe(true);
    for (const v of ["否", "N", "no", "False", "0", "×"]) expect(parseYesNo(v), v).toBe(false);
    expect(parseYesNo("")).toBeUndefined();
    expect(parseYesNo("也许")).toBeNull();
  });
  it("dates in ISO, slashes, 年月日, yyyymmdd and Excel serials", () => {
    expect(parseDateCell("2024-06-30")).toBe("2024-06-30");
    expect(parseDateCell("2024/6/30")).toBe("2024-06-30");
    expect(parseDateCell("2024.6.30")).toBe("2024-06-30");
    expect(parseDateCell("2024年6月30日")).toBe("2024-06-30");
    expect(parseDateCell("2024 年 6 月 30 日")).toBe("2024-06-30");
    expect(parseDateCell("20240630")).toBe("2024-06-30");
    expect(parseDateCell("2024-06-30 00:00:00")).toBe("2024-06-30");
    // 45473 is 2024-06-30 in Excel's 1900 system (which counts a phantom 1900-02-29).
    expect(parseDateCell("45473")).toBe("2024-06-30");
    expect(parseDateCell("44988")).toBe("2023-03-03");
    expect(parseDateCell("45351")).toBe("2024-02-29");
    expect(parseDateCell("")).toBeUndefined();
    for (const v of ["2024-02-30", "2023-02-29", "2024/13/1", "2024", "yesterday", "99999", "123"]) expect(parseDateCell(v), v).toBeNull();
  });
  it("headcounts", () => {
    expect(parseEmployees("120")).toBe(120);
    expect(parseEmployees("1,234")).toBe(1234);
    expect(parseEmployees("120.0")).toBe(120);
    expect(parseEmployees("0")).toBe(0);
    expect(parseEmployees("")).toBeUndefined();
    for (const v of ["-5", "1.5", "约100", "1,23"]) expect(parseEmployees(v), v).toBeNull();
  });
  it("scores in 0..100, exact", () => {
    expect(parseScore("87.5")).toEqual({ text: "87.5", micro: 87.5 * SCORE_SCALE });
    expect(parseScore("100")).toEqual({ text: "100", micro: 100 * SCORE_SCALE });
    expect(parseScore("100.0")).toEqual({ text: "100", micro: 100 * SCORE_SCALE });
    expect(parseScore("0")).toEqual({ text: "0", micro: 0 });
    expect(parseScore("89.95分")?.micro).toBe(89_950_000);
    expect(parseScore("74.9999999")?.micro).toBe(74_999_999); // truncated: still below 75
    for (const v of ["100.01", "101", "-1", "abc", "1e2"]) expect(parseScore(v), v).toBeNull();
  });
  it("scores: the fast path agrees with exact decimal arithmetic (property)", () => {
    const text = fc.tuple(fc.stringMatching(/^\d{1,4}$/), fc.option(fc.stringMatching(/^\d{0,8}$/))).map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(text, (t) => {
        const r = Rational.parse(t);
        const got = parseScore(t);
        if (!r || r.gt(Rational.of(100)) || t.endsWith(".")) {
          if (t.endsWith(".") && r && r.lte(Rational.of(100))) expect(got?.micro).toBe(Number(r.mul(Rational.of(SCORE_SCALE)).floor()));
          else expect(got).toBeNull();
        } else {
          expect(got?.micro).toBe(Number(r.mul(Rational.of(SCORE_SCALE)).floor()));
          expect(Rational.parse(got!.text)!.eq(r)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("thresholds", () => {
    expect(parseThresholds("90,75,60")).toEqual({ 一级: 90e6, 二级: 75e6, 三级: 60e6, 小微达标: 60e6 });
    expect(parseThresholds("90,70,60,55")?.小微达标).toBe(55e6);
    expect(parseThresholds("60,75,90")).toBeUndefined();
    expect(parseThresholds("90,75")).toBeUndefined();
  });
});

describe("certificate numbers (2014 format)", () => {
  it("accepts well-formed numbers and reads the level", () => {
    expect(checkCertNo("京AQBJXⅡ201400001")).toEqual({ ok: true, level: "二级" });
    expect(checkCertNo("AQBWHⅠ201500012")).toEqual({ ok: true, level: "一级" });
    expect(checkCertNo("闽AQBFZⅢ202000003")).toEqual({ ok: true, level: "三级" });
  });
  it("explains what is wrong", () => {
    expect(checkCertNo("闽AQBJXⅠ202100009")).toMatchObject({ ok: false, detail: { zh: "一级证书不带省份简称" } });
    expect(checkCertNo("AQBJXⅡ201400001")).toMatchObject({ ok: false, detail: { zh: "二级、三级证书应以省份简称开头" } });
    expect(checkCertNo("闽AQBZZⅡ201400001")).toMatchObject({ ok: false });
    expect(checkCertNo("闽AQBJXII201400001")).toMatchObject({ ok: false, detail: { zh: "等级应写作罗马数字 Ⅰ/Ⅱ/Ⅲ（全角字符）" } });
    expect(checkCertNo("闽安许证字2014")).toMatchObject({ ok: false, detail: { zh: "缺少 “AQB”" } });
  });
});

describe("readRow: which problems reject and which warn (DESIGN.md Register)", () => {
  const header = mapHeader(["单位名称", "统一社会信用代码", "从业人员数量", "所属行业", "所属区县", "达标等级", "评审得分", "证书编号", "发证日期"]);
  const code = withCheckChar("91350502MA2XYP12A");
  const row = (cells: Partial<Record<string, string>>) =>
    readRow(
      [
        cells.name ?? "泉州某机械有限公司",
        cells.code ?? code,
        cells.emp ?? "10",
        cells.sector ?? "机械",
        cells.county ?? "鲤城区",
        cells.grade ?? "二级",
        cells.score ?? "80",
        cells.cert ?? "",
        cells.issued ?? "",
      ],
      header,
      { row: 7, line: 9 },
    );
  const codes = (r: ReturnType<typeof row>) => r.problems.map((p) => `${p.code}${p.reject ? "!" : ""}@${p.column}`);

  it("a clean row has no problems", () => {
    const r = row({});
    expect(r.problems).toEqual([]);
    expect(r.row).toMatchObject({ row: 7, line: 9, name: "泉州某机械有限公司", grade: "二级", county: "鲤城区" });
  });
  it("rejects: empty name or sector, bad code, headcount, score, grade, date", () => {
    expect(codes(row({ name: " " }))).toEqual(["REG010!@1"]);
    expect(codes(row({ sector: "" }))).toEqual(["REG011!@4"]);
    expect(codes(row({ code: code.slice(0, 17) + (code[17] === "0" ? "1" : "0") }))).toEqual(["REG013!@2"]);
    expect(codes(row({ code: "9135" }))).toEqual(["REG012!@2"]);
    expect(codes(row({ emp: "-1" }))).toEqual(["REG017!@3"]);
    expect(codes(row({ score: "120" }))).toEqual(["REG018!@7"]);
    expect(codes(row({ grade: "四级" }))).toEqual(["REG019!@6"]);
    expect(codes(row({ issued: "2024-02-30" }))).toEqual(["REG020!@9"]);
    expect(row({ emp: "-1" }).row).toBeUndefined();
  });
  it("warns: empty code, malformed certificate, score below the grade, empty county", () => {
    expect(codes(row({ code: "" }))).toEqual(["REG014@2"]);
    expect(codes(row({ cert: "闽AQB-123" }))).toEqual(["REG030@8"]);
    expect(codes(row({ cert: "闽AQBJXⅢ201400001" }))).toEqual(["REG033@8"]);
    expect(codes(row({ score: "74.9" }))).toEqual(["REG031@7"]);
    expect(codes(row({ county: "" }))).toEqual(["REG032@5"]);
    expect(row({ county: "" }).row?.county).toBe("未填");
  });
  it('reads ="…" credit codes (exported to keep Excel from making numbers of them)', () => {
    const r = row({ code: `="${code}"` });
    expect(r.problems).toEqual([]);
    expect(r.row?.credit_code).toBe(code);
  });
  it("reports every problem of a row at once", () => {
    expect(codes(row({ name: "", emp: "x", grade: "五级", score: "70" }))).toEqual(["REG010!@1", "REG017!@3", "REG019!@6"]);
  });
  it("ragged rows: short ones warn, long ones with data are rejected", () => {
    const short = readRow(["泉州某公司", code, "10", "机械"], header, { row: 1, line: 2 });
    expect(short.problems.map((p) => p.code)).toContain("REG006");
    expect(short.row).toBeDefined();
    const long = readRow(["泉州某公司", code, "10", "机械", "鲤城区", "二级", "80", "", "", "多余"], header, { row: 1, line: 2 });
    expect(long.problems.map((p) => `${p.code}@${p.column}`)).toEqual(["REG005@10"]);
    const emptyTail = readRow(["泉州某公司", code, "10", "机械", "鲤城区", "二级", "80", "", "", " "], header, { row: 1, line: 2 });
    expect(emptyTail.problems).toEqual([]);
  });
});
