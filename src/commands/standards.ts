import { diag, sortDiagnostics } from "../diagnostics.js";
import { TIER_ZH } from "../core/standard/resolve.js";
import { exitCode } from "../flows/outcome.js";
import { listStandards, resolveStandardFor } from "../flows/standard.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/formats/message.js";
import { emit } from "../io/atomic.js";
import { relativizeDiagnostics } from "../io/display.js";
import { renderTable } from "../render/formats/table.js";
import { printDiagnostics } from "./output.js";

export interface StandardsOptions {
  format: "table" | "json";
  output?: string;
  standardsPath: string[];
  path: string[];
}

export interface ResolveOptions extends StandardsOptions {
  sector: string;
  region: string;
}

export async function run(opts: StandardsOptions): Promise<number> {
  const { value: list, diagnostics, outcome } = await listStandards([...opts.standardsPath, ...opts.path]);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics)));
  if (opts.format === "json") {
    await emit(JSON.stringify({ standards: list, diagnostics: diagnostics.map((d) => diagnosticJson(d, getLang())) }, null, 2), opts.output);
  } else {
    const table = renderTable(
      list.map((r) => [
        r.id,
        t(TIER_ZH[r.tier], r.tier),
        r.region,
        r.sectors.join("、"),
        r.version ?? "",
        r.items?.toString() ?? "?",
        r.total?.toString() ?? "?",
        r.extends ?? "",
        r.title,
      ]),
      {
        headers: [
          t("编号", "id"),
          t("层级", "tier"),
          t("地区", "region"),
          t("行业", "sectors"),
          t("版本", "version"),
          t("内容数", "items"),
          t("总分", "total"),
          t("基于", "extends"),
          t("名称", "title"),
        ],
        align: ["left", "left", "left", "left", "left", "right", "right", "left", "left"],
      },
    );
    await emit(`${table}\n${t(`共 ${list.length} 个标准`, `${list.length} standard${list.length === 1 ? "" : "s"}`)}\n`, opts.output);
  }
  return exitCode(outcome);
}

export async function resolve(opts: ResolveOptions): Promise<number> {
  const { sector, region } = opts;
  const flow = await resolveStandardFor(sector, region, [...opts.standardsPath, ...opts.path]);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(flow.diagnostics)));
  const res = flow.value.resolution;
  const why = res.why.map(([zh, en]) => t(zh, en));
  if (opts.format === "json") {
    const json = {
      sector,
      region,
      chosen: res.chosen?.id ?? null,
      why,
      candidates: res.ranked.map((r) => ({
        rank: r.rank,
        id: r.candidate.id,
        tier: r.candidate.tier,
        region: r.candidate.region,
        names_sector: r.names_sector,
        effective: r.candidate.effective ?? null,
      })),
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
          res.ranked.map((r) => [
            String(r.rank),
            r.candidate.id,
            t(TIER_ZH[r.candidate.tier], r.candidate.tier),
            r.candidate.region,
            r.names_sector ? t("列明", "named") : "'*'",
            r.candidate.effective ?? "",
          ]),
          {
            headers: [t("名次", "rank"), t("编号", "id"), t("层级", "tier"), t("地区", "region"), t("行业", "sector"), t("施行", "effective")],
            align: ["right"],
          },
        ),
      );
    }
    if (res.rejected.length > 0) {
      lines.push("", t("不适用：", "Not applicable:"));
      for (const r of res.rejected)
        lines.push(
          `  - ${r.candidate.id}: ${r.reason === "sector" ? t(`行业不含 “${sector}”`, `sectors do not include '${sector}'`) : t(`地区 “${r.candidate.region}” 不是 “${region}” 的前缀`, `region '${r.candidate.region}' is not a prefix of '${region}'`)}`,
        );
    }
    if (lines.length > 0) await emit(lines.join("\n") + "\n", opts.output);
  }
  if (!res.chosen) printDiagnostics([diag("STD006", { sector, region })]);
  return exitCode(flow.outcome);
}
