import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { evaluateTargets, milestonesFor, parseRate, parseTargets, type Milestone } from "../../src/core/register/targets.js";
import { Rational } from "../../src/core/lib/rational.js";
import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { csvLine, neutralizeCell, toCsv, CsvBatchWriter } from "../../src/render/formats/csv.js";
import { DepartmentTable, departmentsFromRows } from "../../src/core/register/departments.js";
import { ROOT } from "../helpers/paths.js";

const fujian = () => {
  const { targets, problems } = parseTargets(parseYaml(readFileSync(join(ROOT, "examples", "targets", "fujian-2014.yaml"), "utf8")));
  expect(problems).toEqual([]);
  return targets!;
};

describe("targets", () => {
  it("rates: percentages, shares and fractions, exactly", () => {
    expect(parseRate("15%")!.eq(Rational.of(3, 20))).toBe(true);
    expect(parseRate("65 %")!.eq(Rational.of(13, 20))).toBe(true);
    expect(parseRate(0.15)!.eq(Rational.of(3, 20))).toBe(true);
    expect(parseRate("1/3")!.eq(Rational.of(1, 3))).toBe(true);
    expect(parseRate(1)!.eq(Rational.ONE)).toBe(true);
    expect(parseRate(65)).toBeUndefined();
    expect(parseRate("120%")).toBeUndefined();
    expect(parseRate("many")).toBeUndefined();
  });

  it("the shipped 福建 milestones: 15 % by 2014-12-31, 65 % by 2015-12-31, 100 % by 2016-12-31", () => {
    const t = fujian();
    expect(t.milestones.map((m) => [m.by, m.text])).toEqual([
      ["2014-12-31", "15%"],
      ["2015-12-31", "65%"],
      ["2016-12-31", "100%"],
    ]);
  });

  it("the milestone in force is the latest on or before the date; the gap is max(0, ⌈rate × N⌉ − qualified)", () => {
    const ms = fujian().milestones;
    // Before the first: nothing in force, the first is next. 15 % of 20 is exactly 3 (no float drift to 4).
    const before = evaluateTargets(ms, "2014-06-30", 20, 1);
    expect(before.current).toBeUndefined();
    expect(before.next).toMatchObject({ by: "2014-12-31", required: 3, gap: 2, met: false });
    // On the day itself the milestone is in force.
    expect(evaluateTargets(ms, "2014-12-31", 20, 3)).toMatchObject({
      current: { by: "2014-12-31", required: 3, met: true, gap: 0 },
      next: { by: "2015-12-31", required: 13, gap: 10 },
    });
    // 65 % of 7 = 4.55 → 5 must qualify.
    expect(evaluateTargets(ms, "2016-01-01", 7, 4)).toMatchObject({
      current: { by: "2015-12-31", required: 5, met: false, gap: 1 },
      next: { by: "2016-12-31", required: 7, gap: 3 },
    });
    // After the last: nothing next.
    const after = evaluateTargets(ms, "2020-01-01", 7, 7);
    expect(after.current).toMatchObject({ by: "2016-12-31", met: true, gap: 0 });
    expect(after.next).toBeUndefined();
    // An empty group needs nobody.
    expect(evaluateTargets(ms, "2020-01-01", 0, 0).current).toMatchObject({ required: 0, met: true, gap: 0 });
  });

  it("scopes override the general milestones for their county, sector or department", () => {
    const { targets } = parseTargets(parseYaml(readFileSync(join(ROOT, "examples", "targets", "scoped.yaml"), "utf8")));
    expect(milestonesFor(targets!, "county", "丰泽区").map((m: Milestone) => m.text)).toEqual(["50%"]);
    expect(milestonesFor(targets!, "county", "鲤城区").map((m) => m.text)).toEqual(["60%", "80%", "100%"]);
    expect(milestonesFor(targets!, "sector", "机械").map((m) => m.text)).toEqual(["100%"]);
    expect(milestonesFor(targets!, "department", "市教育局").map((m) => m.text)).toEqual(["90%"]);
    expect(milestonesFor(targets!, "total", "丰泽区").map((m) => m.text)).toEqual(["60%", "80%", "100%"]);
  });

  it("problems name the place", () => {
    const { targets, problems } = parseTargets({
      milestones: [
        { by: "2014-13-01", rate: "15%" },
        { by: "2015-12-31", rate: 65 },
      ],
      extra: 1,
    });
    expect(targets).toBeUndefined();
    // …and with no valid milestone left, "no milestones" for the whole file.
    expect(problems.map((p) => p.path)).toEqual(["/extra", "/milestones/0/by", "/milestones/1/rate", ""]);
    expect(parseTargets({ scopes: [{ county: "A", sector: "B", milestones: [] }] }).problems[0]!.path).toBe("/scopes/0");
    expect(parseTargets({}).problems[0]!.en).toBe("no milestones");
  });
});

