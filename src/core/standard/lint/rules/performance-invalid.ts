import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";
import { levels } from "../walk.js";

const COUNTS = ["deaths", "serious_injuries", "minor_injuries"] as const;

export const rule: LintRule = {
  meta: {
    code: "STD025",
    name: "performance-invalid",
    severity: "error",
    description: {
      zh: "安全绩效条件只用已知字段（deaths、serious_injuries、minor_injuries、direct_loss），人数为整数",
      en: "performance conditions use known fields only (deaths, serious_injuries, minor_injuries, direct_loss); head counts are whole numbers",
    },
  },
  check(ctx) {
    for (const l of levels(ctx)) {
      const p = l.performance;
      if (!p) continue;
      for (const key of ["max_total", "max_per_accident"] as const) {
        const caps = p[key];
        if (!caps) continue;
        for (const f of COUNTS) {
          const v = caps[f];
          if (v && !v.isInteger()) {
            ctx.report("STD025", { detail: text(`${key}.${f} 是人数，应为整数（实际 ${v.toString()}）`, `${key}.${f} is a head count and must be a whole number (found ${v.toString()})`) }, l, `performance/${key}/${f}`);
          }
        }
      }
    }
  },
  claim(e) {
    if (e.keyword === "additionalProperties" && /\/performance(\/max_total|\/max_per_accident)?$/.test(e.instancePath)) {
      const field = String(e.params.additionalProperty);
      return {
        detail: text(
          `未知字段 “${field}”（可用：${/max_/.test(e.instancePath) ? "deaths、serious_injuries、minor_injuries、direct_loss" : "months、max_total、max_per_accident"}）`,
          `unknown field '${field}' (known: ${/max_/.test(e.instancePath) ? "deaths, serious_injuries, minor_injuries, direct_loss" : "months, max_total, max_per_accident"})`,
        ),
      };
    }
    return undefined;
  },
};
