// Which Chromium the browser tests use, and what happens without one: skipped with one line
// saying how to enable them, unless CI=true or STDZ_REQUIRE_BROWSER=1 makes it a failure.
import { existsSync } from "node:fs";

export type BrowserPlan = { kind: "run"; path: string } | { kind: "skip"; line: string } | { kind: "fail"; message: string };

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function browserPlan(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): BrowserPlan {
  const path = env.STDZ_CHROMIUM !== undefined && env.STDZ_CHROMIUM !== "" ? env.STDZ_CHROMIUM : DEFAULT_CHROMIUM;
  if (exists(path)) return { kind: "run", path };
  const how = "apt-get install chromium fonts-noto-cjk, or set STDZ_CHROMIUM=/path/to/chromium";
  if (env.CI === "true" || env.STDZ_REQUIRE_BROWSER === "1") {
    return { kind: "fail", message: `Chromium not found at ${path} and CI=true or STDZ_REQUIRE_BROWSER=1 requires it: ${how}` };
  }
  return { kind: "skip", line: `Browser tests skipped: no Chromium at ${path} (${how}; CI=true or STDZ_REQUIRE_BROWSER=1 makes this a failure)` };
}
