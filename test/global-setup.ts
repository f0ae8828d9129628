// One cache folder (compiled standards, code cache) for the whole test run, never the
// user's ~/.cache/stdz; removed at the end. test/helpers/run.ts passes it to every run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserPlan } from "./helpers/browser.js";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "stdz-test-cache-"));
  process.env.STDZ_TEST_CACHE = dir;
  // Printed once per run, not once per browser test file.
  const plan = browserPlan(process.env);
  if (plan.kind === "skip") process.stdout.write(`${plan.line}\n`);
  return () => rmSync(dir, { recursive: true, force: true });
}
