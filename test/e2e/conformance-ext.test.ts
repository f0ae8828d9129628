// DESIGN.md "What real rubrics need beyond one tree of points": every x* conformance bundle scores
// exactly to its expected.json — score, grade, element and child rates, prerequisites, charged
// zeroes, accident classes, and the set of failed (level, condition) pairs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";
import { validator } from "../../src/io/schema.js";

interface El {
  id: string;
  aggregate: string;
  applicable_points: number;
  earned_points: number;
  rate: number | null;
  weight?: number;
  children?: El[];
}
interface Expected {
  score: number;
  score_text: string;
  grade: string;
  elements: El[];
  prerequisites: { id: string; met: boolean; blocks: unknown }[];
  zeroes: { element: string; item: string; deduction: string }[];
  accidents: { date: string; class: string }[];
  grade_reasons: [string, string][];
}
interface Result extends Omit<Expected, "grade_reasons"> {
  grade_reasons: { level: string; condition: string }[];
}

const dir = join(CONFORMANCE, "bundles");
const validate = validator("result");
const cases = readdirSync(dir)
  .filter((c) => c.startsWith("x") && existsSync(join(dir, c, "expected.json")))
  .sort();

// Rates and earned points of non-pool elements may be long fractions: compare to 6 places.
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-6);
function sameElements(got: El[], want: El[], where: string): void {
  expect(
    got.map((e) => e.id),
    where,
  ).toEqual(want.map((e) => e.id));
  want.forEach((w, i) => {
    const g = got[i]!;
    const at = `${where}/${w.id}`;
    expect(g.aggregate, at).toBe(w.aggregate);
    expect(close(g.applicable_points, w.applicable_points), `${at} applicable ${g.applicable_points} vs ${w.applicable_points}`).toBe(true);
    expect(close(g.earned_points, w.earned_points), `${at} earned ${g.earned_points} vs ${w.earned_points}`).toBe(true);
    expect(close(g.rate, w.rate), `${at} rate ${g.rate} vs ${w.rate}`).toBe(true);
    expect(g.weight, `${at} weight`).toBe(w.weight);
    sameElements(g.children ?? [], w.children ?? [], at);
  });
}

describe("conformance bundles for the format extensions", () => {
  it("are all there (x1–x8)", () => {
    expect(cases).toHaveLength(8);
  });

  for (const c of cases) {
    it(c, () => {
      const expected = JSON.parse(readFileSync(join(dir, c, "expected.json"), "utf8")) as Expected;
      const r = stdz(["score", join(dir, c), "--format", "json"]);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as Result;
      expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
      expect(result.score).toBe(expected.score);
      expect(result.score_text).toBe(expected.score_text);
      expect(result.grade).toBe(expected.grade);
      sameElements(result.elements, expected.elements, c);
      expect(result.prerequisites.map((p) => ({ id: p.id, met: p.met, blocks: p.blocks }))).toEqual(expected.prerequisites);
      expect(result.zeroes ?? []).toEqual(expected.zeroes);
      expect(result.accidents.map((a) => ({ date: a.date, class: a.class }))).toEqual(expected.accidents);
      const pairs = new Set(result.grade_reasons.map((g) => `${g.level}/${g.condition}`));
      expect([...pairs].sort()).toEqual(expected.grade_reasons.map(([l, k]) => `${l}/${k}`).sort());
    });
  }
});
