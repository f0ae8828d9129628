// Printing an HTML report to PDF through a Chromium-family browser found on the machine,
// driven by playwright-core (which drives an installed browser and downloads nothing).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diag, InputError } from "../diagnostics.js";
import { findBrowser } from "./browser.js";

type Playwright = typeof import("playwright-core");

/** The PDF bytes of a self-contained HTML page, laid out by its own `@page` rules (A4). */
export async function printPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const found = findBrowser(env);
  if (!found.path) throw new InputError([diag("TPL009", { searched: found.searched.join(", ") })]);
  const { chromium } = createRequire(import.meta.url)("playwright-core") as Playwright;
  // A profile of our own, removed after: the user's browser profile is never touched.
  const profile = mkdtempSync(join(tmpdir(), "stdz-pdf-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: found.path,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      // The report is self-contained: nothing may be fetched while printing it.
      await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await context.close();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([diag("TPL010", { browser: found.path, reason: (e as Error).message.split("\n")[0] ?? String(e) })]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
