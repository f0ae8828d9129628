// The one rule of 达标 at a date (DESIGN.md "Register", "At a date") and the date arithmetic it uses.
import { describe, expect, it } from "vitest";
import { addYears, formatYmd, monthEnds, parseIsoDate } from "../../src/core/lib/dates.js";
import { certificateExpiry, qualifiedAt, SpanCounter, standingAt, qualifiedSpan } from "../../src/core/register/qualified.js";
import type { Grade } from "../../src/core/register/values.js";
import { lineChart } from "../../src/render/formats/chart.js";

const row = (grade: Grade | undefined, issued?: string, valid_until?: string) => ({ grade, issued, valid_until });

describe("dates", () => {
  it("+ 3 years clamps the leap day: 2024-02-29 → 2027-02-28; 2020-02-29 + 4 → 2024-02-29", () => {
    expect(formatYmd(addYears(parseIsoDate("2024-02-29")!, 3))).toBe("2027-02-28");
    expect(formatYmd(addYears(parseIsoDate("2020-02-29")!, 4))).toBe("2024-02-29");
    expect(formatYmd(addYears(parseIsoDate("2021-12-31")!, 3))).toBe("2024-12-31");
  });
  it("month ends from a date's month through the last one on or before the end", () => {
    expect(monthEnds("2023-11-15", "2024-03-30")).toEqual(["2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29"]);
    expect(monthEnds("2024-01-01", "2024-01-31")).toEqual(["2024-01-31"]);
    expect(monthEnds("2024-02-01", "2024-01-31")).toEqual([]);
  });
});

describe("qualifiedAt(row, D)", () => {
  it("the grade must qualify", () => {
    expect(standingAt(row("未达标", "2023-01-01"), "2024-01-01")).toBe("grade");
    expect(standingAt(row(undefined), "2024-01-01")).toBe("grade");
    expect(qualifiedSpan(row("未达标"))).toBeUndefined();
  });
  it("issued on or before D: the issue day itself counts, the day before does not", () => {
    expect(qualifiedAt(row("二级", "2024-06-30"), "2024-06-30")).toBe(true);
    expect(standingAt(row("二级", "2024-07-01"), "2024-06-30")).toBe("not-yet-issued");
  });
  it("valid on D: 有效期至 is the last valid day", () => {
    expect(qualifiedAt(row("三级", "2021-07-01", "2024-06-30"), "2024-06-30")).toBe(true);
    expect(standingAt(row("三级", "2021-07-01", "2024-06-30"), "2024-07-01")).toBe("expired");
  });
  it("without 有效期至: 发证日期 + 3 years is the last valid day", () => {
    expect(certificateExpiry({ issued: "2021-06-30", valid_until: undefined })).toEqual({ date: "2024-06-30", derived: true });
    expect(qualifiedAt(row("一级", "2021-06-30"), "2024-06-30")).toBe(true);
    expect(qualifiedAt(row("一级", "2021-06-30"), "2024-07-01")).toBe(false);
    expect(qualifiedAt(row("一级", "2024-02-29"), "2027-02-28")).toBe(true);
    expect(qualifiedAt(row("一级", "2024-02-29"), "2027-03-01")).toBe(false);
  });
  it("a qualified grade without 发证日期 counts (it cannot be checked), unless 有效期至 has passed", () => {
    expect(qualifiedAt(row("小微达标"), "1990-01-01")).toBe(true);
    expect(qualifiedAt(row("小微达标", undefined, "2023-01-01"), "2024-01-01")).toBe(false);
  });
});

describe("SpanCounter: the same rule at many dates", () => {
  const rows = [
    row("一级", "2021-03-01"),
    row("二级", "2022-06-15", "2025-06-14"),
    row("三级"),
    row("三级", "2020-01-10", "2023-01-09"),
    row("二级", "2024-05-01", "2021-01-01"),
  ];
  const c = new SpanCounter();
  for (const r of rows) {
    const s = qualifiedSpan(r);
    if (s) c.add(s);
  }
  it("agrees with qualifiedAt on every date, boundaries included", () => {
    const dates = ["2019-12-31", "2020-01-10", "2021-03-01", "2023-01-09", "2023-01-10", "2024-03-01", "2024-03-02", "2024-05-01", "2025-06-15"];
    expect(c.at(dates)).toEqual(dates.map((d) => rows.filter((r) => qualifiedAt(r, d)).length));
    expect(c.at(["2021-03-01", "2024-03-02"])).toEqual([3, 2]);
  });
  it("knows the earliest 发证日期 (the monthly trend starts there)", () => {
    expect(c.earliest()).toBe("2020-01-10");
  });
});

describe("lineChart", () => {
  const svg = lineChart(
    [
      { date: "2023-12-31", value: 0.4 },
      { date: "2024-06-30", value: 0.5 },
    ],
    { title: "趋势 <x>", steps: [{ from: "2023-12-31", value: 0.6, label: "60%" }], lineLabel: "实际", stepLabel: "目标" },
  );
  it("one point per date and one step per milestone, text escaped", () => {
    expect(svg.match(/class="point"/g)).toHaveLength(2);
    expect(svg).toContain('data-date="2024-06-30" data-value="0.5"');
    expect(svg.match(/class="step"/g)).toHaveLength(1);
    expect(svg).toContain("趋势 &lt;x&gt;");
    expect(svg).not.toContain("<script");
  });
  it("a later date is further right, a higher rate higher up", () => {
    const pos = [...svg.matchAll(/class="point"[^>]*cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(pos[1]![0]).toBeGreaterThan(pos[0]![0]!);
    expect(pos[1]![1]).toBeLessThan(pos[0]![1]!);
  });
});
