// 修订对照表: what an author sends with a revised standard — each change as 条款, 原内容, 修订后,
// 说明, with the full old and new text and the changed characters marked. Markdown (~~删~~ and
// **增**), HTML (<del>/<ins>, A4 landscape) and CSV (full texts plus the changed spans).
import type { Change, StandardDiff } from "../../core/standard/diff.js";
import { textDiff, type Segment } from "../../core/lib/text-diff.js";
import { escapeXml } from "../formats/chart.js";
import { toCsv } from "../formats/csv.js";
import { mdEscape } from "../formats/hbs-helpers.js";

export type Lang = "zh" | "en";

export interface RevisionRow {
  clause: string;
  /** Old and new text as a character-level edit script; one side is empty for additions and removals. */
  old: Segment[];
  new: Segment[];
  note: string;
}

const KIND: Record<Change["kind"], [string, string]> = {
  added: ["新增", "added"],
  removed: ["删除", "removed"],
  repointed: ["调整分值", "re-pointed"],
  retitled: ["修改内容", "reworded"],
  moved: ["调整所属要素", "moved"],
  renumbered: ["调整编号", "renumbered"],
  deductions: ["修改评分方式", "scoring clauses changed"],
  changed: ["修改", "changed"],
};
const NODE: Record<Change["node"], [string, string]> = {
  item: ["考评内容", "content"],
  element: ["要素", "element"],
  level: ["等级", "level"],
  scoring: ["计分方法", "scoring"],
  total: ["总分", "total"],
  standard: ["标准", "standard"],
  prerequisite: ["基本条件", "prerequisite"],
  profile: ["企业信息", "profile field"],
};
const FIELD: Record<string, [string, string]> = {
  method: ["考评办法", "method"],
  evidence: ["证据要求", "evidence"],
  exhausted_penalty: ["扣完追加扣分", "penalty when emptied"],
  veto: ["否决项", "veto"],
  applies_when: ["适用条件", "applies when"],
  na: ["不适用", "na"],
  weight: ["权重", "weight"],
  min_score: ["最低得分", "min score"],
  min_element_rate: ["要素得分率", "element rate"],
  performance: ["安全绩效", "performance"],
  order: ["等级顺序", "level order"],
  model: ["计分模式", "model"],
  scale: ["满分", "scale"],
  round: ["小数位", "decimals"],
  tier: ["层级", "tier"],
  region: ["地区", "region"],
  sectors: ["行业", "sectors"],
  version: ["版本", "version"],
  effective: ["实施日期", "effective"],
};

const pick = (lang: Lang, p: readonly [string, string]) => (lang === "en" ? p[1] : p[0]);
const show = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));

interface DeductionJson {
  id: string;
  text: string;
  points: number;
  max?: number;
  element_points?: number;
}
function isDeduction(v: unknown): v is DeductionJson {
  return typeof v === "object" && v !== null && "id" in v && "text" in v && "points" in v;
}

/** A deduction of the diff's JSON as a clause: "a：缺一项制度（每次扣 10 分，上限 30 分）". */
export function deductionText(d: unknown, lang: Lang): string {
  if (!isDeduction(d)) return "";
  const parts = [lang === "en" ? `${d.points} each` : `每次扣 ${d.points} 分`];
  if (d.max !== undefined) parts.push(lang === "en" ? `max ${d.max}` : `上限 ${d.max} 分`);
  if (d.element_points !== undefined) parts.push(lang === "en" ? `${d.element_points} more to the element` : `追加扣 ${d.element_points} 分`);
  return `${d.id}：${d.text}（${parts.join(lang === "en" ? ", " : "，")}）`;
}

function texts(c: Change, lang: Lang): [string, string] {
  const pts = (v: unknown) => (v === undefined || v === null ? "" : lang === "en" ? `${show(v)} points` : `${show(v)} 分`);
  switch (c.kind) {
    case "added":
      return ["", c.node === "item" ? `${c.title ?? ""}（${pts(c.new)}）` : c.node === "level" ? `${c.id} ${show(c.new)}` : (c.title ?? c.id)];
    case "removed":
      return [c.node === "item" ? `${c.title ?? ""}（${pts(c.old)}）` : c.node === "level" ? `${c.id} ${show(c.old)}` : (c.title ?? c.id), ""];
    case "repointed":
      return [lang === "en" ? `points: ${show(c.old)}` : `标准分值 ${pts(c.old)}`, lang === "en" ? `points: ${show(c.new)}` : `标准分值 ${pts(c.new)}`];
    case "deductions": {
      const list = (v: unknown) =>
        Array.isArray(v)
          ? v
              .map((d) => deductionText(d, lang))
              .filter(Boolean)
              .join("\n")
          : "";
      return [list(c.old), list(c.new)];
    }
    case "changed":
      if (c.fields && typeof c.old === "object" && c.old !== null && !Array.isArray(c.old)) {
        const o = c.old as Record<string, unknown>;
        const n = (c.new ?? {}) as Record<string, unknown>;
        const line = (src: Record<string, unknown>) => c.fields!.map((f) => `${FIELD[f] ? pick(lang, FIELD[f]) : f}：${show(src[f])}`).join("\n");
        return [line(o), line(n)];
      }
      return [show(c.old), show(c.new)];
    default:
      return [show(c.old), show(c.new)];
  }
}

