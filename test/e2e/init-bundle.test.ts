// `stdz init bundle`: every content of the compiled standard as a finding to fill in.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFORMANCE } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const tmp = mkdtempSync(join(tmpdir(), "stdz-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("stdz init bundle", () => {
  it("lists all 94 contents of the compiled 泉州 市标 (extends resolved), with titles and points as comments", () => {
    const dir = join(tmp, "qz");
    const r = stdz(["init", "bundle", "--standard", "qz-gm-2021", dir]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, "bundle.yaml"), "utf8");
    expect(text.match(/^ {2}- item: /gm)).toHaveLength(94);
    expect(text.match(/^ {4}status:$/gm)).toHaveLength(94);
    expect(text).toContain('standard: "qz-gm-2021"');
    // A content added by the 市标's patch, with its condition, and a veto.
    expect(text).toContain("# 5.1.2.5 从业人员超过100人的");
    expect(text).toContain("适用条件: employees > 100");
    expect(text).toMatch(/# 5\.3\.2\.3 .*（20 分）\n(?: {2}# .*\n)*? {2}# {3}否决项\n/);
    expect(existsSync(join(dir, "files"))).toBe(true);
  });

  it("scores only once filled in: blank statuses are BUN019, then all conform is 100", () => {
    const dir = join(tmp, "cf");
    expect(stdz(["init", "bundle", "--standard", join(CONFORMANCE, "standards", "cf-basic.yaml"), dir]).code).toBe(0);
    const f = join(dir, "bundle.yaml");
    const blank = readFileSync(f, "utf8").replace('name: ""', "name: 甲公司").replace("# employees: 0", "employees: 80");
    writeFileSync(f, blank);
    const r = stdz(["score", dir, "--verbose"]);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/BUN019/g)).toHaveLength(5);
    expect(stdz(["score", dir]).stderr).toContain("填写进度：已填 0 / 5 项");
    writeFileSync(f, blank.replace(/status:$/gm, "status: conform"));
    const ok = stdz(["score", dir, "-f", "json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ score: 100, grade: "一级" });
  });

  it("refuses to overwrite without --force", () => {
    const dir = join(tmp, "again");
    expect(stdz(["init", "bundle", "-s", "xw-gw-2016", dir]).code).toBe(0);
    const again = stdz(["init", "bundle", "-s", "xw-gw-2016", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("BUN064");
    expect(stdz(["init", "bundle", "-s", "xw-gw-2016", "--force", dir]).code).toBe(0);
  });

  it("a standard that does not exist cannot run (exit 2)", () => {
    const r = stdz(["init", "bundle", "-s", "no-such-standard", join(tmp, "none")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("STD002");
  });
});
