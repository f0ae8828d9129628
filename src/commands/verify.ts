import { verifyResult, type VerifyReport } from "../flows/bundle.js";
import { exitCode } from "../flows/outcome.js";
import { emit } from "../io/atomic.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/formats/message.js";
import { printDiagnostics } from "./output.js";

export interface VerifyOptions {
  format: "table" | "json";
  output?: string;
}

function renderTable(r: VerifyReport): string {
  const out: string[] = [];
  out.push(t(`校验 ${r.bundle}（依据 ${r.result}）`, `Verifying ${r.bundle} against ${r.result}`));
  out.push(
    t(
      `记录的文件 ${r.checked} 个：未变 ${r.unchanged}，已改变 ${r.changed.length}，缺失 ${r.missing.length}；新增 ${r.added.length}`,
      `${r.checked} recorded files: ${r.unchanged} unchanged, ${r.changed.length} changed, ${r.missing.length} missing; ${r.added.length} added`,
    ),
  );
  for (const c of r.changed) out.push(`  ${t("已改变", "changed")}  ${c.path}  ${c.expected.slice(0, 12)} → ${c.actual.slice(0, 12)}`);
  for (const m of r.missing) out.push(`  ${t("缺失", "missing")}    ${m.path}`);
  for (const a of r.added) out.push(`  ${t("新增", "added")}    ${a}`);
  out.push(
    r.ok
      ? t("结论：证据与评分结果一致", "Result: the evidence matches the result")
      : t("结论：证据与评分结果不一致", "Result: the evidence does not match the result"),
  );
  return out.join("\n") + "\n";
}

export async function run(resultFile: string, dir: string, opts: VerifyOptions): Promise<number> {
  const { value: report, outcome } = await verifyResult(resultFile, dir);
  if (opts.format !== "json") printDiagnostics(report.diagnostics);
  await emit(
    opts.format === "json"
      ? JSON.stringify({ ...report, diagnostics: report.diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2) + "\n"
      : renderTable(report),
    opts.output,
  );
  return exitCode(outcome);
}
