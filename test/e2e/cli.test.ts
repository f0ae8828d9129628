import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

/** Remove an entry, so the next run writes it again (and prunes). */
function rmEntry(dir: string, name: string): void {
  rmSync(join(dir, name));
}

describe("the stdz binary", () => {
  it("prints Chinese help by default and English with --lang en, exit 0", () => {
    const zh = stdz(["--help"]);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain("企业安全生产标准化工具箱");
    for (const cmd of ["lint", "compile", "standards", "diff", "import", "score", "report", "verify", "batch", "sample", "deviation", "init"]) {
      expect(zh.stdout).toMatch(new RegExp(`\\n  ${cmd}\\b`));
    }
    // bin/stdz.js keys its code cache by these names.
    const listed = [...zh.stdout.matchAll(/\n {2}([a-z][a-z-]*)\b/g)].map((m) => m[1]);
    const bin = readFileSync(BIN, "utf8");
    const known = JSON.parse(/const COMMANDS = (\[[^\]]*\]);/.exec(bin)![1]!) as string[];
    expect(known.sort()).toEqual([...new Set(listed)].sort());
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

  it("ends with one coded line and exit 2 when the reader of its output goes away (stdz … | head)", () => {
    // The compiled 市标 is far larger than a pipe's buffer, so writing goes on after head exits.
    const r = spawnSync("bash", ["-c", `node "${BIN}" compile qz-gm-2021 2>err.txt | head -1; s=\${PIPESTATUS[0]}; cat err.txt >&2; rm err.txt; exit $s`], {
      cwd: mkdtempSync(join(tmpdir(), "stdz-epipe-")),
      encoding: "utf8",
      env: { ...process.env, STDZ_NO_CACHE: "1", STDZ_STANDARDS_PATH: join(ROOT, "standards") },
    });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr.trim()).toBe("error CLI008 无法写入标准输出：EPIPE");
    expect(r.status).toBe(2);
  });

  it("STDZ_TIMING=1 prints the phases of a lint on stderr and leaves stdout alone", () => {
    const plain = stdz(["lint", "standards/gbt33000-2016.yaml"]);
    const timed = stdz(["lint", "standards/gbt33000-2016.yaml"], { env: { STDZ_TIMING: "1" } });
    expect(timed.stdout).toBe(plain.stdout);
    const phases = [...timed.stderr.matchAll(/^ +[\d.]+ ms {2}(.+)$/gm)].map((m) => m[1]);
    expect(phases).toEqual([
      "start-up (Node and loading stdz)",
      "read standards/gbt33000-2016.yaml",
      "parse YAML",
      "schema check",
      "build the model",
      "lint rules",
      "output",
      "total",
    ]);
  });

  describe("start-up code cache", () => {
    const lint = (env: Record<string, string>) => stdz(["lint", "standards/gbt33000-2016.yaml"], { env });
    const clean = lint({ STDZ_NO_CACHE: "1" });
    // The entries of a cache folder, without the marker that says stdz made it.
    const entries = (dir: string) => readdirSync(dir).filter((n) => n !== ".stdz-cache");

    it("keeps one cache per command and build, and gives the same results from it", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      const first = lint({ STDZ_CACHE_DIR: root });
      const files = entries(join(root, "code-2"));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version}-${process.arch}-lint\\.bin$`));
      const entry = join(root, "code-2", files[0]!);
      const ino = statSync(entry).ino;
      const second = lint({ STDZ_CACHE_DIR: root });
      for (const r of [first, second])
        expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: clean.code, stdout: clean.stdout, stderr: clean.stderr });
      // A cache V8 accepts is read, not rewritten.
      expect(statSync(entry).ino).toBe(ino);
      expect(stdz(["standards"], { env: { STDZ_CACHE_DIR: root } }).code).toBe(0);
      // Help, and a run that could not start (exit 2), do not stand for their command.
      expect(stdz(["score", "--help"], { env: { STDZ_CACHE_DIR: root } }).code).toBe(0);
      expect(stdz(["score", "no-such-bundle"], { env: { STDZ_CACHE_DIR: root } }).code).toBe(2);
      const names = (k: string) => files[0]!.replace(/-lint\.bin$/, `-${k}.bin`);
      expect(entries(join(root, "code-2")).sort()).toEqual([names("lint"), names("standards"), names("help")].sort());
    });

    it("replaces a cache V8 refuses, and runs without one it cannot write", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      const entry = join(root, "code-2", entries(join(root, "code-2"))[0]!);
      writeFileSync(entry, "not a V8 code cache");
      const r = lint({ STDZ_CACHE_DIR: root });
      expect(r.stdout).toBe(clean.stdout);
      expect(readFileSync(entry).length).toBeGreaterThan(1000);

      // A file where the cache folder should be: nothing can be written there, even as root.
      const locked = mkdtempSync(join(tmpdir(), "stdz-code-ro-"));
      writeFileSync(join(locked, "code-2"), "");
      const ro = lint({ STDZ_CACHE_DIR: locked });
      expect({ code: ro.code, stdout: ro.stdout }).toEqual({ code: clean.code, stdout: clean.stdout });
    });

    it("a damaged entry is never handed to V8: it is rewritten", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      const entry = join(root, "code-2", entries(join(root, "code-2"))[0]!);
      const buf = readFileSync(entry);
      // Flip bytes well inside V8's data, past every header.
      for (let i = 0; i < 200; i++) buf[(buf.length >> 1) + i] ^= 0xff;
      writeFileSync(entry, buf);
      const r = lint({ STDZ_CACHE_DIR: root });
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: clean.code, stdout: clean.stdout });
      expect(readFileSync(entry).equals(buf)).toBe(false);
      expect(lint({ STDZ_CACHE_DIR: root }).stdout).toBe(clean.stdout);
    });

    // Creating a folder another user owns takes root (CI runs as root).
    it.runIf(process.getuid?.() === 0)("a cache folder another user owns is not used", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      const code = join(root, "code-2");
      const entry = join(code, entries(code)[0]!);
      // A well-formed entry (right header and checksum) around bytes V8 would choke on: used,
      // it would crash the run.
      const junk = Buffer.alloc(readFileSync(entry).length - 12, 0xa5);
      const header = Buffer.alloc(12);
      header.writeUInt32LE(0x7a647473, 0);
      header.writeUInt32LE(junk.length, 4);
      header.writeUInt32LE(crc32(junk), 8);
      writeFileSync(entry, Buffer.concat([header, junk]));
      chownSync(entry, 12345, 12345);
      chownSync(code, 12345, 12345);
      const ino = statSync(entry).ino;
      const r = lint({ STDZ_CACHE_DIR: root });
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: clean.code, stdout: clean.stdout });
      // Not rewritten either (a rewrite would be a new file).
      expect(statSync(entry).ino).toBe(ino);
    });

    it("the user's own cache folder, left group-writable (umask 002), is closed and used", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      const code = join(root, "code-2");
      const entry = join(code, entries(code)[0]!);
      chmodSync(code, 0o775);
      const ino = statSync(entry).ino;
      expect(lint({ STDZ_CACHE_DIR: root }).stdout).toBe(clean.stdout);
      expect(statSync(code).mode & 0o777).toBe(0o755);
      // Read, not replaced.
      expect(statSync(entry).ino).toBe(ino);
    });

    it("marks the folder it makes, and never uses, tightens or prunes a code/ folder of the user's own", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      expect(readFileSync(join(root, "code-2", ".stdz-cache"), "utf8")).toContain("stdz");
      // STDZ_CACHE_DIR pointing at a folder whose code/ is the user's (no marker), holding
      // more files than the cache keeps, some named like entries.
      const mine = mkdtempSync(join(tmpdir(), "stdz-user-"));
      const code = join(mine, "code-2");
      mkdirSync(code);
      chmodSync(code, 0o775);
      const names = Array.from({ length: 60 }, (_, i) => (i % 2 ? `notes-${i}.txt` : `${"0".repeat(16)}-${process.version}-${process.arch}-lint${i}.bin`));
      for (const n of names) writeFileSync(join(code, n), n);
      for (let i = 0; i < 3; i++) expect(lint({ STDZ_CACHE_DIR: mine }).stdout).toBe(clean.stdout);
      expect(readdirSync(code).sort()).toEqual([...names].sort());
      for (const n of names) expect(readFileSync(join(code, n), "utf8")).toBe(n);
      expect(statSync(code).mode & 0o777).toBe(0o775);
    });

    it("only removes its own entries when pruning a folder it made", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root });
      const code = join(root, "code-2");
      const [entry] = entries(code);
      // 60 stale entries of other builds (older than the live one) and a file of the user's.
      for (let i = 0; i < 60; i++) writeFileSync(join(code, entry!.replace(/^[0-9a-f]{16}/, i.toString(16).padStart(16, "0"))), "x");
      writeFileSync(join(code, "keep-me.txt"), "mine");
      rmEntry(code, entry!);
      lint({ STDZ_CACHE_DIR: root });
      const left = entries(code);
      expect(left).toContain("keep-me.txt");
      expect(left.filter((n) => n.endsWith(".bin"))).toHaveLength(48);
      expect(left).toContain(entry);
    });

    it("never follows a symlinked cache folder: not chmodded, not used", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      const target = mkdtempSync(join(tmpdir(), "stdz-code-target-"));
      writeFileSync(join(target, ".stdz-cache"), "planted");
      chmodSync(target, 0o777);
      symlinkSync(target, join(root, "code-2"));
      for (let i = 0; i < 2; i++) expect(lint({ STDZ_CACHE_DIR: root }).stdout).toBe(clean.stdout);
      expect(statSync(target).mode & 0o777).toBe(0o777);
      expect(readdirSync(target)).toEqual([".stdz-cache"]);
      // A symlinked root is not used either.
      const linked = join(mkdtempSync(join(tmpdir(), "stdz-code-")), "root");
      const real = mkdtempSync(join(tmpdir(), "stdz-code-real-"));
      symlinkSync(real, linked);
      expect(lint({ STDZ_CACHE_DIR: linked }).stdout).toBe(clean.stdout);
      expect(lint({ STDZ_CACHE_DIR: linked }).stdout).toBe(clean.stdout);
      expect(readdirSync(real)).toEqual([]);
    });

    it("runs without HOME (no cache folder to name)", () => {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "HOME" && k !== "XDG_CACHE_HOME" && k !== "STDZ_CACHE_DIR") env[k] = v;
      const r = spawnSync(process.execPath, [BIN, "--version"], { cwd: ROOT, encoding: "utf8", env });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
    });

    it("STDZ_NO_CACHE=1 writes no code cache", () => {
      const root = mkdtempSync(join(tmpdir(), "stdz-code-"));
      lint({ STDZ_CACHE_DIR: root, STDZ_NO_CACHE: "1" });
      expect(() => readdirSync(join(root, "code-2"))).toThrow();
    });
  });
});
