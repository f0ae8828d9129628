// Row diagnostics' details follow --lang in every register command (issue 10: sample and
// deviation --register printed REG012 details in Chinese that batch printed in English).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";
import { FIXTURES } from "../helpers/paths.js";

const tmps: string[] = [];
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

/** A copy of a fixture register whose second row has a 17-character credit code (REG012). */
function withShortCode(fixture: string): string {
  const text = readFileSync(join(FIXTURES, fixture, "register.csv"), "utf8");
  const lines = text.split("\n");
  const cells = lines[1]!.split(",");
  cells[1] = cells[1]!.slice(0, 17);
  lines[1] = cells.join(",");
  const d = mkdtempSync(join(tmpdir(), "stdz-lang-"));
  tmps.push(d);
  const file = join(d, "register.csv");
  writeFileSync(file, lines.join("\n"));
  return file;
}

const reg012 = (stderr: string) => stderr.split("\n").filter((l) => l.includes("REG012"));

describe("REG012 details with --lang en", () => {
  const cases: Array<[string, (file: string) => string[]]> = [
    ["batch", (f) => ["batch", f, "--as-of", "2024-06-30", "--lang", "en"]],
    ["sample", (f) => ["sample", f, "--as-of", "2024-06-30", "--lang", "en"]],
    ["deviation --register", (f) => ["deviation", "--register", f, "--lang", "en"]],
  ];
  for (const [name, args] of cases) {
    it(`${name} prints the detail and the row in English`, () => {
      const file = withShortCode(name === "deviation --register" ? "deviation" : "sample");
      const r = stdz(args(file));
      const lines = reg012(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("must have 18 characters, not 17");
      expect(lines[0]).toContain("(row 1)");
      expect(lines[0]).not.toMatch(/应为|实际|行数据/u);
    });
  }

  it("in Chinese by default, the same detail", () => {
    const r = stdz(["sample", withShortCode("sample"), "--as-of", "2024-06-30"]);
    const lines = reg012(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("应为 18 位，实际 17 位");
    expect(lines[0]).toContain("（第 1 行数据）");
  });
});
