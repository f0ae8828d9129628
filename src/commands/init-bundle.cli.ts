import { Option } from "commander";
import type { Register } from "./context.js";
import type { InitBundleOptions } from "./init-bundle.js";
import { pathOption } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("bundle")
    .description(
      t(
        "新建证据包：bundle.yaml 逐项列出标准的全部考评内容，待填写评定结果",
        "scaffold an evidence bundle: a bundle.yaml listing every content of the standard as a finding to fill in",
      ),
    )
    .argument("[dir]", t("证据包文件夹（默认当前目录）", "bundle folder (default: the current folder)"), ".")
    .requiredOption(
      "-s, --standard <id-or-path>",
      t("评分标准（编号，或相对于当前目录的路径）", "the standard (an id, or a path relative to the current folder)"),
    );
  pathOption(cmd)
    .addOption(
      new Option(
        "--format <format>",
        t(
          "yaml：bundle.yaml；xlsx：自评表.xlsx（在 Excel/WPS 中填写，stdz score 直接读取）",
          "yaml: bundle.yaml; xlsx: 自评表.xlsx (fill it in Excel or WPS; stdz score reads it)",
        ),
      )
        .choices(["yaml", "xlsx"])
        .default("yaml"),
    )
    .option("--force", t("覆盖已有的 bundle.yaml 或 自评表.xlsx", "overwrite an existing bundle.yaml or 自评表.xlsx"))
    .action(ctx.action(async (dir: string, opts: InitBundleOptions) => (await import("./init-bundle.js")).run(dir, opts)));
};
