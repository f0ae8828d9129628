// The bad-input corpus (test/corpus/): every case through the built binary, in a fresh
// folder, with the promises of issue #11 checked the same way for each.
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CASES } from "../corpus/cases.js";
import { BIN, ROOT } from "../helpers/paths.js";
import { TEST_CACHE } from "../helpers/run.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), "stdz-corpus-"));
  chmodSync(d, 0o755);
  made.push(d);
  return d;
}

/** Every entry under `dir` (hidden ones too) with, for regular files, sha256 and mode. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    const rel = relative(dir, p);
    if (e.isFile()) {
      const st = statSync(p);
      out.set(rel, `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${(st.mode & 0o7777).toString(8)}`);
    } else out.set(rel, e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : "special");
  }
  return out;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", STDZ_STANDARDS_PATH: join(ROOT, "standards"), STDZ_CACHE_DIR: TEST_CACHE, ...env },
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}`, signal: r.signal };
}

describe("bad-input corpus: coded, placed, nothing lost, nothing left", () => {
  for (const c of CASES) {
    it(`${c.klass}: ${c.name}`, () => {
      const dir = freshDir();
      c.setup(dir);
      const before = snapshot(dir);
      const r = run(c.args, dir, typeof c.env === "function" ? c.env(dir) : c.env);
      expect(r.signal, "the run must end by itself (no hang)").toBeNull();
      expect(r.out).toContain(c.code);
      expect(r.out).toMatch(c.place);
      expect(r.out).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(r.out).not.toMatch(/Maximum call stack|RangeError|TypeError/);
      expect(r.code, r.out).toBe(c.exit);
      // Inputs byte-identical (sha256 and mode), and no output or temporary file left (but the outputs a successful run names).
      const after = snapshot(dir);
      for (const k of after.keys()) if (c.writes?.some((w) => k === w || k.startsWith(w + "/"))) after.delete(k);
      expect(after).toEqual(before);
    });
  }
});

describe("outputs: written through, modes kept, interrupted runs leave nothing", () => {
  it("-o /dev/null and -o /dev/stdout write through the device; -o - is stdout", () => {
    const dir = freshDir();
    cpSync(join(ROOT, "standards", "qz-gm-2021.yaml"), join(dir, "s.yaml"));
    const null1 = statSync("/dev/null");
    expect(run(["compile", "s.yaml", "-o", "/dev/null"], dir).code).toBe(0);
    const null2 = statSync("/dev/null");
    expect(null2.isCharacterDevice()).toBe(true);
    expect(null2.ino).toBe(null1.ino);
    const viaDevice = run(["lint", "s.yaml", "--format", "json", "-o", "/dev/stdout"], dir);
    const viaDash = run(["lint", "s.yaml", "--format", "json", "-o", "-"], dir);
    expect(viaDevice.code).toBe(0);
    expect(JSON.parse(viaDash.out.trim()).files).toBeDefined();
    expect(viaDevice.out).toBe(viaDash.out);
    expect(readdirSync(dir)).toEqual(["s.yaml"]);
  });

  it("replacing an existing output keeps its permission bits (a 0600 result stays 0600)", () => {
    const dir = freshDir();
    cpSync(join(ROOT, "examples", "bundles", "qz-steel-level1"), join(dir, "b"), { recursive: true });
    writeFileSync(join(dir, "r.json"), "old");
    chmodSync(join(dir, "r.json"), 0o600);
    expect(run(["score", "b", "--format", "json", "-o", "r.json"], dir).code).toBe(0);
    expect(statSync(join(dir, "r.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).grade).toBe("一级");
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} during batch removes every temporary file, keeps the old outputs and exits ${code}`, async () => {
      const dir = freshDir();
      const gen = spawnSync(process.execPath, [join(ROOT, "scripts", "gen-register.mjs"), "--rows", "400000", "--out", join(dir, "big.csv")]);
      expect(gen.status).toBe(0);
      mkdirSync(join(dir, "out"));
      writeFileSync(join(dir, "out", "达标名单.csv"), "old list\n");
      const before = snapshot(dir);
      const child = spawn(process.execPath, [BIN, "batch", "big.csv", "-o", "out"], { cwd: dir, env: { ...process.env, STDZ_CACHE_DIR: TEST_CACHE } });
      let stderr = "";
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      // Signal once the run is under way: its staging folder exists.
      await new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const poll = setInterval(() => {
          if (readdirSync(join(dir, "out")).some((n) => n.startsWith(".stdz-"))) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - t0 > 30_000 || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`batch never started staging: ${stderr}`));
          }
        }, 5);
      });
      child.kill(signal);
      const exit = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      expect(exit).toBe(code);
      expect(stderr).toContain(`CLI009`);
      expect(stderr).toContain(signal);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect([...snapshot(dir).keys()]).toEqual([...before.keys()]);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  // As root the run goes as `nobody`, who must be able to reach the binary (a clone inside a
  // 0700 folder is not); test/unit/standards-walk.test.ts covers the same case with an injected reader.
  const asRoot = process.getuid?.() === 0;
  const nobodyReachesBin =
    !asRoot || spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(BIN)})`], { uid: 65534, gid: 65534 }).status === 0;
  it.skipIf(!nobodyReachesBin)("one unreadable subfolder of a lint folder is a warning for that folder; the rest is linted", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "ok"));
    mkdirSync(join(dir, "locked"));
    cpSync(join(ROOT, "standards", "qz-gm-2021.yaml"), join(dir, "ok", "s.yaml"));
    cpSync(join(ROOT, "standards", "fj-gm-2014.yaml"), join(dir, "locked", "t.yaml"));
    chmodSync(join(dir, "locked"), 0);
    // root reads any folder: run as nobody then (spawn's uid option), otherwise as ourselves.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [BIN, "lint", dir, "--format", "json"], {
      ...asNobody,
      env: { ...process.env, HOME: dir, STDZ_NO_CACHE: "1", STDZ_STANDARDS_PATH: join(ROOT, "standards") },
      encoding: "utf8",
    });
    chmodSync(join(dir, "locked"), 0o755);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(r.stdout) as { files: string[] };
    expect(JSON.stringify(json)).toContain("STD061");
    expect(JSON.stringify(json)).toContain("locked");
    expect(json.files.map((f) => relative(dir, f))).toEqual([join("ok", "s.yaml")]);
    expect(r.status).toBe(0);
  });
});
