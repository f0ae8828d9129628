import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

const CASES: [string, string][] = [
  ["syntax.yaml", "YML001"],
  ["duplicate-key.yaml", "YML002"],
  ["tabs.yaml", "YML003"],
  ["alias-bomb.yaml", "YML004"],
  ["gbk.yaml", "YML005"],
  ["empty.yaml", "YML006"],
  ["comments-only.yaml", "YML006"],
  ["list-root.yaml", "YML007"],
  ["two-docs.yaml", "YML008"],
];

describe("malformed YAML: a coded error, exit 2, never a stack trace", () => {
  for (const [file, code] of CASES) {
    it(`lint ${file} → ${code}`, () => {
      const r = stdz(["lint", `test/fixtures/yaml/${file}`]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(code);
      expect(r.stdout).toContain(`test/fixtures/yaml/${file}`);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+|Error:|CLI004/);
    });
    it(`compile ${file} → ${code}`, () => {
      const r = stdz(["compile", `test/fixtures/yaml/${file}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(code);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+|CLI004/);
    });
  }
  it("json output carries the code and position", () => {
    const r = stdz(["lint", "--format", "json", "test/fixtures/yaml/duplicate-key.yaml"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).diagnostics[0]).toMatchObject({ code: "YML002", line: 4, column: 1 });
  });
});
