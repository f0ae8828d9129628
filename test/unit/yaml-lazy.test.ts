import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { ROOT } from "../helpers/paths.js";

// Counts how often a source document asks the fast reader for its positions.
let loads = 0;
vi.mock("../../src/io/yaml-fast.js", async (orig) => {
  const m = await orig<typeof import("../../src/io/yaml-fast.js")>();
  return {
    ...m,
    parseFast: (text: string) => {
      const f = m.parseFast(text);
      if (!f) return f;
      const positions = f.positions;
      return { ...f, positions: () => (loads++, positions()) };
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "stdz-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lintGenerated(edit: (text: string) => string): Promise<string[]> {
  const bench: { generate: (elements?: number, subs?: number, items?: number) => string } = await import(join(ROOT, "bench", "lint.bench.mjs"));
  const file = join(dir, `s${loads}.yaml`);
  writeFileSync(file, edit(bench.generate(3, 2, 10)));
  const { loadStandardFile } = await import("../../src/io/standards.js");
  const { lintStandardFile } = await import("../../src/flows/standard.js");
  return (await lintStandardFile(await loadStandardFile(file))).map((d) => d.code);
}

it("a clean lint never builds position maps (the lint bench depends on it)", async () => {
  loads = 0;
  expect(await lintGenerated((t) => t.replace(/^total: \d+$/m, "total: 60"))).toEqual([]);
  expect(loads).toBe(0);
});

it("a lint with something to report builds them once", async () => {
  loads = 0;
  const codes = await lintGenerated((t) => t.replace(/^total: \d+$/m, "total: 61"));
  expect(codes.length).toBeGreaterThan(0);
  expect(loads).toBe(1);
});
