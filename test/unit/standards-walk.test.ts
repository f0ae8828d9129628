// One unreadable subfolder of a lint folder or the search path is a warning for that folder
// (STD061); the standards beside it are still found. The folder reader is injected because
// root reads every folder whatever its mode (test/e2e/corpus.test.ts runs the same case as
// `nobody` through the binary where it can).
import { cpSync, mkdirSync, mkdtempSync, promises as fsp, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { walkStandardFiles } from "../../src/io/standards.js";
import { ROOT } from "../helpers/paths.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-walk-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe("walkStandardFiles", () => {
  it("reports an unreadable subfolder as STD061 and lists the rest", async () => {
    mkdirSync(join(TMP, "ok"));
    mkdirSync(join(TMP, "locked"));
    cpSync(join(ROOT, "standards", "qz-gm-2021.yaml"), join(TMP, "ok", "s.yaml"));
    cpSync(join(ROOT, "standards", "fj-gm-2014.yaml"), join(TMP, "locked", "t.yaml"));
    const readdir = (path: string) =>
      path.endsWith("locked")
        ? Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }))
        : fsp.readdir(path, { withFileTypes: true });
    const w = await walkStandardFiles(TMP, true, readdir);
    expect(w.files).toEqual([join(TMP, "ok", "s.yaml")]);
    expect(w.unreadable.map((d) => [d.code, d.severity, d.file, d.args.reason])).toEqual([["STD061", "warning", join(TMP, "locked"), "EACCES"]]);
  });

  it("says nothing of a search-path folder that does not exist", async () => {
    const w = await walkStandardFiles(join(TMP, "missing"));
    expect(w).toEqual({ files: [], unreadable: [] });
  });
});
