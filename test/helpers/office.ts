// LibreOffice headless for the tests that open what stdz writes (Word, Excel) as a user's
// office suite would: found once, run with a profile folder of the test's own.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";

/** Whether a command is on PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
}

/** The LibreOffice binary, if installed. */
export const SOFFICE = ["soffice", "libreoffice"].find(hasCommand);

/** Under CI (or STDZ_REQUIRE_LIBREOFFICE=1) a missing LibreOffice fails the tests instead of skipping them. */
export const REQUIRE_LIBREOFFICE = process.env.CI === "true" || process.env.STDZ_REQUIRE_LIBREOFFICE === "1";

/** `soffice --headless --convert-to <to>` of `files` into `outDir`; the profile lives under `tmp`. */
export function officeConvert(files: readonly string[], to: string, outDir: string, tmp: string, timeout = 180_000): SpawnSyncReturns<string> {
  if (!SOFFICE) throw new Error("LibreOffice not found: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui (.ci/run does)");
  return spawnSync(
    SOFFICE,
    ["--headless", "--norestore", `-env:UserInstallation=file://${join(tmp, "lo-profile")}`, "--convert-to", to, "--outdir", outDir, ...files],
    { encoding: "utf8", timeout },
  );
}
