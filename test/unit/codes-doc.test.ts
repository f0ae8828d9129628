import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODES } from "../../src/codes/index.js";
// @ts-expect-error -- plain ESM script without types
import { CODES_MD, renderCodes } from "../../scripts/gen-codes.mjs";

describe("docs/codes.md", () => {
  it("is generated from the code registry (if this fails: npm run build && node scripts/gen-codes.mjs)", () => {
    const want = (renderCodes as (c: unknown) => string)(CODES);
    let have = "";
    try {
      have = readFileSync(CODES_MD as string, "utf8");
    } catch {
      have = "(missing)";
    }
    expect(have, "docs/codes.md is out of date: run `npm run build && node scripts/gen-codes.mjs`").toBe(want);
  });
  it("lists every code", () => {
    const text = readFileSync(CODES_MD as string, "utf8");
    for (const code of Object.keys(CODES)) expect(text).toContain(`| ${code} |`);
  });
});
