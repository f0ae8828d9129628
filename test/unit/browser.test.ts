// Where stdz looks for a browser to print PDFs, on each platform, and that STDZ_CHROMIUM wins.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { browserCandidates, findBrowser } from "../../src/io/browser.js";

const TMP = mkdtempSync(join(tmpdir(), "stdz-browser-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function fakeBrowser(name: string): string {
  const f = join(TMP, name);
  writeFileSync(f, "#!/bin/sh\n");
  chmodSync(f, 0o755);
  return f;
}

describe("browserCandidates", () => {
  it("names Chrome and Edge under Program Files on Windows", () => {
    const c = browserCandidates("win32", { PROGRAMFILES: "C:\\Program Files" });
    expect(c).toContain("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
    expect(c).toContain("C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe");
  });
  it("names the app bundles on macOS", () => {
    expect(browserCandidates("darwin", {})).toContain("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
  });
  it("looks for chromium, chrome and edge on Linux", () => {
    expect(browserCandidates("linux", {})).toEqual(expect.arrayContaining(["chromium", "google-chrome", "microsoft-edge"]));
  });
});

describe("findBrowser", () => {
  it("uses STDZ_CHROMIUM when it names an executable", () => {
    const b = fakeBrowser("my-chrome");
    expect(findBrowser({ STDZ_CHROMIUM: b, PATH: "" }, "linux").path).toBe(b);
  });
  it("does not fall back to other browsers when STDZ_CHROMIUM names nothing", () => {
    fakeBrowser("chromium");
    const r = findBrowser({ STDZ_CHROMIUM: join(TMP, "missing"), PATH: TMP }, "linux");
    expect(r.path).toBeUndefined();
    expect(r.searched.join()).toContain("missing");
  });
  it("finds a browser on PATH", () => {
    const b = fakeBrowser("chromium");
    expect(findBrowser({ PATH: TMP }, "linux").path).toBe(b);
  });
  it("reports where it looked when there is none", () => {
    const r = findBrowser({ PATH: join(TMP, "empty") }, "linux");
    expect(r.path).toBeUndefined();
    expect(r.searched).toContain("chromium");
  });
});
