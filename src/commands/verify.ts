import { verifyResult, type VerifyReport } from "../flows/bundle.js";
import { exitCode } from "../flows/outcome.js";
import { emit } from "../io/atomic.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/formats/message.js";
import { printDiagnostics } from "./output.js";

export interface VerifyCliOptions {
  format: "table" | "json";
  output?: string;
  standard?: string;
  path: string[];
  verifyKey?: string;
}

/** Differences listed in the table; --format json lists them all. */
const TABLE_DIFFERENCES = 20;

const value = (v: unknown): string => {
  if (v === undefined) return t("（无）", "(absent)");
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

function renderTable(r: VerifyReport): string {
  const out: string[] = [];
  out.push(t(`校验 ${r.bundle}（依据 ${r.result}）`, `Verifying ${r.bundle} against ${r.result}`));
  const digest = {
    ok: t("与内容相符", "matches the content"),
    missing: t("无（较早版本生成）", "none (an older build)"),
    "unknown-alg": t("算法不受支持，未校验", "unsupported algorithm, not checked"),
    mismatch: t("不符：结果文件已被修改", "does not match: the result file was edited"),
  }[r.digest];
  out.push(t(`结果文件摘要：${digest}`, `Result digest: ${digest}`));
  if (r.signature !== undefined) {
    const sig = { ok: t("有效", "valid"), missing: t("缺失", "missing"), bad: t("无效", "invalid") }[r.signature];
    out.push(t(`签名：${sig}`, `Signature: ${sig}`));
  }
  out.push(
    t(
      `记录的文件 ${r.checked} 个：未变 ${r.unchanged}，已改变 ${r.changed.length}，缺失 ${r.missing.length}；新增 ${r.added.length}`,
      `${r.checked} recorded files: ${r.unchanged} unchanged, ${r.changed.length} changed, ${r.missing.length} missing; ${r.added.length} added`,
    ),
  );
  for (const c of r.changed) out.push(`  ${t("已改变", "changed")}  ${c.path}  ${c.expected.slice(0, 12)} → ${c.actual.slice(0, 12)}`);
  for (const m of r.missing) out.push(`  ${t("缺失", "missing")}    ${m.path}`);
  for (const a of r.added) out.push(`  ${t("新增", "added")}    ${a}`);
  const v = r.standard?.version;
  const std = t(`标准 ${r.standard?.id ?? ""}${v !== undefined ? ` 版本 ${v}` : ""}`, `${r.standard?.id ?? ""}${v !== undefined ? ` (version ${v})` : ""}`);
  if (!r.rescored) out.push(t(`重新评分（${std}）：证据包无法评分`, `Re-scored against ${std}: the bundle does not score`));
  else if (r.differences.length === 0) out.push(t(`重新评分（${std}）：与结果文件一致`, `Re-scored against ${std}: the result file agrees`));
  else {
    out.push(
      t(
        `重新评分（${std}）：${r.differences.length} 处不一致`,
        `Re-scored against ${std}: ${r.differences.length} difference${r.differences.length === 1 ? "" : "s"}`,
      ),
    );
    for (const d of r.differences.slice(0, TABLE_DIFFERENCES))
      out.push(t(`  ${d.path}  应为 ${value(d.expected)}，结果中为 ${value(d.found)}`, `  ${d.path}  expected ${value(d.expected)}, found ${value(d.found)}`));
    if (r.differences.length > TABLE_DIFFERENCES)
      out.push(t(`  ……另有 ${r.differences.length - TABLE_DIFFERENCES} 处`, `  … and ${r.differences.length - TABLE_DIFFERENCES} more`));
  }
  out.push(
    r.ok
      ? t("结论：评分结果得到证实（证据与重新评分均一致）", "Result: confirmed (the evidence and re-scoring agree)")
      : t("结论：评分结果未得到证实", "Result: not confirmed"),
  );
  return out.join("\n") + "\n";
}

export async function run(resultFile: string, dir: string, opts: VerifyCliOptions): Promise<number> {
  const { value: report, outcome } = await verifyResult(resultFile, dir, {
    path: opts.path,
    ...(opts.standard !== undefined ? { standard: opts.standard } : {}),
    ...(opts.verifyKey !== undefined ? { verifyKey: opts.verifyKey } : {}),
  });
  if (opts.format !== "json") printDiagnostics(report.diagnostics);
  await emit(
    opts.format === "json"
      ? JSON.stringify({ ...report, diagnostics: report.diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2) + "\n"
      : renderTable(report),
    opts.output,
  );
  return exitCode(outcome);
}
