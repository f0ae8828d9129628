import { Option } from "commander";
import type { Register } from "./context.js";
import type { InitStandardOptions } from "./init-standard.js";
import { outputOption, standardsPathOptions } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("standard")
    .description(
      t("新建一个扩展已有标准的标准文件（含 schema 注释和补丁示例）", "write a new standard file that extends another (schema comment, example patch)"),
    )
    .requiredOption("--extends <id-or-path>", t("基础标准的编号或路径", "id or path of the base standard"))
    .requiredOption("--id <new-id>", t("新标准的编号（小写字母、数字、'.'、'-'）", "the new standard's id (lower-case letters, digits, '.', '-')"))
    .option("--title <title>", t("新标准的名称", "the new standard's title"))
    .addOption(
      new Option("--tier <tier>", t("层级（默认比基础标准低一级）", "tier (default: one below the base)")).choices([
        "national",
        "industry",
        "provincial",
        "municipal",
        "county",
      ]),
    )
    .option("--region <region>", t("适用地区（默认沿用基础标准）", "region (default: the base's)"));
  outputOption(cmd, t("输出文件（默认 <id>.yaml）", "output file (default <id>.yaml)")).option("--force", t("覆盖已有文件", "overwrite an existing file"));
  standardsPathOptions(cmd).action(ctx.action(async (opts: InitStandardOptions) => (await import("./init-standard.js")).run(opts)));
};
