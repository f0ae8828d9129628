import type { GradeOutcome } from "../../core/scoring/grade.js";
import { formulaText, type ResultTexts, type ScoreCalc } from "../../core/scoring/score.js";
import type { Lang } from "../../i18n.js";

/** The result file's texts (grade reasons, formula) in the language the command was given. */
export function resultTexts(grade: GradeOutcome, calc: ScoreCalc, lang: Lang): ResultTexts {
  return {
    grade_reasons: grade.reasons.map((r) => ({ ...r, message: r.message[lang] })),
    formula: formulaText(calc)[lang],
  };
}
