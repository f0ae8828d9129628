import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";
import { levels } from "../walk.js";
import { isStrictLimit, limitValue } from "../../model.js";

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
      const perf = l.performance;
      if (!perf) continue;
      const list = Array.isArray(perf) ? perf.map((p, i) => [p, `performance/${i}`] as const) : [[perf, "performance"] as const];
      for (const [p, at] of list) {
        if ((p.months === undefined) === (p.ever !== true)) {
          ctx.report(
            "STD025",
            { detail: text("每个考核期须给出 months 或 ever: true（只能其一）", "each window needs months or ever: true (exactly one)") },
            l,
            at,
          );
        }
        for (const key of ["max_total", "max_per_accident"] as const) {
          const caps = p[key];
          if (!caps) continue;
          for (const f of COUNTS) {
            const lim = caps[f];
            if (lim === undefined) continue;
            // A strict bound on a head count may be any number (`{lt: 1.5}` is odd but meaningful); a plain one is a count.
            const v = limitValue(lim);
            if (!isStrictLimit(lim) && !v.isInteger()) {
              ctx.report(
                "STD025",
                {
                  detail: text(
                    `${key}.${f} 是人数，应为整数（实际 ${v.toString()}）`,
                    `${key}.${f} is a head count and must be a whole number (found ${v.toString()})`,
                  ),
                },
                l,
                `${at}/${key}/${f}`,
              );
            }
          }
        }
      }
    }
  },
  claim(e) {
    if (
      e.keyword === "additionalProperties" &&
      /\/performance(\/\d+)?(\/max_total|\/max_per_accident|\/max_rate_per_1000|\/max_count)?$/.test(e.instancePath)
    ) {
      const field = String(e.params.additionalProperty);
      return {
        detail: text(
          `未知字段 “${field}”（可用：${/max_/.test(e.instancePath) ? "deaths、serious_injuries、minor_injuries、direct_loss、occupational_disease" : "months、ever、max_total、max_per_accident、max_count、max_rate_per_1000、kinds、include_contractor"}）`,
          `unknown field '${field}' (known: ${/max_/.test(e.instancePath) ? "deaths, serious_injuries, minor_injuries, direct_loss, occupational_disease" : "months, ever, max_total, max_per_accident, max_count, max_rate_per_1000, kinds, include_contractor"})`,
        ),
      };
    }
    return undefined;
  },
};