describe("Excel-safe CSV", () => {
  it("neutralises cells a spreadsheet would run, but not plain numbers", () => {
    expect(neutralizeCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(neutralizeCell("+86 123")).toBe("'+86 123");
    expect(neutralizeCell("-2+3")).toBe("'-2+3");
    expect(neutralizeCell("@cmd")).toBe("'@cmd");
    expect(neutralizeCell("\tx")).toBe("'\tx");
    expect(neutralizeCell("\rx")).toBe("'\rx");
    expect(neutralizeCell("-5")).toBe("-5");
    expect(neutralizeCell("+3.5")).toBe("+3.5");
    expect(neutralizeCell("泉州=公司")).toBe("泉州=公司");
  });
  it("writes a BOM, CRLF, and quotes cells with commas, quotes and line breaks", () => {
    const text = toCsv(
      ["名称", "备注"],
      [
        ["a,b", 'say "x"'],
        ["line\nbreak", 3],
        ["=1+1", null],
      ],
    );
    expect(text).toBe('\uFEFF名称,备注\r\n"a,b","say ""x"""\r\n"line\nbreak",3\r\n\'=1+1,\r\n');
  });
  it("the direct path writes exactly what csv-stringify writes (property)", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom("", "=1", "-5", "-x", "+3.5", "@a", "\tb", 'q"q', "a,b", "x\r\ny", "泉州", "Ⅱ"),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (row) => {
        const texts = row.map((v) => (v === null ? "" : neutralizeCell(String(v))));
        expect(csvLine(row)).toBe(stringify([texts], { record_delimiter: "\r\n", quoted_match: /[\r\n]/, eof: true }));
      }),
      { numRuns: 500 },
    );
  });
  it("writes rows in batches through a sink", async () => {
    let out = "";
    const w = new CsvBatchWriter((s) => {
      out += s;
    }, 2);
    w.start(["h"]);
    for (const v of ["1", "2", "3"]) await w.row([v]);
    await w.flush();
    expect(out).toBe("\uFEFFh\r\n1\r\n2\r\n3\r\n");
  });
});

describe("departments", () => {
  it("the built-in 泉州 table: short and full names", () => {
    const t = new DepartmentTable(JSON.parse(readFileSync(join(ROOT, "data", "sectors.json"), "utf8")).sectors);
    expect(t.size).toBe(46);
    expect(t.lookup("危险化学品")).toBe("市应急局");
    expect(t.lookup("危险化学品(危险化学品运输除外)")).toBe("市应急局");
    expect(t.lookup("危险化学品（危险化学品运输除外）")).toBe("市应急局");
    expect(t.lookup("煤矿")).toBe("市工信局");
    expect(t.lookup("养殖业")).toBeUndefined();
  });
  it("a --departments CSV", () => {
    const { entries, problems } = departmentsFromRows([
      { fields: ["行业", "牵头部门"], line: 1 },
      { fields: ["机械", "区应急局"], line: 2 },
      { fields: ["", "区商务局"], line: 3 },
    ]);
    expect(entries).toEqual([{ sector: "机械", department: "区应急局" }]);
    expect(problems).toEqual([{ line: 3, zh: "行业或牵头部门为空", en: "sector or department is empty" }]);
    expect(departmentsFromRows([{ fields: ["a", "b"], line: 1 }]).problems[0]!.en).toContain("needs the columns");
  });
});
