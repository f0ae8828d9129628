import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { CONFORMANCE, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const FIX = "test/fixtures/lint";
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .*:\d+:\d+/);

describe("stdz lint", () => {
  it("the shipped standards and the conformance standards pass (exit 0)", () => {
    const a = stdz(["lint", "standards/"]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    // All four, the format extensions (cf-ext*.yaml) among them.
    const b = stdz(["lint", join(CONFORMANCE, "standards")]);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(b.stdout).toContain("检查了 4 个文件，没有发现问题");
  });

  it("stylish: grouped by file, line:col, severity, message, code, and a summary; exit 1 on errors", () => {
    const r = stdz(["lint", `${FIX}/total-mismatch.yaml`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`${FIX}/total-mismatch.yaml`);
    expect(lines[1]).toMatch(/^ {2}8:8 {2}错误 {2}全部考评内容的分值合计为 20，与声明的总分 total 25 不符 {2}STD017$/);
    expect(r.stdout).toContain("✖ 1 个问题（1 个错误，0 个警告），共检查 1 个文件");
    noStack(r.stderr);
  });

  it("--lang en", () => {
    const r = stdz(["lint", "--lang", "en", `${FIX}/total-mismatch.yaml`]);
    expect(r.stdout).toContain("the contents' points add up to 20, not the declared total 25");
    expect(r.stdout).toContain("✖ 1 problem (1 error, 0 warnings) in 1 file");
  });

  it("warnings alone exit 0; --max-warnings 0 makes them exit 1", () => {
    expect(stdz(["lint", `${FIX}/item-id-nested.yaml`]).code).toBe(0);
    expect(stdz(["lint", "--max-warnings", "0", `${FIX}/item-id-nested.yaml`]).code).toBe(1);
    expect(stdz(["lint", "--max-warnings", "1", `${FIX}/item-id-nested.yaml`]).code).toBe(0);
    expect(stdz(["lint", "--max-warnings", "x", `${FIX}/item-id-nested.yaml`]).code).toBe(2);
  });

  it("a suppressed finding does not count, and json keeps its reason", () => {
    const r = stdz(["lint", "--format", "json", `${FIX}/good-suppressed.yaml`]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 0, suppressed: 1 });
    expect(j.diagnostics[0]).toMatchObject({ code: "STD012", severity: "warning", line: 18, column: 13, suppressed: "沿用原文件编号" });
  });

  it("json: DESIGN.md's diagnostic objects with 1-based positions", () => {
    const r = stdz(["lint", "--format", "json", `${FIX}/duplicate-level.yaml`]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.files).toEqual([`${FIX}/duplicate-level.yaml`]);
    expect(j.diagnostics).toEqual([
      {
        code: "STD021",
        severity: "error",
        message: "等级名称 “一级” 重复",
        file: `${FIX}/duplicate-level.yaml`,
        line: 12,
        column: 15,
        end_line: 12,
        end_column: 17,
        path: "/grading/levels/1/name",
      },
    ]);
  });

  it("sarif: valid against the official SARIF 2.1.0 schema, suppressions included", () => {
    const r = stdz(["lint", "--format", "sarif", FIX]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(join(ROOT, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"));
    // The official schema has a pattern that is invalid with the `u` flag; formats are checked as URLs.
    const ajv = new Ajv04({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
      formats: { uri: (s: string) => URL.canParse(s), "uri-reference": (s: string) => URL.canParse(s, "file:///base/"), "date-time": true },
    });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const results = log.runs[0].results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      suppressions?: unknown[];
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    for (const res of results) expect(rules[res.ruleIndex]!.id).toBe(res.ruleId);
    const tm = results.find((x) => x.ruleId === "STD017" && x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith("total-mismatch.yaml"))!;
    expect(tm.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 8, startColumn: 8 });
    expect(tm.level).toBe("error");
    expect(results.some((x) => x.ruleId === "STD012" && x.suppressions)).toBe(true);
    // The invalid sample in test/fixtures/lint covers every lint rule.
    for (let n = 10; n <= 41; n++)
      expect(
        rules.some((x) => x.id === `STD0${n}`),
        `STD0${n}`,
      ).toBe(true);
  });

  it("-o writes the report atomically; a missing input exits 2 with CLI001", () => {
    const dir = mkdtempSync(join(tmpdir(), "stdz-lint-"));
    const out = join(dir, "lint.json");
    const r = stdz(["lint", "--format", "json", "-o", out, `${FIX}/good-minimal.yaml`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).summary.errors).toBe(0);
    const m = stdz(["lint", "no/such/file.yaml"]);
    expect(m.code).toBe(2);
    expect(m.stdout).toContain("CLI001");
    noStack(m.stderr);
  });

  it("an empty folder exits 2 with STD007; no argument is a usage error (2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "stdz-empty-"));
    const r = stdz(["lint", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("STD007");
    expect(stdz(["lint"]).code).toBe(2);
  });

  it("the same file named twice is checked once; two files with one id: STD003 naming both", () => {
    const r = stdz(["lint", `${FIX}/good-minimal.yaml`, join(ROOT, FIX, "good-minimal.yaml"), `${FIX}/_base.yaml`]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("检查了 2 个文件");
    const dir = mkdtempSync(join(tmpdir(), "stdz-dup-"));
    writeFileSync(join(dir, "a.yaml"), readFileSync(join(ROOT, FIX, "good-minimal.yaml")));
    writeFileSync(join(dir, "b.yaml"), readFileSync(join(ROOT, FIX, "good-minimal.yaml")));
    const d = stdz(["lint", "--format", "json", dir]);
    expect(d.code).toBe(1);
    const diags = JSON.parse(d.stdout).diagnostics;
    expect(diags.map((x: { code: string; line: number; column: number }) => `${x.code}@${x.line}:${x.column}`)).toEqual(["STD003@3:5"]);
    expect(diags[0].message).toContain("a.yaml");
    expect(diags[0].file).toContain("b.yaml");
  });
});
