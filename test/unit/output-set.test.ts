import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/diagnostics.js";
import { OutputSet } from "../../src/io/output-set.js";

const dirs: string[] = [];
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), "stdz-outset-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("OutputSet", () => {
  it("swaps the whole set in and leaves no staging folder", async () => {
    const dir = folder();
    writeFileSync(join(dir, "a.csv"), "old a");
    writeFileSync(join(dir, "keep.txt"), "not ours");
    const set = new OutputSet(dir);
    await set.whole("a.csv", "new a");
    const b = await set.csv("b.csv", ["h"]);
    b.row(["1"]);
    await set.commit();
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("new a");
    expect(readFileSync(join(dir, "b.csv"), "utf8")).toContain("h");
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv", "keep.txt"]);
    expect(set.written).toEqual(["a.csv", "b.csv"]);
  });

  it("puts the previous files back when a swap fails half way", async () => {
    const dir = folder();
    writeFileSync(join(dir, "a.csv"), "old a");
    writeFileSync(join(dir, "b.csv"), "old b");
    const set = new OutputSet(dir);
    await set.whole("a.csv", "new a");
    await set.whole("b.csv", "new b");
    // The second staged file disappears: its rename fails after the first was swapped in.
    rmSync(set.tmpOf("b.csv"));
    await expect(set.commit()).rejects.toBeInstanceOf(InputError);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("old a");
    expect(readFileSync(join(dir, "b.csv"), "utf8")).toBe("old b");
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv"]);
  });

  it("abort drops everything staged and touches nothing else", async () => {
    const dir = folder();
    writeFileSync(join(dir, "a.csv"), "old a");
    const set = new OutputSet(dir);
    await set.whole("a.csv", "new a");
    await set.spill("part");
    await set.abort();
    expect(readdirSync(dir)).toEqual(["a.csv"]);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("old a");
  });
});
