import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

describe("the stdz binary", () => {
  it("prints Chinese help by default and English with --lang en, exit 0", () => {
    const zh = stdz(["--help"]);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain("企业安全生产标准化工具箱");
    for (const cmd of ["lint", "compile", "standards", "diff", "score", "report", "verify", "batch", "sample", "deviation", "init"]) {
      expect(zh.stdout).toMatch(new RegExp(`\\n  ${cmd}\\b`));
    }
    const en = stdz(["--lang", "en", "--help"]);
    expect(en.stdout).toContain("Toolkit for enterprise work-safety standardization");
  });

  it("reports the package version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = stdz(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("exits 2 on an unknown command or option, without a stack trace", () => {
    for (const args of [["bogus"], ["lint", "--bogus"]]) {
      const r = stdz(args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("stays quiet when the reader of its output goes away (stdz … | head)", () => {
    // The compiled 市标 is far larger than a pipe's buffer, so writing goes on after head exits.
    const r = spawnSync("bash", ["-c", `node "${BIN}" compile qz-gm-2021 2>&1 | head -1; exit \${PIPESTATUS[0]}`], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, STDZ_NO_CACHE: "1" },
    });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stdout).not.toContain("EPIPE");
    expect(r.status).toBe(0);
  });
});
