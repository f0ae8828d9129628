import type { Comparison, Condition, ProfileField, Scalar } from "./model.js";

/** The enterprise facts a condition may test (all optional: registers and bundles leave some out). */
export interface ConditionProfile {
  employees?: number;
  sector?: string;
  region?: string;
  above_scale?: boolean;
  high_risk?: boolean;
  small_micro?: boolean;
  /** Facts declared by the standard (extension 6). */
  profile?: Readonly<Record<string, Scalar>>;
}

/** Which value type each profile field holds; lint checks comparisons against it. */
export const FIELD_TYPES: Record<ProfileField, "number" | "string" | "boolean"> = {
  employees: "number",
  sector: "string",
  region: "string",
  above_scale: "boolean",
  high_risk: "boolean",
  small_micro: "boolean",
};

const ORDER_OPS = ["gt", "gte", "lt", "lte"] as const;

function compare(actual: Scalar | undefined, cmp: Comparison): boolean {
  // A comparison on a missing field is false, whatever the operator (even `ne`);
  // so `not` of it is true. Every operator given must hold.
  if (actual === undefined) return false;
  if ("eq" in cmp && actual !== cmp.eq) return false;
  if ("ne" in cmp && actual === cmp.ne) return false;
  if (cmp.in !== undefined && !cmp.in.includes(actual)) return false;
  for (const op of ORDER_OPS) {
    const limit = cmp[op];
    if (limit === undefined) continue;
    if (typeof actual !== "number") return false;
    if (op === "gt" && !(actual > limit)) return false;
    if (op === "gte" && !(actual >= limit)) return false;
    if (op === "lt" && !(actual < limit)) return false;
    if (op === "lte" && !(actual <= limit)) return false;
  }
  return true;
}

/**
 * Evaluate an `applies_when` condition against an enterprise profile. Conditions are data,
 * never code. Every key of a condition object must hold: `all` (every sub-condition),
 * `any` (at least one), `not` (negation) and profile fields (their comparison). Values are
 * compared strictly (`100` is not `"100"`); a comparison on a field the profile lacks is
 * false, so `{not: {employees: {gt: 100}}}` is true for a profile without `employees`.
 */
export function evaluateCondition(cond: Condition, profile: ConditionProfile): boolean {
  for (const [key, value] of Object.entries(cond)) {
    if (value === undefined) continue;
    if (key === "all") {
      if (!(value as Condition[]).every((c) => evaluateCondition(c, profile))) return false;
    } else if (key === "any") {
      if (!(value as Condition[]).some((c) => evaluateCondition(c, profile))) return false;
    } else if (key === "not") {
      if (evaluateCondition(value as Condition, profile)) return false;
    } else if (key in FIELD_TYPES) {
      if (!compare(profile[key as ProfileField], value as Comparison)) return false;
    } else {
      // A declared field (lint reports undeclared ones); missing, it never holds.
      if (!compare(profile.profile?.[key], value as Comparison)) return false;
    }
  }
  return true;
}

/** The profile fields a condition tests, at any depth (built-in and declared ones). */
export function conditionFields(cond: Condition, out: Set<string> = new Set()): Set<string> {
  for (const [key, value] of Object.entries(cond)) {
    if (value === undefined) continue;
    if (key === "all" || key === "any") for (const c of value as Condition[]) conditionFields(c, out);
    else if (key === "not") conditionFields(value as Condition, out);
    else out.add(key);
  }
  return out;
}

export const isBuiltinField = (key: string): key is ProfileField => key in FIELD_TYPES;
