import { rule as r010 } from "./rules/decimal-places.js";
import { rule as r011 } from "./rules/duplicate-id.js";
import { rule as r012 } from "./rules/item-id-nested.js";
import { rule as r013 } from "./rules/nonpositive-points.js";
import { rule as r014 } from "./rules/deduction-exceeds-item.js";
import { rule as r015 } from "./rules/max-below-points.js";
import { rule as r016 } from "./rules/negative-penalty.js";
import { rule as r017 } from "./rules/total-mismatch.js";
import { rule as r018 } from "./rules/weight-missing.js";
import { rule as r019 } from "./rules/weights-sum.js";
import { rule as r020 } from "./rules/no-levels.js";
import { rule as r021 } from "./rules/duplicate-level.js";
import { rule as r022 } from "./rules/levels-order.js";
import { rule as r023 } from "./rules/min-score-range.js";
import { rule as r024 } from "./rules/element-rate-range.js";
import { rule as r025 } from "./rules/performance-invalid.js";
import { rule as r026 } from "./rules/veto-unknown-level.js";
import { rule as r027 } from "./rules/condition-invalid.js";
import { rule as r028 } from "./rules/na-forbidden-conditional.js";
import { rule as r029 } from "./rules/unknown-sector.js";
import { rule as r030 } from "./rules/extends-not-found.js";
import { rule as r031 } from "./rules/extends-cycle.js";
import { rule as r032 } from "./rules/patch-target-missing.js";
import { rule as r033 } from "./rules/patch-id-collision.js";
import { rule as r034 } from "./rules/empty-element.js";
import { rule as r035 } from "./rules/empty-title.js";
import { rule as r036 } from "./rules/duplicate-evidence.js";
import { rule as r037 } from "./rules/deduction-no-text.js";
import { rule as r038 } from "./rules/duplicate-deduction-id.js";
import { rule as r039 } from "./rules/base-invalid.js";
import { rule as r040 } from "./rules/patch-mismatch.js";
import { rule as r041 } from "./rules/weight-ignored.js";
import { rule as r050 } from "./rules/zeroes-not-enclosing.js";
import { rule as r051 } from "./rules/cap-invalid.js";
import { rule as r052 } from "./rules/weight-parent.js";
import { rule as r053 } from "./rules/weight-no-default.js";
import { rule as r054 } from "./rules/profile-undeclared.js";
import { rule as r055 } from "./rules/levels-indistinct.js";
import { rule as r056 } from "./rules/aggregate-direct-items.js";
import { rule as r060 } from "./rules/invisible-chars.js";
import type { LintRule } from "./types.js";

/** Every lint rule, in code order. Each is one module under rules/ with its own fixture in test/fixtures/lint/. */
export const RULES: readonly LintRule[] = [
  r010,
  r011,
  r012,
  r013,
  r014,
  r015,
  r016,
  r017,
  r018,
  r019,
  r020,
  r021,
  r022,
  r023,
  r024,
  r025,
  r026,
  r027,
  r028,
  r029,
  r030,
  r031,
  r032,
  r033,
  r034,
  r035,
  r036,
  r037,
  r038,
  r039,
  r040,
  r041,
  r050,
  r051,
  r052,
  r053,
  r054,
  r055,
  r056,
  r060,
];

export type { LintContext, LintRule, RuleMeta } from "./types.js";
