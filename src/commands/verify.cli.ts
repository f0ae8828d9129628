import type { Register } from "./context.js";
import type { VerifyOptions } from "./verify.js";
import { formatOption, outputOption } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("verify")
    .description(
      t(
        "按评分结果记录的 SHA-256 校验证据包：列出已改变、缺失和新增的文件",
        "check a bundle against the SHA-256 hashes in a result: changed, missing and added files",
      ),
    )
    .argument("<result.json>", t("stdz score --format json 的输出", "the output of stdz score --format json"))
    .argument("<bundle-dir>", t("证据包文件夹", "bundle folder"));
  outputOption(formatOption(cmd, ["table", "json"]));
  cmd.action(ctx.action(async (result: string, dir: string, opts: VerifyOptions) => (await import("./verify.js")).run(result, dir, opts)));
};
