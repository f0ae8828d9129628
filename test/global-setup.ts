// One cache folder (compiled standards, code cache) for the whole test run, never the
// user's ~/.cache/stdz; removed at the end. test/helpers/run.ts passes it to every run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "stdz-test-cache-"));
  process.env.STDZ_TEST_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
