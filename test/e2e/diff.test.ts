import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

describe("stdz diff", () => {
  it("省标 → 市标: json lists added, removed and total", () => {
    const r = stdz(["diff", "fj-gm-2014", "qz-gm-2021", "--format", "json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.old).toMatchObject({ id: "fj-gm-2014", items: 87, total: 1050 });
    expect(j.new).toMatchObject({ id: "qz-gm-2021", items: 94, total: 1086 });
    expect(j.summary.added).toBe(8);
    expect(j.changes.filter((c: { kind: string; node: string }) => c.kind === "removed" && c.node === "item").map((c: { id: string }) => c.id)).toEqual([
      "5.1.2.2",
    ]);
  });

  it("国标 → 省标 table: re-pointed contents show old → new", () => {
    const r = stdz(["diff", "gbt33000-2016", "standards/fj-gm-2014.yaml"]);
    expect(r.code).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("分值") && l.includes("5.4.1.3"));
    expect(line).toBeDefined();
    expect(line).toMatch(/→ 30$/);
    expect(r.stdout).toContain("新增");
  });

  it("a standard against itself: no differences", () => {
    const r = stdz(["diff", "qz-gm-2021", "qz-gm-2021"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("没有差异");
  });

  it("an input with errors: exit 1", () => {
    const r = stdz(["diff", "test/fixtures/lint/total-mismatch.yaml", "qz-gm-2021"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("STD017");
  });
});
