import { conditionText, reasonText } from "../../codes/reasons.js";
import { conditionFields, evaluateCondition, isBuiltinField, type ConditionProfile } from "../standard/condition.js";
import type { Level } from "../standard/model.js";
import { Rational } from "../lib/rational.js";
import type { GradeFinding } from "./grade.js";

/** DESIGN.md extensions 1, 4 and 7 at grading time: prerequisites, per-element floors, `requires`, the level applied for. Pure. */

/** The `min_element_rate` floor a level sets for one first-level element, if any. */
export function elementFloor(level: Level, elementId: string): Rational | undefined {
  const m = level.min_element_rate;
  if (m === undefined || m instanceof Rational) return m;
  return m.elements[elementId] ?? m.default;
}

export interface PrerequisiteState {
  id: string;
  text: string;
  met: boolean;
  blocks: "all" | string[];
  note?: string;
}

export interface LevelContext {
  profile?: ConditionProfile;
  prerequisites?: readonly PrerequisiteState[];
  /** True when the level is above the one the enterprise applied for. */
  aboveApplied?: { applied: string };
}

export const blocksLevel = (blocks: "all" | readonly string[], level: string): boolean => blocks === "all" || blocks.includes(level);

export function extensionReasons(level: Level, ctx: LevelContext): GradeFinding[] {
  const out: GradeFinding[] = [];
  const name = level.name;
  for (const p of ctx.prerequisites ?? []) {
    if (p.met || !blocksLevel(p.blocks, name)) continue;
    out.push({
      level: name,
      condition: "prerequisite",
      actual: "unmet",
      required: "met",
      prerequisite: p.id,
      message: reasonText("prerequisite", { id: p.id, text: p.text }),
    });
  }
  if (level.requires !== undefined && !evaluateCondition(level.requires, ctx.profile ?? {})) {
    const condition = conditionText(level.requires);
    const profile = ctx.profile ?? {};
    // What the enterprise has for each field the condition names (— when not given).
    const actual = [...conditionFields(level.requires)]
      .map((f) => `${f} = ${String((isBuiltinField(f) ? profile[f] : profile.profile?.[f]) ?? "—")}`)
      .join(", ");
    out.push({ level: name, condition: "requires", actual, required: condition.zh, message: reasonText("requires", { condition }) });
  }
  if (ctx.aboveApplied) {
    const applied = ctx.aboveApplied.applied;
    out.push({ level: name, condition: "applied_level", actual: applied, required: name, message: reasonText("applied_level", { applied, level: name }) });
  }
  return out;
}
