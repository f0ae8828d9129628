import { sortDiagnostics } from "../diagnostics.js";
import type { Change, ChangeKind, NodeKind } from "../core/standard/diff.js";
import { changedSpans } from "../core/lib/text-diff.js";
import { exitCode } from "../flows/outcome.js";
import { diffStandardRefs } from "../flows/standard.js";
import { deductionText } from "../render/diff/diff-revision.js";
import { getLang, t } from "../i18n.js";
import { emit } from "../io/atomic.js";
import { relativizeDiagnostics } from "../io/display.js";
import { renderTable } from "../render/formats/table.js";
import { printDiagnostics } from "./output.js";

export interface DiffOptions {
  format: "table" | "json" | "markdown" | "html" | "csv";
  output?: string;
  standardsPath: string[];
  path: string[];
}

const KIND: Record<ChangeKind, [string, string]> = {
  added: ["新增", "added"],
  removed: ["删除", "removed"],
  repointed: ["分值", "re-pointed"],
  retitled: ["标题", "retitled"],
  moved: ["移动", "moved"],
  renumbered: ["改号", "renumbered"],
  deductions: ["扣分项", "deductions"],
  changed: ["修改", "changed"],
};
const NODE: Record<NodeKind, [string, string]> = {
  item: ["考评内容", "content"],
  element: ["要素", "element"],
  level: ["等级", "level"],
  prerequisite: ["基本条件", "prerequisite"],
  profile: ["企业信息字段", "profile field"],
  scoring: ["计分", "scoring"],
  total: ["总分", "total"],
  standard: ["标准", "standard"],
};

function show(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function oldNew(c: Change, deductionText: (d: unknown) => string): [string, string] {
  // Reworded text: the changed span with a little context, not the common beginning.
  if (c.kind === "retitled" && typeof c.old === "string" && typeof c.new === "string") {
    const s = changedSpans(c.old, c.new);
    return [s.old, s.new];
  }
  if (c.kind === "deductions" && Array.isArray(c.old) && Array.isArray(c.new)) {
    const s = changedSpans(c.old.map(deductionText).join("；"), c.new.map(deductionText).join("；"));
    return [s.old, s.new];
  }
  if (c.kind === "changed" && c.fields && c.old && c.new && typeof c.old === "object" && !Array.isArray(c.old)) {
    const o = c.old as Record<string, unknown>;
    const n = c.new as Record<string, unknown>;
    return [c.fields.map((f) => `${f}=${show(o[f])}`).join(" "), c.fields.map((f) => `${f}=${show(n[f])}`).join(" ")];
  }
  return [show(c.old), show(c.new)];
}

export async function run(a: string, b: string, opts: DiffOptions): Promise<number> {
  const flow = await diffStandardRefs(a, b, [...opts.standardsPath, ...opts.path]);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(flow.diagnostics.filter((d) => d.suppressed === undefined))));
  if (!flow.value) return exitCode(flow.outcome);
  const { diff: d, old: A, new: B } = flow.value;
  if (opts.format === "markdown" || opts.format === "html" || opts.format === "csv") {
    const r = await import("../render/diff/diff-revision.js");
    const render = { markdown: r.revisionMarkdown, html: r.revisionHtml, csv: r.revisionCsv }[opts.format];
    await emit(render(d, getLang()), opts.output);
    return exitCode(flow.outcome);
  }
  if (opts.format === "json") {
    await emit(JSON.stringify({ ...d, old: { ...d.old, fingerprint: A.fingerprint }, new: { ...d.new, fingerprint: B.fingerprint } }, null, 2), opts.output);
    return exitCode(flow.outcome);
  }
  const lines: string[] = [];
  lines.push(`${t("旧", "old")}: ${d.old.id}  ${d.old.title}  (${t("内容", "contents")} ${d.old.items}, ${t("总分", "total")} ${d.old.total})`);
  lines.push(`${t("新", "new")}: ${d.new.id}  ${d.new.title}  (${t("内容", "contents")} ${d.new.items}, ${t("总分", "total")} ${d.new.total})`, "");
  if (d.changes.length === 0) lines.push(t("没有差异", "no differences"));
  else {
    lines.push(
      renderTable(
        d.changes.map((c) => {
          const [o, n] = oldNew(c, (x) => deductionText(x, getLang()));
          const id = c.old_id !== undefined ? `${c.old_id} → ${c.id}` : c.id;
          return [t(...KIND[c.kind]), t(...NODE[c.node]), id, c.title ?? "", o, n ? `→ ${n}` : ""];
        }),
        {
          headers: [t("变化", "change"), t("对象", "node"), t("编号", "id"), t("标题", "title"), t("原", "old"), t("新", "new")],
          maxWidth: [undefined, undefined, undefined, 36, 28, 30],
        },
      ),
      "",
    );
    const parts = (Object.keys(KIND) as ChangeKind[]).filter((k) => d.summary[k]).map((k) => `${t(...KIND[k])} ${d.summary[k]}`);
    lines.push(t(`考评内容：${parts.join("，") || "无变化"}`, `contents: ${parts.join(", ") || "unchanged"}`));
  }
  await emit(lines.join("\n") + "\n", opts.output);
  return exitCode(flow.outcome);
}
