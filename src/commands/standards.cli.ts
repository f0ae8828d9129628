import { Option, type Command } from "commander";
import type { Register } from "./context.js";
import { t } from "../i18n.js";

export interface StandardsOptions {
  format: "table" | "json";
  output?: string;
  standardsPath: string[];
  path: string[];
}

export interface ResolveOptions extends StandardsOptions {
  sector?: string;
  region?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option("-f, --format <format>", t("输出格式", "output format")).choices(["table", "json"]).default("table"))
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to a file (atomically) instead of stdout"))
    .option("--standards-path <dir>", t("额外的标准文件夹（可重复；也读取环境变量 STDZ_STANDARDS_PATH）", "extra folder of standards (repeatable; STDZ_STANDARDS_PATH is read too)"), collect, [])
    .option("--path <dir>", t("同 --standards-path", "same as --standards-path"), collect, []);
}

export const register: Register = (program, ctx) => {
  const standards = common(
    program.command("standards").description(t("列出随附的和 --standards-path 中的标准：编号、层级、地区、行业、版本、考评内容数、总分", "list the shipped and --standards-path standards: id, tier, region, sectors, version, contents, total")),
  ).action(ctx.action(async (opts: StandardsOptions) => (await import("./standards.js")).run(opts)));
  // --format, -o and --standards-path belong to `standards` and are read from there.
  standards
    .command("resolve")
    .description(t("按 DESIGN 的规则选出适用于某行业、某地区企业的标准，并说明理由", "pick the standard that applies to a sector and region, and say why"))
    .requiredOption("--sector <sector>", t("行业，如 冶金", "sector, e.g. 冶金"))
    .requiredOption("--region <region>", t("企业所在地区，如 福建省泉州市丰泽区", "the enterprise's region, e.g. 福建省泉州市丰泽区"))
    .action(ctx.action(async (_opts: object, cmd: Command) => (await import("./standards.js")).resolve(cmd.optsWithGlobals() as ResolveOptions)));
};
