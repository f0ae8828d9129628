import { lstat, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { CliError, diag, type Diagnostic } from "../diagnostics.js";
import { evidencePathProblem, normalizeEvidencePath } from "../core/bundle.js";
import type { EvidenceFile, ScoreResult } from "../core/result.js";
import { emit } from "../io/atomic.js";
import { inside, listBundleFiles, MANIFEST } from "../io/bundle.js";
import { WORKBOOK } from "../io/self-assessment-names.js";
import { hashFiles } from "../io/hash.js";
import { readResultFile } from "../io/result-file.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/message.js";
import { printDiagnostics } from "./output.js";
import type { VerifyOptions } from "./verify.cli.js";

export interface Changed {
  path: string;
  expected: string;
  actual: string;
  expected_bytes: number;
  actual_bytes: number;
}

export interface VerifyReport {
  ok: boolean;
  result: string;
  bundle: string;
  checked: number;
  unchanged: number;
  changed: Changed[];
  missing: EvidenceFile[];
  added: string[];
  diagnostics: Diagnostic[];
}

function readResult(file: string): Promise<ScoreResult> {
  return readResultFile(file, { parse: "BUN060", shape: "BUN060" });
}

/** Inside the bundle after following links; undefined when the file is missing. */
async function resolveInside(root: string, rel: string): Promise<{ real?: string; outside?: string }> {
  if (evidencePathProblem(rel)) return { outside: rel };
  const abs = join(root, ...normalizeEvidencePath(rel).split("/"));
  try {
    await lstat(abs);
    const real = await realpath(abs);
    if (!inside(root, real)) return { outside: real };
    if (!(await stat(real)).isFile()) return {};
    return { real };
  } catch {
    return {};
  }
}

/** Compare a bundle folder with the hashes a result recorded. Pure apart from reading the files. */
export async function verifyBundle(result: ScoreResult, resultFile: string, dir: string): Promise<VerifyReport> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new CliError(2, [diag("CLI001", { file: dir, reason: { zh: "文件夹不存在", en: "no such folder" } }, { file: dir })]);
  }
  const recorded: EvidenceFile[] = [...result.evidence];
  if (result.manifest) recorded.push(result.manifest);
  const report: VerifyReport = { ok: true, result: resultFile, bundle: dir, checked: recorded.length, unchanged: 0, changed: [], missing: [], added: [], diagnostics: [] };

  const resolved = await Promise.all(recorded.map((e) => resolveInside(root, e.path)));
  const toHash: { e: EvidenceFile; real: string }[] = [];
  recorded.forEach((e, i) => {
    const r = resolved[i]!;
    if (r.outside !== undefined) report.diagnostics.push(diag("BUN055", { path: e.path, target: r.outside }, { file: dir }));
    if (r.real === undefined) {
      report.missing.push(e);
      report.diagnostics.push(diag("BUN062", { path: e.path, expected: e.sha256.slice(0, 12) }, { file: dir }));
    } else toHash.push({ e, real: r.real });
  });
  const hashes = await hashFiles(toHash.map((x) => x.real));
  hashes.forEach((h, i) => {
    const { e } = toHash[i]!;
    if ("error" in h) {
      report.missing.push(e);
      report.diagnostics.push(diag("BUN056", { path: e.path, reason: h.error.code ?? h.error.message }, { file: dir }));
    } else if (h.sha256 !== e.sha256 || h.bytes !== e.bytes) {
      report.changed.push({ path: e.path, expected: e.sha256, actual: h.sha256, expected_bytes: e.bytes, actual_bytes: h.bytes });
      report.diagnostics.push(diag("BUN061", { path: e.path, expected: e.sha256.slice(0, 12), actual: h.sha256.slice(0, 12) }, { file: dir }));
    } else report.unchanged++;
  });

  // Added: files under files/ that were neither cited nor listed as present when the result was made.
  const known = new Set([...recorded.map((e) => normalizeEvidencePath(e.path)), ...(result.uncited ?? []), MANIFEST, WORKBOOK]);
  for (const p of await listBundleFiles(dir)) {
    if (known.has(p)) continue;
    report.added.push(p);
    report.diagnostics.push(diag("BUN063", { path: p }, { file: dir }));
  }
  report.ok = report.changed.length === 0 && report.missing.length === 0 && report.added.length === 0 && report.diagnostics.length === 0;
  return report;
}

function renderTable(r: VerifyReport): string {
  const out: string[] = [];
  out.push(t(`校验 ${r.bundle}（依据 ${r.result}）`, `Verifying ${r.bundle} against ${r.result}`));
  out.push(t(`记录的文件 ${r.checked} 个：未变 ${r.unchanged}，已改变 ${r.changed.length}，缺失 ${r.missing.length}；新增 ${r.added.length}`, `${r.checked} recorded files: ${r.unchanged} unchanged, ${r.changed.length} changed, ${r.missing.length} missing; ${r.added.length} added`));
  for (const c of r.changed) out.push(`  ${t("已改变", "changed")}  ${c.path}  ${c.expected.slice(0, 12)} → ${c.actual.slice(0, 12)}`);
  for (const m of r.missing) out.push(`  ${t("缺失", "missing")}    ${m.path}`);
  for (const a of r.added) out.push(`  ${t("新增", "added")}    ${a}`);
  out.push(r.ok ? t("结论：证据与评分结果一致", "Result: the evidence matches the result") : t("结论：证据与评分结果不一致", "Result: the evidence does not match the result"));
  return out.join("\n") + "\n";
}

export async function run(resultFile: string, dir: string, opts: VerifyOptions): Promise<number> {
  const result = await readResult(resultFile);
  const report = await verifyBundle(result, resultFile, dir);
  if (opts.format !== "json") printDiagnostics(report.diagnostics);
  await emit(opts.format === "json" ? JSON.stringify({ ...report, diagnostics: report.diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2) + "\n" : renderTable(report), opts.output);
  return report.ok ? 0 : 1;
}
