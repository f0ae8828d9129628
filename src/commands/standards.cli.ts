import type { Command } from "commander";
import type { Register } from "./context.js";
import type { ResolveOptions, StandardsOptions } from "./standards.js";
import { formatOption, outputOption, standardsPathOptions } from "./options.js";
import { t } from "../i18n.js";

function common(cmd: Command): Command {
  return standardsPathOptions(
    outputOption(formatOption(cmd, ["table", "json"])),
    t("额外的标准文件夹（可重复；也读取环境变量 STDZ_STANDARDS_PATH）", "extra folder of standards (repeatable; STDZ_STANDARDS_PATH is read too)"),
  );
}

export const register: Register = (program, ctx) => {
  const standards = common(
    program
      .command("standards")
      .description(
        t(
          "列出随附的和 --standards-path 中的标准：编号、层级、地区、行业、版本、考评内容数、总分",
          "list the shipped and --standards-path standards: id, tier, region, sectors, version, contents, total",
        ),
      ),
  ).action(ctx.action(async (opts: StandardsOptions) => (await import("./standards.js")).run(opts)));
  // --format, -o and --standards-path belong to `standards` and are read from there.
  standards
    .command("resolve")
    .description(t("按 DESIGN 的规则选出适用于某行业、某地区企业的标准，并说明理由", "pick the standard that applies to a sector and region, and say why"))
    .requiredOption("--sector <sector>", t("行业，如 冶金", "sector, e.g. 冶金"))
    .requiredOption("--region <region>", t("企业所在地区，如 福建省泉州市丰泽区", "the enterprise's region, e.g. 福建省泉州市丰泽区"))
    .action(ctx.action(async (_opts: object, cmd: Command) => (await import("./standards.js")).resolve(cmd.optsWithGlobals<ResolveOptions>())));
};
