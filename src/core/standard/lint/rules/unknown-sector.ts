import type { Comparison } from "../../model.js";
import type { Condition } from "../../model.js";
import type { LintContext, LintRule } from "../types.js";
import { items } from "../walk.js";

function known(ctx: LintContext, s: string): boolean {
  return s === "*" || ctx.sectors.names.has(s) || ctx.sectors.aliases.has(s);
}

function sectorValues(cond: Condition, path: string, out: [string, string][]): void {
  for (const [k, v] of Object.entries(cond)) {
    if (k === "all" || k === "any") (v as Condition[]).forEach((c, i) => sectorValues(c, `${path}/${k}/${i}`, out));
    else if (k === "not") sectorValues(v as Condition, `${path}/not`, out);
    else if (k === "sector") {
      const cmp = v as Comparison;
      for (const op of ["eq", "ne"] as const) if (typeof cmp[op] === "string") out.push([`${path}/sector/${op}`, cmp[op] as string]);
      cmp.in?.forEach((x, i) => typeof x === "string" && out.push([`${path}/sector/in/${i}`, x]));
    }
  }
}

export const rule: LintRule = {
  meta: {
    code: "STD029",
    name: "unknown-sector",
    severity: "warning",
    description: {
      zh: "行业名称不在随附的行业分工表（data/sectors.json，46 个行业）中",
      en: "sector name not in the shipped sector table (data/sectors.json, 46 sectors)",
    },
  },
  check(ctx) {
    if (ctx.sectors.names.size === 0) return;
    // Only the file's own sectors: inherited ones are checked in their own file.
    (ctx.doc.sectors ?? []).forEach((s, i) => {
      if (!known(ctx, s)) ctx.report("STD029", { sector: s }, ctx.doc, `sectors/${i}`);
    });
    for (const { item } of items(ctx)) {
      if (!item.applies_when) continue;
      const found: [string, string][] = [];
      sectorValues(item.applies_when, "applies_when", found);
      for (const [p, s] of found) if (!known(ctx, s)) ctx.report("STD029", { sector: s }, item, p);
    }
  },
};
