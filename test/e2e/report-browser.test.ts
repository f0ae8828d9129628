// The rendered HTML report opened in a real browser (Debian's Chromium through playwright-core):
// grade, score and one bar per first-level element are visible, nothing runs or loads from
// outside, and printing gives a multi-page A4 PDF whose text (read through the fonts' ToUnicode
// maps, see report-pdf.ts) contains the enterprise name. Screenshots and PDFs are kept in
// test-artifacts/ for people to look at.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";
import { readPdf } from "./report-pdf.js";
import { browserPlan } from "../helpers/browser.js";

// Skipped without a browser (test/global-setup.ts prints the one line); required on CI.
const PLAN = browserPlan(process.env);
const ART = join(ROOT, "test-artifacts");
const RESULTS = join(FIXTURES, "results");
const BUNDLES = join(ROOT, "examples", "bundles");

let browser: Browser;

beforeAll(async () => {
  if (PLAN.kind === "skip") return;
  if (PLAN.kind === "fail") throw new Error(PLAN.message);
  mkdirSync(ART, { recursive: true });
  browser = await chromium.launch({
    executablePath: PLAN.path,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

interface Case {
  name: string;
  result: string;
  /** What the report must show, from the fixture's README (hand-computed) or from the result. */
  grade: string;
  score: string;
  elements: number;
  enterprise: string;
  template?: string;
}

// Hand-computed figures: test/fixtures/results/README.md.
const fixtureCases: Case[] = [
  { name: "acme-self", result: join(RESULTS, "acme-self.json"), grade: "二级", score: "91.6", elements: 8, enterprise: "泉州某某钢铁有限公司" },
  { name: "review-weighted", result: join(RESULTS, "review-weighted.json"), grade: "未达标", score: "55.0", elements: 4, enterprise: "福建某某化工有限公司" },
  { name: "hostile", result: join(RESULTS, "hostile.json"), grade: "三级", score: "60.0", elements: 1, enterprise: "<script>alert(1)</script>" },
  {
    name: "acme-rectification",
    result: join(RESULTS, "acme-self.json"),
    grade: "二级",
    score: "91.6",
    elements: 0,
    enterprise: "泉州某某钢铁有限公司",
    template: "rectification",
  },
];

async function check(c: Case): Promise<void> {
  const html = join(ART, `${c.name}.html`);
  const r = stdz(["report", c.result, "-o", html, ...(c.template ? ["-t", c.template] : [])]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);

  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("request", (req) => {
    if (!req.url().startsWith("file:")) requests.push(req.url());
  });
  const url = pathToFileURL(html).href;
  await page.goto(url, { waitUntil: "load" });

  // Chinese has real glyphs: "泉" must not draw the same box as an unassigned code point. The PDF
  // keeps the text even when it prints as boxes, so only this catches a machine without CJK fonts.
  const cjk = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 48;
    canvas.height = 48;
    const g = canvas.getContext("2d")!;
    const family = getComputedStyle(document.body).fontFamily;
    const draw = (ch: string) => {
      g.clearRect(0, 0, 48, 48);
      g.font = `32px ${family}`;
      g.fillText(ch, 4, 38);
      return Array.from(g.getImageData(0, 0, 48, 48).data).join(",");
    };
    return draw("泉") !== draw("\u{10FFFD}");
  });
  expect(cjk, "Chinese renders as empty boxes: install a CJK font (fonts-noto-cjk)").toBe(true);

  // Grade and score are visible and say what the result says.
  const grade = page.getByTestId("grade");
  const score = page.getByTestId("score");
  expect(await grade.isVisible()).toBe(true);
  expect(await score.isVisible()).toBe(true);
  expect((await grade.textContent())?.trim()).toBe(c.grade);
  expect((await score.textContent())?.trim()).toMatch(new RegExp(`^${c.score.replace(".", "\\.")}\\b`));
  expect(await page.getByTestId("enterprise").first().textContent()).toBe(c.enterprise);

  // One visible bar per first-level element.
  if (c.elements > 0) {
    const bars = page.locator("figure[data-testid=chart] svg .bar");
    expect(await bars.count()).toBe(c.elements);
    for (let i = 0; i < c.elements; i++) {
      const bar = bars.nth(i);
      expect(await bar.isVisible()).toBe(true);
      const box = await bar.boundingBox();
      expect(box && box.width > 0 && box.height > 0).toBe(true);
    }
  }

  // Nothing ran and nothing was fetched: no script element, no dialog, no request off the file.
  expect(await page.locator("script").count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);

  await page.screenshot({ path: join(ART, `${c.name}.png`), fullPage: true });

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(ART, `${c.name}.pdf`), pdf);
  const { pages, text } = readPdf(pdf);
  expect(pages).toBeGreaterThanOrEqual(c.template ? 1 : 2);
  // The enterprise name is real text on the first page (whitespace from line breaks ignored).
  expect(text[0]!.replace(/\s+/g, "")).toContain(c.enterprise.replace(/\s+/g, ""));
  await context.close();
}

describe.skipIf(PLAN.kind === "skip")("HTML reports in Chromium", () => {
  for (const c of fixtureCases) it(`${c.name}: grade, score, bars visible; prints to PDF`, () => check(c));

  it("the fixture's PDF reader is not vacuous: it finds the score and misses a name that is not there", async () => {
    const pdf = readFileSync(join(ART, "acme-self.pdf"));
    const { text } = readPdf(pdf);
    const all = text.join("").replace(/\s+/g, "");
    expect(all).toContain("91.6");
    expect(all).toContain("安全生产标准化自评报告");
    expect(all).not.toContain("福建某某化工有限公司");
  });

  // Every example bundle: score it with the binary, then render and check its report.
  const bundles = existsSync(BUNDLES)
    ? readdirSync(BUNDLES, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
  for (const b of bundles) {
    it(`example bundle ${b}: scored, rendered and printed`, async () => {
      const out = join(ART, `bundle-${b}.json`);
      const s = stdz(["score", join(BUNDLES, b), "--format", "json", "-o", out]);
      expect([0, 1]).toContain(s.code);
      const result = JSON.parse(readFileSync(out, "utf8")) as {
        grade: string;
        score: number;
        elements: unknown[];
        enterprise: { name: string };
        standard: { round: number };
      };
      await check({
        name: `bundle-${b}`,
        result: out,
        grade: result.grade,
        score: result.score.toFixed(result.standard.round),
        elements: result.elements.length,
        enterprise: result.enterprise.name,
      });
    });
  }
});
