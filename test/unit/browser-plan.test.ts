// Without Chromium the browser tests are skipped with one line, unless CI requires them; checked
// on the helper and on a real vitest run of the browser test file with a browser that is not there.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserPlan, DEFAULT_CHROMIUM } from "../helpers/browser.js";
import { ROOT } from "../helpers/paths.js";

const none = (): boolean => false;

describe("browserPlan", () => {
  it("runs with the browser STDZ_CHROMIUM names, else Debian's path", () => {
    expect(browserPlan({ STDZ_CHROMIUM: "/opt/c" }, (p) => p === "/opt/c")).toEqual({ kind: "run", path: "/opt/c" });
    expect(browserPlan({}, (p) => p === DEFAULT_CHROMIUM)).toEqual({ kind: "run", path: DEFAULT_CHROMIUM });
  });

  it("skips with one line naming how to enable, when nothing requires a browser", () => {
    const plan = browserPlan({ STDZ_CHROMIUM: "/nonexistent" }, none);
    expect(plan.kind).toBe("skip");
    if (plan.kind !== "skip") return;
    expect(plan.line).not.toContain("\n");
    expect(plan.line).toContain("apt-get install chromium fonts-noto-cjk");
    expect(plan.line).toContain("STDZ_CHROMIUM=");
  });

  it("fails under CI=true or STDZ_REQUIRE_BROWSER=1", () => {
    expect(browserPlan({ STDZ_CHROMIUM: "/nonexistent", CI: "true" }, none).kind).toBe("fail");
    expect(browserPlan({ STDZ_CHROMIUM: "/nonexistent", STDZ_REQUIRE_BROWSER: "1" }, none).kind).toBe("fail");
    expect(browserPlan({ STDZ_CHROMIUM: "/nonexistent", CI: "false", STDZ_REQUIRE_BROWSER: "0" }, none).kind).toBe("skip");
  });
});

describe("the browser test file without a browser", () => {
  const run = (extra: NodeJS.ProcessEnv) => {
    const env: NodeJS.ProcessEnv = { ...process.env, STDZ_CHROMIUM: "/nonexistent" };
    delete env.CI;
    delete env.STDZ_REQUIRE_BROWSER;
    Object.assign(env, extra);
    // A nested run must not believe it is one of this run's workers.
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    return spawnSync(process.execPath, [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "test/e2e/report-browser.test.ts"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
  };

  it("is skipped, with the one line, and passes", () => {
    const r = run({});
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.includes("Browser tests skipped"))).toHaveLength(1);
    expect(r.stdout).toMatch(/skipped/);
  });

  it("fails when STDZ_REQUIRE_BROWSER=1", () => {
    const r = run({ STDZ_REQUIRE_BROWSER: "1" });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("Chromium not found at /nonexistent");
  });
});
