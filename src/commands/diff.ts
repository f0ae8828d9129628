import { sortDiagnostics } from "../diagnostics.js";
import { diffStandards, type Change, type ChangeKind, type NodeKind } from "../core/diff.js";
import { t } from "../i18n.js";
import { emit } from "../io/atomic.js";
import { exitCodeFor, loadCompiled, relativizeDiagnostics } from "../io/compile.js";
import { renderTable } from "../render/table.js";
import { printDiagnostics } from "./output.js";
import type { DiffOptions } from "./diff.cli.js";

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

function oldNew(c: Change): [string, string] {
  if (c.kind === "deductions") return [c.fields!.join(","), (c.new as unknown[]).map(show).join("; ")];
  if (c.kind === "changed" && c.fields && c.old && c.new && typeof c.old === "object" && !Array.isArray(c.old)) {
    const o = c.old as Record<string, unknown>;
    const n = c.new as Record<string, unknown>;
    return [c.fields.map((f) => `${f}=${show(o[f])}`).join(" "), c.fields.map((f) => `${f}=${show(n[f])}`).join(" ")];
  }
  return [show(c.old), show(c.new)];
}

export async function run(a: string, b: string, opts: DiffOptions): Promise<number> {
  const extra = [...opts.standardsPath, ...opts.path];
  const A = await loadCompiled(a, { extra });
  const B = await loadCompiled(b, { extra });
  const diags = [...A.diagnostics, ...B.diagnostics];
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diags.filter((d) => d.suppressed === undefined))));
  if (!A.compiled || !B.compiled) return Math.max(1, exitCodeFor(diags));
  const d = diffStandards(A.compiled, B.compiled);
  if (opts.format === "json") {
    await emit(JSON.stringify({ ...d, old: { ...d.old, fingerprint: A.compiled.fingerprint }, new: { ...d.new, fingerprint: B.compiled.fingerprint } }, null, 2), opts.output);
    return exitCodeFor(diags);
  }
  const lines: string[] = [];
  lines.push(`${t("旧", "old")}: ${d.old.id}  ${d.old.title}  (${t("内容", "contents")} ${d.old.items}, ${t("总分", "total")} ${d.old.total})`);
  lines.push(`${t("新", "new")}: ${d.new.id}  ${d.new.title}  (${t("内容", "contents")} ${d.new.items}, ${t("总分", "total")} ${d.new.total})`, "");
  if (d.changes.length === 0) lines.push(t("没有差异", "no differences"));
  else {
    lines.push(
      renderTable(
        d.changes.map((c) => {
          const [o, n] = oldNew(c);
          const id = c.old_id !== undefined ? `${c.old_id} → ${c.id}` : c.id;
          return [t(...KIND[c.kind]), t(...NODE[c.node]), id, c.title ?? "", o, n ? `→ ${n}` : ""];
        }),
        { headers: [t("变化", "change"), t("对象", "node"), t("编号", "id"), t("标题", "title"), t("原", "old"), t("新", "new")], maxWidth: [undefined, undefined, undefined, 36, 28, 30] },
      ),
      "",
    );
    const parts = (Object.keys(KIND) as ChangeKind[]).filter((k) => d.summary[k]).map((k) => `${t(...KIND[k])} ${d.summary[k]}`);
    lines.push(t(`考评内容：${parts.join("，") || "无变化"}`, `contents: ${parts.join(", ") || "unchanged"}`));
  }
  await emit(lines.join("\n") + "\n", opts.output);
  return exitCodeFor(diags);
}
