// 达标 at --as-of, honest denominators and the 达标率 trend, on hand-counted registers
// (test/fixtures/register-dates/README.md works out every figure below).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { stdz } from "../helpers/run.js";
import { FIXTURES, ROOT } from "../helpers/paths.js";

const DIR = join(FIXTURES, "register-dates");
const tmps: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "stdz-dates-"));
  tmps.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

const json = (args: string[], env?: Record<string, string>) => {
  const r = stdz(["batch", ...args, "--format", "json", "--no-progress"], env ? { env } : {});
  return { ...r, data: r.stdout ? JSON.parse(r.stdout) : undefined };
};
const csvLines = (file: string) => readFileSync(file, "utf8").slice(1).trimEnd().split("\r\n");
type County = { name: string; enterprises: number; accepted: number; rejected_counted: number; qualified: number; rate: number };
const counties = (data: { counties: County[] }) => data.counties.map((c) => [c.name, c.enterprises, c.qualified]);

describe("the README example (examples/registers/quanzhou-300.csv)", () => {
  const reg = join(ROOT, "examples", "registers", "quanzhou-300.csv");
  it("reports 0 达标 at 2015-12-31: every certificate was issued in 2021–2024", () => {
    const { code, data } = json([reg, "--as-of", "2015-12-31"]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ as_of: "2015-12-31", qualified: 0, not_yet_issued: 135, expired: 0 });
    expect(data.table["总计"]).toBe(0);
  });
  it("at 2024-06-30 the 12 expired certificates do not count (135 − 12 = 123)", () => {
    const { data } = json([reg, "--as-of", "2024-06-30"]);
    expect(data).toMatchObject({ qualified: 123, expired: 12, not_yet_issued: 0 });
    expect(data.dynamic.expired).toBe(12);
    expect(data.table["总计"]).toBe(123);
    // 300 rows: 289 accepted + 11 rejected (none a duplicate).
    expect(data.denominator).toEqual({ rule: "all", enterprises: 300, accepted: 289, rejected_counted: 11 });
    expect(data.total).toMatchObject({ enterprises: 300, qualified: 123, rate: 0.41 });
  });
});

describe("denominator.csv: 5 rows, 3 rejected (one a later duplicate)", () => {
  const file = join(DIR, "denominator.csv");
  it("--denominator all (default): rejected rows count as not 达标, the duplicate does not: 2 of 4", () => {
    const out = tmp();
    const r = json([file, "--as-of", "2024-06-30", "-o", out, "--no-xlsx"]);
    expect(r.data).toMatchObject({ read: 5, accepted: 2, rejected: 3, qualified: 2 });
    expect(r.data.denominator).toEqual({ rule: "all", enterprises: 4, accepted: 2, rejected_counted: 2 });
    expect(r.data.total).toMatchObject({ enterprises: 4, qualified: 2, rate: 0.5 });
    expect(counties(r.data)).toEqual([
      ["丰泽区", 1, 1],
      ["鲤城区", 2, 1],
      ["未填", 1, 0],
    ]);
    const rates = csvLines(join(out, "达标率.csv"));
    expect(rates[1]).toBe("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,合计,合计,4,2,2,50.0,,,,,,,,");
    expect(rates).toContain("2024-06-30,全部行（拒收行按未达标计，后出现的重复行除外）,区县,鲤城区,2,1,1,50.0,,,,,,,,");
    const html = readFileSync(join(out, "汇总.html"), "utf8");
    expect(html).toContain('data-testid="enterprises">4<');
    expect(html).toContain('data-testid="rejected-counted">2<');
    expect(html).toContain("全部行（拒收行按未达标计，后出现的重复行除外）");
  });
  it("the console names the rule and the rejected rows counted", () => {
    const r = stdz(["batch", file, "--as-of", "2024-06-30"]);
    expect(r.stdout).toContain("达标企业 2 家，达标率 50.0%（应达标企业 4 家）");
    expect(r.stdout).toContain("应达标企业数口径：全部行（拒收行按未达标计，后出现的重复行除外）；其中拒收的 2 行按未达标计");
    const en = stdz(["--lang", "en", "batch", file, "--as-of", "2024-06-30"]);
    expect(en.stdout).toContain("denominator: all rows (rejected rows count as not 达标, except later duplicates); 2 rejected rows counted as not 达标");
  });
  it("--denominator accepted restores the old figure and says so everywhere", () => {
    const out = tmp();
    const r = json([file, "--as-of", "2024-06-30", "--denominator", "accepted", "-o", out]);
    expect(r.data.denominator).toEqual({ rule: "accepted", enterprises: 2, accepted: 2, rejected_counted: 0 });
    expect(r.data.total).toMatchObject({ enterprises: 2, qualified: 2, rate: 1 });
    expect(csvLines(join(out, "达标率.csv"))[1]).toBe("2024-06-30,仅接收的行（--denominator accepted）,合计,合计,2,0,2,100.0,,,,,,,,");
    expect(readFileSync(join(out, "汇总.html"), "utf8")).toContain("仅接收的行（--denominator accepted）");
    expect(stdz(["batch", file, "--as-of", "2024-06-30", "--denominator", "accepted"]).stdout).toContain(
      "应达标企业数口径：仅接收的行（--denominator accepted）",
    );
    expect(stdz(["batch", file, "--denominator", "some"]).code).toBe(2);
  });
});

