import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

describe("stdz init standard", () => {
  const dir = mkdtempSync(join(tmpdir(), "stdz-init-"));

  it("writes a ready-to-edit file that lints clean and compiles to the base total + 5", () => {
    const r = stdz(["init", "standard", "--extends", "qz-gm-2021", "--id", "qz-fz-2024", "--region", "福建省泉州市丰泽区"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, "qz-fz-2024.yaml"), "utf8");
    expect(text.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/standard\.schema\.json$/);
    expect(text).toContain('extends: "qz-gm-2021"');
    expect(text).toContain("tier: county");
    expect(text).toContain("  - op: add");
    const lint = stdz(["lint", "qz-fz-2024.yaml"], { cwd: dir });
    expect(lint.code, lint.stdout).toBe(0);
    const c = stdz(["compile", "qz-fz-2024.yaml"], { cwd: dir });
    expect(c.code).toBe(0);
    const j = JSON.parse(c.stdout);
    expect(j.total).toBe(1091);
    expect(j.chain).toEqual(["qz-fz-2024", "qz-gm-2021", "fj-gm-2014", "gbt33000-2016"]);
    expect(j.region).toBe("福建省泉州市丰泽区");
  });

  it("the commented examples name real ids: uncommented, the file still lints clean", async () => {
    const { writeFileSync } = await import("node:fs");
    const file = join(dir, "qz-fz-2024.yaml");
    const text = readFileSync(file, "utf8").replace(/ {2}# - op: set\n {2}# {3}id: (.*)\n {2}# {3}fields: (.*)\n/, "  - op: set\n    id: $1\n    fields: $2\n");
    expect(text).toMatch(/^ {2}- op: set$/m);
    writeFileSync(join(dir, "edited.yaml"), text.replace("id: qz-fz-2024", "id: qz-fz-2024b"));
    const lint = stdz(["lint", "edited.yaml"], { cwd: dir });
    expect(lint.code, lint.stdout).toBe(0);
  });

  it("refuses to overwrite (STD008, exit 2) unless --force", () => {
    const r = stdz(["init", "standard", "--extends", "qz-gm-2021", "--id", "qz-fz-2024"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("STD008");
    expect(stdz(["init", "standard", "--extends", "qz-gm-2021", "--id", "qz-fz-2024", "--force"], { cwd: dir }).code).toBe(0);
  });

  it("a bad id or an unknown base", () => {
    expect(stdz(["init", "standard", "--extends", "qz-gm-2021", "--id", "Bad_Id"], { cwd: dir }).code).toBe(2);
    const r = stdz(["init", "standard", "--extends", "nope", "--id", "x-1"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("STD002");
  });
});