/** One row per change, in the diff's order. */
export function revisionRows(d: StandardDiff, lang: Lang): RevisionRow[] {
  return d.changes.map((c) => {
    const [o, n] = texts(c, lang);
    const segs = textDiff(o, n);
    const renumbered = c.old_id !== undefined ? (lang === "en" ? ` (was ${c.old_id})` : `（原 ${c.old_id}）`) : "";
    const clause = `${c.id}${renumbered}${c.title && c.kind !== "retitled" ? ` ${c.title}` : ""}`;
    const fields = c.kind === "deductions" && c.fields?.length ? (lang === "en" ? `: ${c.fields.join(", ")}` : `：${c.fields.join("、")}`) : "";
    return {
      clause,
      old: segs.filter((s) => s.op !== "+"),
      new: segs.filter((s) => s.op !== "-"),
      note: `${pick(lang, NODE[c.node])}${lang === "en" ? " " : ""}${pick(lang, KIND[c.kind])}${fields}`,
    };
  });
}

const HEADERS: Record<Lang, [string, string, string, string]> = {
  zh: ["条款", "原内容", "修订后", "说明"],
  en: ["clause", "old text", "revised text", "note"],
};

function heading(d: StandardDiff, lang: Lang): string {
  return lang === "en" ? `Revision table: ${d.old.id} → ${d.new.id}` : `修订对照表：${d.old.title}（${d.old.id}）→ ${d.new.title}（${d.new.id}）`;
}

export function revisionMarkdown(d: StandardDiff, lang: Lang): string {
  const cell = (segs: Segment[]) => {
    // Marks never span a line break: each line of a run is marked on its own.
    const mark = (t: string, m: string) =>
      t
        .split("\n")
        .map((line) => (line && m ? `${m}${mdEscape(line)}${m}` : mdEscape(line)))
        .join("<br>");
    const s = segs.map((x) => mark(x.text, x.op === "=" ? "" : x.op === "-" ? "~~" : "**")).join("");
    return s || (lang === "en" ? "(none)" : "（无）");
  };
  const rows = revisionRows(d, lang);
  const h = HEADERS[lang];
  const lines = [`# ${mdEscape(heading(d, lang))}`, "", `| ${h.join(" | ")} |`, "| --- | --- | --- | --- |"];
  for (const r of rows) lines.push(`| ${mdEscape(r.clause)} | ${cell(r.old)} | ${cell(r.new)} | ${mdEscape(r.note)} |`);
  if (rows.length === 0) lines.push("", lang === "en" ? "No differences." : "没有差异。");
  lines.push("", lang === "en" ? "~~struck~~: removed; **bold**: added." : "~~删除线~~ 为删去的文字，**粗体** 为新增的文字。");
  return lines.join("\n") + "\n";
}

export function revisionHtml(d: StandardDiff, lang: Lang): string {
  const cell = (segs: Segment[]) =>
    segs
      .map((x) => (x.op === "=" ? escapeXml(x.text) : x.op === "-" ? `<del>${escapeXml(x.text)}</del>` : `<ins>${escapeXml(x.text)}</ins>`))
      .join("")
      .replace(/\n/g, "<br>") || `<span class="none">${lang === "en" ? "(none)" : "（无）"}</span>`;
  const rows = revisionRows(d, lang);
  const h = HEADERS[lang];
  const body = rows
    .map(
      (r) => `<tr><td class="clause">${escapeXml(r.clause)}</td><td>${cell(r.old)}</td><td>${cell(r.new)}</td><td class="note">${escapeXml(r.note)}</td></tr>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="${lang === "en" ? "en" : "zh-CN"}">
<head>
<meta charset="utf-8">
<title>${escapeXml(heading(d, lang))}</title>
<style>
  @page { size: A4 landscape; margin: 14mm 12mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 10.5pt; color: #000; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 16pt; text-align: center; }
  table { width: 100%; border-collapse: collapse; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th, td { border: 1px solid #666; padding: 4px 6px; vertical-align: top; text-align: left; }
  th { background: #e7ecf2; font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
  td.clause { width: 18%; } td.note { width: 14%; }
  del { color: #b03a2e; text-decoration: line-through; background: #fbe3e1; }
  ins { color: #1e6b3a; text-decoration: underline; background: #e2f3e8; }
  .none { color: #888; }
  p.legend { font-size: 9pt; color: #444; }
</style>
</head>
<body>
<h1>${escapeXml(heading(d, lang))}</h1>
<table>
<thead><tr><th>${h[0]}</th><th>${h[1]}</th><th>${h[2]}</th><th>${h[3]}</th></tr></thead>
<tbody>
${body || `<tr><td colspan="4">${lang === "en" ? "No differences." : "没有差异。"}</td></tr>`}
</tbody>
</table>
<p class="legend">${lang === "en" ? "Struck red text was removed; underlined green text was added." : "红色删除线为删去的文字，绿色下划线为新增的文字。"}</p>
</body>
</html>
`;
}

export function revisionCsv(d: StandardDiff, lang: Lang): string {
  const plain = (segs: Segment[]) => segs.map((s) => s.text).join("");
  const spans = (segs: Segment[]) => segs.filter((s) => s.op !== "=").map((s) => s.text);
  const rows = revisionRows(d, lang).map((r) => {
    const gone = spans(r.old);
    const came = spans(r.new);
    const change =
      lang === "en"
        ? `${gone.map((s) => `-[${s}]`).join(" ")} ${came.map((s) => `+[${s}]`).join(" ")}`.trim()
        : `${gone.map((s) => `删「${s}」`).join(" ")} ${came.map((s) => `增「${s}」`).join(" ")}`.trim();
    return [r.clause, plain(r.old), plain(r.new), r.note, change];
  });
  return toCsv([...HEADERS[lang], lang === "en" ? "changed text" : "改动文字"], rows);
}
