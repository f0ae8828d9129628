import type { Register } from "./context.js";
import type { LintOptions } from "./lint.js";
import { formatOption, outputOption, standardsPathOptions } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("lint")
    .description(t("检查标准文件：格式（JSON Schema）和语义规则", "check standard files: format (JSON Schema) and semantic rules"))
    .argument("<paths...>", t("标准文件或文件夹（文件夹中的 .yaml/.yml 递归检查）", "standard files or folders (folders are searched for .yaml/.yml)"));
  formatOption(cmd, ["stylish", "json", "sarif"]).option(
    "--max-warnings <n>",
    t("警告超过此数时以退出码 1 结束", "exit 1 when there are more warnings than this"),
  );
  outputOption(cmd);
  standardsPathOptions(cmd, t("查找 extends 基础标准的额外文件夹（可重复）", "extra folder to find `extends` bases in (repeatable)"));
  cmd.action(
    ctx.action(async (paths: string[], opts: LintOptions, c: { optsWithGlobals(): { color?: boolean } }) =>
      (await import("./lint.js")).run(paths, { ...opts, color: c.optsWithGlobals().color !== false }),
    ),
  );
};
