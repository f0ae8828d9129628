import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const require = createRequire(import.meta.url);

describe("stdz compile", () => {
  const dir = mkdtempSync(join(tmpdir(), "stdz-compile-"));

  it("the 市标: byte-identical output on two runs, by id and by path, to a file and to stdout", () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    expect(stdz(["compile", "qz-gm-2021", "-o", a]).code).toBe(0);
    expect(stdz(["compile", "standards/qz-gm-2021.yaml", "-o", b]).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const c = stdz(["compile", "qz-gm-2021"]);
    expect(c.stdout).toBe(readFileSync(a, "utf8"));
  });

  it("the output has the right totals, chain, provenance and fingerprint, and matches its schema", () => {
    const out = join(dir, "qz.json");
    stdz(["compile", "qz-gm-2021", "-o", out]);
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.kind).toBe("compiled-standard");
    expect(j.total).toBe(1086);
    expect(j.chain).toEqual(["qz-gm-2021", "fj-gm-2014", "gbt33000-2016"]);
    expect(j.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    let sum = 0;
    let n = 0;
    const walk = (e: { items: { points: number }[]; elements: unknown[] }) => {
      for (const i of e.items) {
        sum += i.points;
        n++;
      }
      (e.elements as (typeof e)[]).forEach(walk);
    };
    j.elements.forEach(walk);
    expect([n, sum]).toEqual([94, 1086]);
    const e512 = j.elements.find((e: { id: string }) => e.id === "5.1").elements.find((e: { id: string }) => e.id === "5.1.2");
    expect(e512.provenance).toEqual({ introduced_by: "gbt33000-2016", changed_by: "qz-gm-2021" });
    expect(e512.items.map((i: { id: string }) => i.id)).toEqual(
      ["5.1.2.1", "5.1.2.5", "5.1.2.6", "5.1.2.3", "5.1.2.4", "5.1.2.7"].filter((id) => e512.items.some((i: { id: string }) => i.id === id)),
    );
    const validate = require(join(ROOT, "dist", "validators", "compiled.cjs"));
    const v = validate.default ?? validate;
    expect(v(j), JSON.stringify(v.errors)).toBe(true);
  });

  it("a compiled JSON is accepted back as a standard; a tampered one is STD005", () => {
    const out = join(dir, "fj.json");
    stdz(["compile", "fj-gm-2014", "-o", out]);
    const again = stdz(["compile", out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(readFileSync(out, "utf8"));
    const j = JSON.parse(readFileSync(out, "utf8"));
    j.elements[0].title += "（改）";
    const bad = join(dir, "tampered.json");
    writeFileSync(bad, JSON.stringify(j, null, 2));
    const r = stdz(["compile", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("STD005");
  });

  it("a standard with errors: exit 1, diagnostics on stderr, no output file", () => {
    const out = join(dir, "bad.json");
    const r = stdz(["compile", "test/fixtures/lint/total-mismatch.yaml", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/lint/total-mismatch.yaml:8:8: error STD017");
    expect(existsSync(out)).toBe(false);
  });

  it("unknown id: STD002, exit 2", () => {
    const r = stdz(["compile", "no-such-standard"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("STD002");
  });

  it("a standard in STDZ_STANDARDS_PATH is found by id", () => {
    const r = stdz(["compile", "lint-base"], {
      env: { STDZ_STANDARDS_PATH: join(ROOT, "test", "fixtures", "lint", "_base.yaml").replace(/_base\.yaml$/, "") },
    });
    // That folder also holds fixtures with errors and duplicate ids; lint-base itself is clean.
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe("lint-base");
  });
});
