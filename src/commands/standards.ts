import type { Diagnostic } from "../diagnostics.js";
import { diag, sortDiagnostics } from "../diagnostics.js";
import { allItems, type Standard } from "../core/model.js";
import { resolveApplicable, TIER_ZH, type Candidate } from "../core/resolve.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/message.js";
import { emit } from "../io/atomic.js";
import { compileLoaded, displayPath, exitCodeFor, loadChain, relativizeDiagnostics } from "../io/compile.js";
import { indexStandards, loadSectorTable } from "../io/standards.js";
import { renderTable } from "../render/table.js";
import type { ResolveOptions, StandardsOptions } from "./standards.cli.js";
import { printDiagnostics } from "./output.js";

export interface StandardRow {
  id: string;
  title: string;
  tier: Standard["tier"];
  region: string;
  sectors: string[];
  version?: string;
  effective?: string;
  extends?: string;
  items?: number;
  total?: number;
  file: string;
  /** Errors found compiling it (0 when it is usable). */
  errors: number;
}

/** Every standard in the search path, compiled for its item count and total. */
async function rows(opts: StandardsOptions): Promise<{ rows: StandardRow[]; diagnostics: Diagnostic[] }> {
  const extra = [...opts.standardsPath, ...opts.path];
  const index = await indexStandards(extra);
  const diagnostics: Diagnostic[] = [...index.diagnostics];
  const out: StandardRow[] = [];
  for (const [id, sf] of index.byId) {
    const doc = sf.doc!;
    const chain = await loadChain(sf, { index, extra });
    const res = compileLoaded(chain, { fingerprint: false });
    const std = res.resolved;
    const errors = res.diagnostics.filter((d) => d.severity === "error" && d.suppressed === undefined);
    diagnostics.push(...errors);
    const row: StandardRow = { id, title: doc.title, tier: doc.tier, region: std?.region ?? doc.region ?? "全国", sectors: std?.sectors ?? doc.sectors ?? ["*"], file: displayPath(sf.file), errors: errors.length };
    const version = std?.version ?? doc.version;
    const effective = std?.effective ?? doc.effective;
    if (version !== undefined) row.version = version;
    if (effective !== undefined) row.effective = effective;
    if (doc.extends !== undefined) row.extends = doc.extends;
    if (std) {
      row.items = [...allItems(std)].length;
      row.total = std.total.toNumber();
    }
    out.push(row);
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows: out, diagnostics };
}

export async function run(opts: StandardsOptions): Promise<number> {
  const { rows: list, diagnostics } = await rows(opts);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics)));
  if (opts.format === "json") {
    await emit(JSON.stringify({ standards: list, diagnostics: diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2), opts.output);
  } else {
    const table = renderTable(
      list.map((r) => [r.id, t(TIER_ZH[r.tier], r.tier), r.region, r.sectors.join("、"), r.version ?? "", r.items?.toString() ?? "?", r.total?.toString() ?? "?", r.extends ?? "", r.title]),
      {
        headers: [t("编号", "id"), t("层级", "tier"), t("地区", "region"), t("行业", "sectors"), t("版本", "version"), t("内容数", "items"), t("总分", "total"), t("基于", "extends"), t("名称", "title")],
        align: ["left", "left", "left", "left", "left", "right", "right", "left", "left"],
      },
    );
    await emit(`${table}\n${t(`共 ${list.length} 个标准`, `${list.length} standard${list.length === 1 ? "" : "s"}`)}\n`, opts.output);
  }
  return exitCodeFor(diagnostics);
}

export async function resolve(opts: ResolveOptions): Promise<number> {
  const sector = opts.sector!;
  const region = opts.region!;
  const { rows: list, diagnostics } = await rows(opts);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics)));
  const cands: (Candidate & { file: string })[] = list.filter((r) => r.errors === 0).map((r) => ({ ...r }));
  const res = resolveApplicable(cands, { sector, region }, loadSectorTable());
  const why = res.why.map(([zh, en]) => t(zh, en));
  if (opts.format === "json") {
    const json = {
      sector,
      region,
      chosen: res.chosen?.id ?? null,
      why,
      candidates: res.ranked.map((r) => ({ rank: r.rank, id: r.candidate.id, tier: r.candidate.tier, region: r.candidate.region, names_sector: r.names_sector, effective: r.candidate.effective ?? null })),
      rejected: res.rejected.map((r) => ({ id: r.candidate.id, reason: r.reason })),
    };
    await emit(JSON.stringify(json, null, 2), opts.output);
  } else {
    const lines: string[] = [];
    if (res.chosen) {
      lines.push(t(`适用标准：${res.chosen.id}  ${res.chosen.title}`, `Applicable standard: ${res.chosen.id}  ${res.chosen.title}`), "");
      lines.push(t("理由：", "Why:"), ...why.map((w) => `  - ${w}`), "");
      lines.push(
        renderTable(
          res.ranked.map((r) => [String(r.rank), r.candidate.id, t(TIER_ZH[r.candidate.tier], r.candidate.tier), r.candidate.region, r.names_sector ? t("列明", "named") : "'*'", r.candidate.effective ?? ""]),
          { headers: [t("名次", "rank"), t("编号", "id"), t("层级", "tier"), t("地区", "region"), t("行业", "sector"), t("施行", "effective")], align: ["right"] },
        ),
      );
    }
    if (res.rejected.length > 0) {
      lines.push("", t("不适用：", "Not applicable:"));
      for (const r of res.rejected) lines.push(`  - ${r.candidate.id}: ${r.reason === "sector" ? t(`行业不含 “${sector}”`, `sectors do not include '${sector}'`) : t(`地区 “${r.candidate.region}” 不是 “${region}” 的前缀`, `region '${r.candidate.region}' is not a prefix of '${region}'`)}`);
    }
    if (lines.length > 0) await emit(lines.join("\n") + "\n", opts.output);
  }
  if (!res.chosen) {
    printDiagnostics([diag("STD006", { sector, region })]);
    return 1;
  }
  return exitCodeFor(diagnostics);
}
