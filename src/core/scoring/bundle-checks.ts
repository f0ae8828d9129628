import { diag, type Diagnostic } from "../../diagnostics.js";
import type { Bundle } from "./bundle.js";
import { conditionFields, isBuiltinField } from "../standard/condition.js";
import { allElements, allItems, windowsOf, type Condition, type Standard } from "../standard/model.js";

/**
 * Bundle errors for the format extensions: every prerequisite stated once, every declared
 * profile field a condition names given with a value of its declared type, a head count
 * where rates per 1000 are asked for, and an applied level the standard has. Pure.
 */

/** Every condition of a standard: `applies_when`, conditional weights, level `requires`. */
export function standardConditions(std: Standard): Condition[] {
  const out: Condition[] = [];
  for (const { item } of allItems(std)) if (item.applies_when) out.push(item.applies_when);
  for (const { element } of allElements(std.elements)) for (const c of element.weight_cases ?? []) if (c.when) out.push(c.when);
  for (const l of std.grading.levels) if (l.requires) out.push(l.requires);
  return out;
}

export function checkBundleExtensions(bundle: Bundle, std: Standard): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = std.prerequisites ?? [];
  const ids = new Set(declared.map((p) => p.id));
  const seen = new Set<string>();
  for (const p of bundle.prerequisites) {
    if (!ids.has(p.id)) out.push(diag("BUN071", { id: p.id, standard: std.id }, { path: `${p.ptr}/id` }));
    else if (seen.has(p.id)) out.push(diag("BUN072", { id: p.id }, { path: `${p.ptr}/id` }));
    seen.add(p.id);
  }
  for (const p of declared)
    if (!seen.has(p.id)) out.push(diag("BUN070", { id: p.id, text: p.text }, { path: bundle.prerequisites.length > 0 ? "/prerequisites" : "" }));

  const decls = std.profile ?? {};
  const given = bundle.enterprise.profile ?? {};
  const used = new Set<string>();
  for (const c of standardConditions(std)) for (const f of conditionFields(c)) if (!isBuiltinField(f)) used.add(f);
  for (const f of used) {
    const d = decls[f];
    // An undeclared field is the standard's error (lint); here only declared ones are asked for.
    if (d && given[f] === undefined) out.push(diag("BUN073", { field: f, title: d.title }, { path: "/enterprise" }));
  }
  for (const [f, v] of Object.entries(given)) {
    const d = decls[f];
    const path = `/enterprise/profile/${f}`;
    if (!d) {
      out.push(diag("BUN077", { field: f }, { path }));
      continue;
    }
    let ok: boolean;
    let expected: string;
    let expected_en: string;
    switch (d.type) {
      case "boolean":
        ok = typeof v === "boolean";
        [expected, expected_en] = ["true 或 false", "true or false"];
        break;
      case "integer":
        ok = typeof v === "number" && Number.isSafeInteger(v);
        [expected, expected_en] = ["整数", "an integer"];
        break;
      case "number":
        ok = typeof v === "number" && Number.isFinite(v);
        [expected, expected_en] = ["数字", "a number"];
        break;
      case "enum":
        ok = typeof v === "string" && (d.values ?? []).includes(v);
        [expected, expected_en] = [(d.values ?? []).join("、"), (d.values ?? []).join(", ")];
        break;
      default:
        ok = typeof v === "string";
        [expected, expected_en] = ["文字", "text"];
    }
    if (!ok) out.push(diag("BUN074", { field: f, value: JSON.stringify(v), expected, expected_en }, { path }));
  }

  const employees = bundle.enterprise.employees;
  for (const l of std.grading.levels) {
    if (!windowsOf(l).some((w) => w.max_rate_per_1000 !== undefined)) continue;
    if (employees === undefined || !(employees > 0)) out.push(diag("BUN075", { level: l.name }, { path: "/enterprise" }));
  }
  const applied = bundle.assessment.applied_level;
  if (applied !== undefined && !std.grading.levels.some((l) => l.name === applied)) {
    out.push(diag("BUN076", { level: applied, levels: std.grading.levels.map((l) => l.name).join(", ") }, { path: "/assessment/applied_level" }));
  }
  return out;
}
