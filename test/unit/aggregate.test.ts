// The hand-counted register test/fixtures/register/small.csv (README.md beside it explains every
// figure), run through the pure core: no files written, no CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { rateRows, ratePercent, tableTotals } from "../../src/core/register/aggregate.js";
import { situationRows } from "../../src/render/batch/tables.js";
import { DepartmentTable } from "../../src/core/register/departments.js";
import { RegisterProcessor } from "../../src/core/register/process.js";
import { DEFAULT_THRESHOLDS, type RowProblem } from "../../src/core/register/row.js";
import { mapHeader } from "../../src/core/register/columns.js";
import type { DynamicKind } from "../../src/core/register/dynamic.js";
import { parseTargets } from "../../src/core/register/targets.js";
import { parseCsvText } from "../../src/io/csv-reader.js";
import { FIXTURES, ROOT } from "../helpers/paths.js";

const departments = new DepartmentTable(JSON.parse(readFileSync(join(ROOT, "data", "sectors.json"), "utf8")).sectors);

function run(file: string, asOf = "2024-06-30") {
  const records = parseCsvText(readFileSync(join(FIXTURES, "register", file), "utf8"));
  const header = mapHeader(records[0]!.fields);
  const rejects: Array<{ row: number; codes: string[] }> = [];
  const warnings: Array<{ row: number; code: string }> = [];
  const dynamic: Array<{ kind: DynamicKind; row: string; detail: string }> = [];
  const p = new RegisterProcessor(
    { header, asOf, thresholds: DEFAULT_THRESHOLDS, departments },
    {
      reject: (_f, row, _l, problems: readonly RowProblem[]) => rejects.push({ row, codes: problems.map((x) => x.code) }),
      warn: (row, _l, problem) => warnings.push({ row, code: problem.code }),
      dynamic: (kind, _label, detail, cells) => dynamic.push({ kind, row: cells[13]!, detail: detail.zh }),
    },
  );
  records.slice(1).forEach((r, i) => p.record(r.fields, i + 1, r.line));
  return { p, rejects, warnings, dynamic };
}

