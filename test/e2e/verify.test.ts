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
const report = () =>
  JSON.parse(verify("-f", "json").stdout) as { ok: boolean; unchanged: number; changed: { path: string }[]; missing: { path: string }[]; added: string[] };

describe("stdz verify", () => {
  it("passes on an untouched bundle (4 cited files and bundle.yaml)", () => {
    const r = verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("评分结果得到证实");
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

describe("hashing many files", () => {
  it("gives every file its SHA-256, with and without worker threads", async () => {
    const { createHash } = await import("node:crypto");
    const { mkdirSync } = await import("node:fs");
    const dir = join(tmp, "many");
    mkdirSync(join(dir, "files"), { recursive: true });
    const expected: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const data = Buffer.alloc(1024 * 1024 + i, i);
      const p = `files/f${i}.bin`;
      writeFileSync(join(dir, p), data);
      expected[p] = createHash("sha256").update(data).digest("hex");
    }
    // One finding per content, citing all of its files.
    const byItem = new Map<string, string[]>();
    for (let i = 0; i < 40; i++) {
      const item = ["1.1", "1.2", "2.1", "2.2", "2.3"][i % 5]!;
      byItem.set(item, [...(byItem.get(item) ?? []), `files/f${i}.bin`]);
    }
    const { CONFORMANCE } = await import("../helpers/paths.js");
    writeFileSync(
      join(dir, "bundle.yaml"),
      `stdz: 1\nstandard: ${join(CONFORMANCE, "standards", "cf-basic.yaml")}\nenterprise: { name: 甲, employees: 120 }\nassessment: { kind: self, date: "2024-06-30" }\nfindings:\n` +
        [...byItem].map(([item, ps]) => `  - { item: "${item}", status: conform, evidence: [${ps.join(", ")}] }`).join("\n") +
        "\n",
    );
    for (const threads of ["0", "1", "3"]) {
      const r = stdz(["score", dir, "-f", "json"], { env: { STDZ_HASH_THREADS: threads } });
      expect(r.code, r.stderr).toBe(0);
      const got = Object.fromEntries((JSON.parse(r.stdout) as { evidence: { path: string; sha256: string }[] }).evidence.map((e) => [e.path, e.sha256]));
      expect(got).toEqual(expected);
    }
  });
});
