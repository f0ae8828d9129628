// Every test/conformance/bundles/c<n> case scores to its expected.json: score, grade and each
// first-level element's applicable and earned points; the JSON is valid against result.schema.json.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";
import { validator } from "../../src/io/schema.js";

interface Expected {
  score: number;
  grade: string;
  elements: { id: string; applicable_points: number; earned_points: number }[];
}

const dir = join(CONFORMANCE, "bundles");
// The x* cases (format extensions) have their own test: conformance-ext.test.ts.
const cases = existsSync(dir)
  ? readdirSync(dir)
      .filter((c) => c.startsWith("c") && existsSync(join(dir, c, "expected.json")))
      .sort()
  : [];
const validate = validator("result");

describe("conformance bundles", () => {
  it("are all there (11 cases)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(11);
  });

  for (const c of cases) {
    it(c, () => {
      const expected = JSON.parse(readFileSync(join(dir, c, "expected.json"), "utf8")) as Expected;
      const r = stdz(["score", join(dir, c), "--format", "json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout) as Expected & { elements: Expected["elements"] };
      expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
      expect(result.score).toBe(expected.score);
      expect(result.grade).toBe(expected.grade);
      expect(result.elements.map((e) => ({ id: e.id, applicable_points: e.applicable_points, earned_points: e.earned_points }))).toEqual(expected.elements);
    });
  }
});
