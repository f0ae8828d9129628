// A half-filled bundle: one fill-progress summary instead of an error per blank content
// (BUN019 each with --verbose and in JSON); --all / --top 0 list every nonconformity.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-progress-"));
const DIR = join(TMP, "half");
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

// cf-basic has 5 contents; 2.2 applies only with employees ≥ 50 (the profile says 30), so 4
// need a finding. 1.1 and 2.1 are filled: 2 of 4, element 1 1/2, element 2 1/2; 1.2 and 2.3 blank.
beforeAll(() => {
  expect(stdz(["init", "bundle", DIR, "--standard", join(ROOT, "test", "conformance", "standards", "cf-basic.yaml")]).code).toBe(0);
  let y = readFileSync(join(DIR, "bundle.yaml"), "utf8");
  y = y.replace('  name: ""', "  name: 示例有限公司\n  employees: 30\n  sector: 机械");
  y = y.replace(/(- item: "1\.1"\n {4}status:)/, "$1 conform").replace(/(- item: "2\.1"\n {4}status:)/, "$1 conform");
  writeFileSync(join(DIR, "bundle.yaml"), y);
});

describe("fill progress", () => {
  it("summarises what is filled, by element, and names the first blanks", () => {
    const r = stdz(["score", DIR]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("BUN019");
    expect(r.stderr).toContain("填写进度：已填 2 / 4 项（50.0%）");
    expect(r.stderr).toMatch(/1 制度管理 1\/2\s+2 现场管理 1\/2/);
    expect(r.stderr).toContain("尚未填写：1.2、2.3（--verbose 逐项列出；--format json 含全部）");
  });
  it("in English", () => {
    const r = stdz(["--lang", "en", "score", DIR]);
    expect(r.stderr).toContain("Filled in: 2 of 4 contents (50.0%)");
  });
  it("--verbose and --format json keep one BUN019 per blank content", () => {
    const v = stdz(["score", DIR, "--verbose"]);
    expect(v.stderr.match(/BUN019/g)?.length).toBe(2);
    expect(v.stderr).not.toContain("填写进度");
    const j = stdz(["score", DIR, "--format", "json"]);
    expect(j.stderr.match(/BUN019/g)?.length).toBe(2);
  });
});

describe("--all", () => {
  it("lists every nonconformity in the table, as --top 0 does", () => {
    const bundle = join(ROOT, "examples", "bundles", "fj-machinery-level3");
    const head = stdz(["score", bundle]).stdout;
    expect(head).toContain("列出前 10 项；--all 列出全部");
    const all = stdz(["score", bundle, "--all"]).stdout;
    const zero = stdz(["score", bundle, "--top", "0"]).stdout;
    expect(all).toBe(zero);
    expect(all).toMatch(/整改清单（共 (\d+) 项，否决项在前/);
    const n = Number(/整改清单（共 (\d+) 项/.exec(all)![1]);
    expect(n).toBeGreaterThan(10);
    expect(all).toMatch(new RegExp(`\\n\\s*${n}  `));
  });
});
