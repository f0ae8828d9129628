import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../../src/commands/usage.js";

describe("didYouMean", () => {
  it("measures edits", () => {
    expect(editDistance("organization", "organisation")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("score", "score")).toBe(0);
  });
  it("suggests the closest name within reach", () => {
    expect(didYouMean("scor", ["lint", "score", "sample"])).toBe("score");
    expect(didYouMean("--formt", ["--format", "--output"])).toBe("--format");
    expect(didYouMean("organization", ["organisation", "assessors"])).toBe("organisation");
  });
  it("says nothing when nothing is close", () => {
    expect(didYouMean("xyz", ["score", "lint"])).toBeUndefined();
    expect(didYouMean("batchsummary", ["batch"])).toBeUndefined();
  });
});
