import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

// test/fixtures/rate-bound/standard.yaml shows the computation: element A earns 1699 of 2000,
// rate 0.8495, which fails 一级's min_element_rate 0.85 but reads "85.0%" at one decimal.
const BUNDLE = join(FIXTURES, "rate-bound", "bundle");

describe("a rate just under its bound", () => {
  it("is graded 二级 and never printed as 85.0% in the table, the JSON, or the reports", () => {
    const table = stdz(["score", BUNDLE]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/A\s+现场管理.*84\.95%/);
    expect(table.stdout).not.toMatch(/A\s+现场管理.*85\.0%/);

    const json = JSON.parse(stdz(["score", BUNDLE, "--format", "json"]).stdout) as { grade: string; elements: { id: string; rate: number }[] };
    expect(json.grade).toBe("二级");
    expect(json.elements.find((e) => e.id === "A")!.rate).toBe(0.8495);

    const dir = mkdtempSync(join(tmpdir(), "stdz-rate-"));
    for (const name of ["report.html", "report.md"]) {
      const out = join(dir, name);
      expect(stdz(["score", BUNDLE, "--report", out, "-t", name === "report.html" ? "report.html" : "report.md"]).code).toBe(0);
      const text = readFileSync(out, "utf8");
      expect(text).toContain("84.95%");
      expect(text).toContain("100.0%");
    }
  });
});
