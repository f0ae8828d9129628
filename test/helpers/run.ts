import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT } from "./paths.js";

/** The tests' own cache (compiled standards, code cache), never the user's ~/.cache/stdz (see test/global-setup.ts). */
export const TEST_CACHE = process.env.STDZ_TEST_CACHE ?? mkdtempSync(join(tmpdir(), "stdz-test-cache-"));

/** The "today" every test run of the binary sees, unless a test passes its own STDZ_TODAY. */
export const PINNED_TODAY = "2024-06-30";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `stdz` binary as a user would; colours off so output is comparable. */
export function stdz(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    // STDZ_TODAY pins "today" (the default --as-of) so that results do not change with the calendar.
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", STDZ_STANDARDS_PATH: "", STDZ_CACHE_DIR: TEST_CACHE, STDZ_TODAY: PINNED_TODAY, ...opts.env },
    input: opts.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