describe("small.csv, counted by hand", () => {
  const { p, rejects, warnings, dynamic } = run("small.csv");
  const agg = p.result();

  it("reads 14, accepts 12, rejects rows 13 (check character) and 14 (duplicate of row 1)", () => {
    // qualified 8 at 2024-06-30: row 3's certificate expired on 2023-01-14.
    expect(p.counts).toMatchObject({ read: 14, accepted: 12, rejected: 2, rejectedRows: [13, 14], qualified: 8, expired: 1, notYetIssued: 0 });
    // Row 4 (小微达标) has no 发证日期: counted, not checked against the date.
    expect(p.counts.unchecked).toBe(1);
    // 应达标企业数 = 12 accepted + row 13 (rejected, not a duplicate); row 14 repeats row 1.
    expect(p.counts.rejectedCounted).toBe(1);
    expect([agg.total.enterprises, agg.total.accepted, agg.total.rejectedCounted]).toEqual([13, 12, 1]);
    expect(rejects).toEqual([
      { row: 13, codes: ["REG013"] },
      { row: 14, codes: ["REG015"] },
    ]);
  });

  it("达标情况表: 规模以上 2/1/1/0, 高危 0/0/0/0 (row 3 expired), 其他 0/2/1/1, 总计 8", () => {
    expect(agg.total.table).toEqual([
      [2, 1, 1, 0],
      [0, 0, 0, 0],
      [0, 2, 1, 1],
    ]);
    expect(tableTotals(agg.total.table)).toEqual({ perCategory: [4, 0, 4], perColumn: [2, 3, 2, 1], total: 8 });
  });

  it("per county in zh-CN order, 未填 last", () => {
    expect(agg.counties.map((g) => [g.name, g.enterprises, g.qualified, ratePercent(g)])).toEqual([
      ["丰泽区", 4, 2, "50.0"],
      ["晋江市", 3, 2, "66.7"],
      ["鲤城区", 5, 3, "60.0"],
      ["未填", 1, 1, "100.0"],
    ]);
    // 8 of 13 = 61.538…%
    expect(ratePercent(agg.total)).toBe("61.5");
    expect(situationRows(agg)[0]).toEqual(["合计", 2, 1, 1, 0, 4, 0, 0, 0, 0, 0, 0, 2, 1, 1, 4, 8]);
  });

  it("per lead department (泉州 附件2), unknown sectors under 未分工", () => {
    const byName = Object.fromEntries(agg.departments.map((g) => [g.name, [g.enterprises, g.qualified]]));
    expect(byName).toEqual({ 市应急局: [8, 5], 市商务局: [1, 1], 市教育局: [1, 1], 市交通局: [1, 0], 未分工: [1, 1] });
    expect(agg.departments.at(-1)!.name).toBe("未分工");
    expect([...p.unknownSectors]).toEqual([["养殖业", 1]]);
  });

  it("warnings on accepted rows", () => {
    expect(warnings).toEqual([
      { row: 6, code: "REG030" },
      { row: 9, code: "REG030" },
      { row: 10, code: "REG031" },
      { row: 12, code: "REG032" },
    ]);
  });

  it("动态管理: expired, expiring within 90 days (inclusive), self-assessment overdue, downgrade", () => {
    const by = (k: DynamicKind) => dynamic.filter((d) => d.kind === k).map((d) => d.row);
    expect(by("expired")).toEqual(["3"]);
    expect(by("expiring")).toEqual(["1", "9"]);
    expect(by("self_assessment_overdue")).toEqual(["3", "4"]);
    expect(by("downgrade")).toEqual(["2", "10"]);
    expect(dynamic.find((d) => d.kind === "expired")!.detail).toContain("已过期 533 天");
    expect(p.counts.dynamic).toEqual({ expired: 1, expiring: 2, self_assessment_overdue: 2, downgrade: 2 });
  });

  it("达标名单 sorted by county, sector, grade, name", () => {
    const list = [...p.qualifiedRows()].map((r) => [r[0], r[1], r[5], r[3]]);
    expect(list).toEqual([
      ["丰泽区", "轻工", "二级", "泉州辛轻工有限公司"],
      ["丰泽区", "冶金", "三级", "泉州己冶金有限公司"],
      ["晋江市", "机械", "一级", "泉州壬机械有限公司"],
      ["晋江市", "学校", "二级", "晋江癸学校"],
      ["鲤城区", "机械", "一级", "泉州甲机械有限公司"],
      ["鲤城区", "商贸", "小微达标", "泉州丁商贸有限公司"],
      ["鲤城区", "危险化学品", "二级", "泉州乙化工有限公司"],
      ["未填", "养殖业", "三级", "泉州丑养殖有限公司"],
    ]);
  });

  it("达标率 against examples/targets/scoped.yaml on 2024-06-30", () => {
    const doc = parseYaml(readFileSync(join(ROOT, "examples", "targets", "scoped.yaml"), "utf8"));
    const { targets, problems } = parseTargets(doc);
    expect(problems).toEqual([]);
    const rows = rateRows(agg, targets, "2024-06-30");
    const get = (dim: string, name: string) => {
      const r = rows.find((x) => x.dimension === dim && x.name === name)!;
      const c = r.target?.current;
      const n = r.target?.next;
      return [r.enterprises, r.qualified, c ? [c.by, c.required, c.met, c.gap] : null, n ? [n.by, n.gap] : null];
    };
    // N = 13, q = 8: ⌈0.8 × 13⌉ = ⌈10.4⌉ = 11, gap 3; next 13 − 8 = 5.
    expect(get("total", "合计")).toEqual([13, 8, ["2024-06-30", 11, false, 3], ["2024-12-31", 5]]);
    // 鲤城区 N = 5 (row 13 counted), q = 3: ⌈4⌉ = 4, gap 1; next 5 − 3 = 2.
    expect(get("county", "鲤城区")).toEqual([5, 3, ["2024-06-30", 4, false, 1], ["2024-12-31", 2]]);
    expect(get("county", "丰泽区")).toEqual([4, 2, ["2024-06-30", 2, true, 0], null]);
    expect(get("county", "晋江市")).toEqual([3, 2, ["2024-06-30", 3, false, 1], ["2024-12-31", 1]]);
    expect(get("county", "未填")).toEqual([1, 1, ["2024-06-30", 1, true, 0], ["2024-12-31", 0]]);
    expect(get("sector", "机械")).toEqual([2, 2, ["2024-06-30", 2, true, 0], null]);
    expect(get("department", "市教育局")).toEqual([1, 1, null, ["2024-12-31", 0]]);
  });
});

describe("other fixtures through the core", () => {
  it("duplicates.csv: later repeats rejected naming the first row; no-code rows by name", () => {
    const { rejects, p } = run("duplicates.csv");
    expect(rejects).toEqual([
      { row: 3, codes: ["REG015"] },
      { row: 5, codes: ["REG014", "REG016"] },
      { row: 6, codes: ["REG015"] },
    ]);
    expect(p.counts.accepted).toBe(3);
  });
  it("bad-values.csv: one rejected row per problem, the last row accepted", () => {
    const { rejects, p } = run("bad-values.csv");
    expect(rejects.map((r) => r.codes.join("+"))).toEqual([
      "REG013",
      "REG012",
      "REG012",
      "REG012",
      "REG017",
      "REG018",
      "REG019",
      "REG020",
      "REG021",
      "REG010",
      "REG011",
    ]);
    expect(p.counts).toMatchObject({ read: 12, accepted: 1, qualified: 1 });
  });
});
