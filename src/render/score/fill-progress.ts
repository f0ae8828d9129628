// The fill progress of a bundle, for the console: one summary instead of an error per blank content.
import type { FillProgress } from "../../core/scoring/fill-progress.js";
import { displayWidth } from "../formats/table.js";
import { percent } from "../../core/lib/percent.js";
import { Rational } from "../../core/lib/rational.js";

/** Lines for stderr; `shown` missing ids are named, the rest counted. */
export function renderFillProgress(p: FillProgress, lang: "zh" | "en", shown = 8): string[] {
  const pct = p.total === 0 ? "100" : percent(Rational.of(p.filled, p.total));
  const out = [lang === "en" ? `Filled in: ${p.filled} of ${p.total} contents (${pct}%)` : `填写进度：已填 ${p.filled} / ${p.total} 项（${pct}%）`];
  const cells = p.elements.map((e) => `${e.id} ${e.title} ${e.filled}/${e.total}`);
  const width = Math.max(...cells.map(displayWidth));
  for (let i = 0; i < cells.length; i += 3)
    out.push(
      "  " +
        cells
          .slice(i, i + 3)
          .map((c) => c + " ".repeat(width - displayWidth(c)))
          .join("   ")
          .trimEnd(),
    );
  if (p.missing.length) {
    const named = p.missing.slice(0, shown);
    const more = p.missing.length - named.length;
    out.push(
      lang === "en"
        ? `Not filled in: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""} (--verbose lists each; --format json has them all)`
        : `尚未填写：${named.join("、")}${more > 0 ? ` 等 ${p.missing.length} 项` : ""}（--verbose 逐项列出；--format json 含全部）`,
    );
  }
  return out;
}
