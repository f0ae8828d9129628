// `stdz verify`: the hashes recorded by `stdz score` against the bundle as it is now.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const tmp = mkdtempSync(join(tmpdir(), "stdz-verify-"));
const bundle = join(tmp, "b");
const result = join(tmp, "result.json");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeEach(() => {
  rmSync(bundle, { recursive: true, force: true });
  cpSync(join(ROOT, "examples", "bundles", "fj-machinery-level3"), bundle, { recursive: true });
  const r = stdz(["score", bundle, "-f", "json", "-o", result]);
  expect(r.code, r.stderr).toBe(0);
});

const verify = (...extra: string[]) => stdz(["verify", result, bundle, ...extra]);
const report = () => JSON.parse(verify("-f", "json").stdout) as { ok: boolean; unchanged: number; changed: { path: string }[]; missing: { path: string }[]; added: string[] };

describe("stdz verify", () => {
  it("passes on an untouched bundle (4 cited files and bundle.yaml)", () => {
    const r = verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("证据与评分结果一致");
    expect(report()).toMatchObject({ ok: true, unchanged: 5, changed: [], missing: [], added: [] });
  });

  it("reports a changed evidence file (exit 1)", () => {
    appendFileSync(join(bundle, "files", "现场检查照片说明.txt"), "补充一张照片\n");
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BUN061");
    expect(report().changed.map((c) => c.path)).toEqual(["files/现场检查照片说明.txt"]);
  });

  it("reports a missing file and an added one", () => {
    unlinkSync(join(bundle, "files", "重大危险源辨识报告.txt"));
    writeFileSync(join(bundle, "files", "新增.txt"), "x");
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BUN062");
    expect(r.stderr).toContain("BUN063");
    const j = report();
    expect(j.missing.map((m) => m.path)).toEqual(["files/重大危险源辨识报告.txt"]);
    expect(j.added).toEqual(["files/新增.txt"]);
  });

  it("does not call a file that was there but uncited at scoring time 'added'", () => {
    expect(report().added).toEqual([]);
  });

  it("notices an edited bundle.yaml (findings changed after scoring)", () => {
    const f = join(bundle, "bundle.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace('item: "5.7.3.2"\n    status: nonconform', 'item: "5.7.3.2"\n    status: conform'));
    expect(verify().code).toBe(1);
    expect(report().changed.map((c) => c.path)).toEqual(["bundle.yaml"]);
  });

  it("refuses a file that is not a result (exit 2)", () => {
    writeFileSync(join(tmp, "not-result.json"), '{"score": 1}');
    const r = stdz(["verify", join(tmp, "not-result.json"), bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BUN060");
    expect(stdz(["verify", join(tmp, "none.json"), bundle]).code).toBe(2);
  });
});