describe("dates.csv: certificates spanning the milestones", () => {
  const file = join(DIR, "dates.csv");
  const targets = join(DIR, "targets.yaml");
  const out = tmp();
  const r = json([file, "--as-of", "2024-06-30", "--targets", targets, "--trend", "monthly", "-o", out]);

  it("at 2024-06-30: 5 达标, 2 expired, 1 issued later, 1 without 发证日期", () => {
    expect(r.code).toBe(0);
    expect(r.data).toMatchObject({ qualified: 5, expired: 2, not_yet_issued: 1, qualified_unchecked: 1 });
    expect(counties(r.data)).toEqual([
      ["丰泽区", 4, 2],
      ["鲤城区", 5, 3],
    ]);
    expect(r.data.total.target.current).toMatchObject({ by: "2023-12-31", required: 6, met: false, gap: 1 });
    expect(r.data.total.target.next).toMatchObject({ by: "2024-12-31", gap: 4 });
  });

  it("达标名单 holds the 达标 rows only; 动态管理 lists the expired ones", () => {
    const list = csvLines(join(out, "达标名单.csv")).slice(1);
    expect(list.map((l) => l.split(",")[0])).toEqual(Array(5).fill("2024-06-30"));
    expect(list.map((l) => l.split(",")[4]).sort()).toEqual(
      ["泉州九号机械有限公司", "泉州二号化工有限公司", "泉州五号商贸有限公司", "泉州四号建材有限公司", "泉州三号纺织有限公司"].sort(),
    );
    expect(list.join("\n")).toContain("2024-02-29,"); // issued on the leap day, valid (derived to 2027-02-28)
    const dyn = csvLines(join(out, "动态管理.csv")).slice(1);
    expect(dyn.filter((l) => l.split(",")[1] === "证书已过期").map((l) => l.split(",").at(-1))).toEqual(["1", "7"]);
    expect(dyn.join("\n")).toContain("有效期至 2024-03-01（按发证日期推算），已过期 121 天"); // 2024-03-01 → 2024-06-30
    expect(dyn.join("\n")).not.toContain("泉州八号"); // issued after the date: nothing to follow up yet
  });

  it("the console says in one line how many rows could not be checked", () => {
    const text = stdz(["batch", file, "--as-of", "2024-06-30"]).stdout;
    expect(text).toContain("按统计日期核对证书：已过期 2 家，发证日期晚于统计日期 1 家，均不计为达标");
    expect(text.match(/未填发证日期/g)).toHaveLength(1);
    expect(text).toContain("1 家达标企业未填发证日期，无法按统计日期核对，按达标计");
  });

  it("达标趋势.csv: the milestones, the month ends and the as-of date, overall and per county", () => {
    const lines = csvLines(join(out, "达标趋势.csv"));
    expect(lines[0]).toBe(
      "统计日期,应达标企业数口径,日期,日期类型,维度,名称,应达标企业数,达标数,达标率(%),当时目标日期,当时目标(%),当时目标应达标数,是否达到,尚需达标数",
    );
    const row = (dim: string, name: string, date: string) =>
      lines
        .find((l) => l.split(",")[2] === date && l.split(",")[4] === dim && l.split(",")[5] === name)
        ?.split(",")
        .slice(3);
    expect(row("合计", "合计", "2022-12-31")).toEqual(["里程碑/月末", "合计", "合计", "9", "4", "44.4", "2022-12-31", "30", "3", "是", "0"]);
    expect(row("合计", "合计", "2023-12-31")).toEqual(["里程碑/月末", "合计", "合计", "9", "4", "44.4", "2023-12-31", "60", "6", "否", "2"]);
    expect(row("合计", "合计", "2024-02-29")!.slice(4, 6)).toEqual(["5", "55.6"]);
    expect(row("合计", "合计", "2024-03-31")!.slice(4, 6)).toEqual(["4", "44.4"]);
    expect(row("合计", "合计", "2024-05-31")!.slice(4, 6)).toEqual(["5", "55.6"]);
    expect(row("合计", "合计", "2024-06-30")).toEqual(["月末/统计日期", "合计", "合计", "9", "5", "55.6", "2023-12-31", "60", "6", "否", "1"]);
    expect(row("区县", "鲤城区", "2022-12-31")!.slice(4, 5)).toEqual(["2"]);
    expect(row("区县", "鲤城区", "2023-12-31")!.slice(4, 5)).toEqual(["3"]);
    expect(row("区县", "丰泽区", "2023-12-31")!.slice(4, 5)).toEqual(["1"]);
    expect(row("区县", "鲤城区", "2024-03-31")!.slice(4, 5)).toEqual(["2"]);
    expect(row("区县", "丰泽区", "2024-06-30")!.slice(4, 5)).toEqual(["2"]);
    // 54 month ends from 2020-01-31 to 2024-06-30 (the milestones and the as-of date are month ends), three series.
    const totals = lines.slice(1).filter((l) => l.split(",")[4] === "合计");
    expect(totals).toHaveLength(54);
    expect(totals[0]!.split(",")[2]).toBe("2020-01-31");
    expect(lines.length - 1).toBe(54 * 3);
  });

  it("汇总.html draws the actual 达标率 against the milestone steps", () => {
    const html = readFileSync(join(out, "汇总.html"), "utf8");
    expect(html).toMatch(/<svg[^>]*stdz-line-chart/);
    const point = (d: string) => new RegExp(`class="point" data-date="${d}" data-value="([^"]+)"`).exec(html)?.[1];
    expect(Number(point("2023-12-31"))).toBeCloseTo(4 / 9, 10);
    expect(Number(point("2024-06-30"))).toBeCloseTo(5 / 9, 10);
    expect([...html.matchAll(/class="step" data-date="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1], Number(m[2])])).toEqual([
      ["2022-12-31", 0.3],
      ["2023-12-31", 0.6],
      ["2024-12-31", 1],
    ]);
    expect(html).toContain('data-testid="unchecked">1<');
    expect(html).toContain('data-testid="expired">2<');
  });

  it("汇总.xlsx has a 达标趋势 sheet with typed cells", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "汇总.xlsx"));
    const s = wb.getWorksheet("达标趋势")!;
    expect(s.getCell("A1").value).toBe("达标率趋势（截至 2024年6月30日）");
    expect(s.getCell("A2").value).toBe("应达标企业数口径：全部行（拒收行按未达标计，后出现的重复行除外）");
    expect(s.getCell("A4").value).toEqual(new Date(Date.UTC(2020, 0, 31)));
    expect(s.getCell("A4").numFmt).toBe("yyyy-mm-dd");
    expect(s.getCell("G4").numFmt).toBe("0.0%");
    expect(typeof s.getCell("F4").value).toBe("number");
  });

  it("without --trend monthly only the milestones and the as-of date", () => {
    const o2 = tmp();
    json([file, "--as-of", "2024-06-30", "--targets", targets, "-o", o2, "--no-xlsx", "--no-html"]);
    const dates = csvLines(join(o2, "达标趋势.csv"))
      .slice(1)
      .filter((l) => l.split(",")[4] === "合计")
      .map((l) => l.split(",")[2]);
    expect(dates).toEqual(["2022-12-31", "2023-12-31", "2024-06-30"]);
  });

  it("--trend without --targets cannot run (exit 2)", () => {
    const r2 = stdz(["batch", file, "--trend", "monthly"]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("--trend 需要同时给出 --targets");
  });
});

describe("--as-of defaults to today (STDZ_TODAY pins it)", () => {
  it("uses STDZ_TODAY when given, and prints it", () => {
    const { data } = json([join(DIR, "dates.csv")], { STDZ_TODAY: "2023-12-31" });
    expect(data.as_of).toBe("2023-12-31");
    expect(data.qualified).toBe(4);
    const text = stdz(["batch", join(DIR, "dates.csv")], { env: { STDZ_TODAY: "2022-12-31" } }).stdout;
    expect(text).toContain("统计日期 2022-12-31");
    expect(text).toContain("达标企业 4 家");
  });
  it("every output file names the date", () => {
    const out = tmp();
    json([join(DIR, "dates.csv"), "-o", out, "--targets", join(DIR, "targets.yaml")], { STDZ_TODAY: "2024-06-30" });
    for (const f of readdirSync(out).filter((x) => x.endsWith(".csv"))) expect(csvLines(join(out, f))[0]!.split(",")[0], f).toBe("统计日期");
    expect(readFileSync(join(out, "汇总.html"), "utf8")).toContain('data-testid="as-of">2024-06-30<');
  });
});
