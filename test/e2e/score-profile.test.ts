import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

function bundle(enterprise: string): string {
  const dir = mkdtempSync(join(tmpdir(), "stdz-profile-"));
  writeFileSync(
    join(dir, "bundle.yaml"),
    `stdz: 1
standard: ${JSON.stringify(join(CONFORMANCE, "standards", "cf-basic.yaml"))}
enterprise: ${enterprise}
assessment: { kind: self, date: "2024-06-30", assessors: [示例] }
findings:
  - { item: "1.1", status: conform }
  - { item: "1.2", status: conform }
  - { item: "2.1", status: conform }
  - { item: "2.3", status: conform }
`,
  );
  return dir;
}

describe("a condition on a fact the bundle leaves out", () => {
  it("warns (BUN023) that cf-basic 2.2 (employees ≥ 50) was judged without employees, and still scores", () => {
    const r = stdz(["score", bundle("{ name: 示例有限公司, sector: 机械 }"), "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("BUN023");
    expect(r.stderr).toContain("employees");
    const result = JSON.parse(r.stdout) as { items: { id: string; status: string }[] };
    expect(result.items.find((i) => i.id === "2.2")!.status).toBe("na");
  });

  it("says nothing when the profile states the field", () => {
    const r = stdz(["score", bundle("{ name: 示例有限公司, sector: 机械, employees: 30 }"), "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("BUN023");
  });
});
