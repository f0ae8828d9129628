import type { Register } from "./context.js";
import type { VerifyCliOptions } from "./verify.js";
import { formatOption, outputOption, pathOption, verifyKeyOption } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("verify")
    .description(
      t(
        "证实评分结果：校验结果文件的摘要（和签名），按记录的 SHA-256 校验证据包的文件，并用结果所记录的标准重新评分，逐项比对得分、等级、各考评内容和整改清单",
        "prove a result: check its digest (and signature), the bundle's files against the recorded SHA-256 hashes, and score the bundle again with the standard the result names, comparing score, grade, every content and the corrective actions",
      ),
    )
    .argument("<result.json>", t("stdz score --format json 的输出", "the output of stdz score --format json"))
    .argument("<bundle-dir>", t("证据包文件夹", "bundle folder"));
  outputOption(formatOption(cmd, ["table", "json"])).option(
    "-s, --standard <id-or-path>",
    t(
      "评分时用 stdz score --standard 指定的标准（编号，或相对于当前目录的路径）",
      "the standard given to stdz score --standard when the result was made (an id, or a path relative to the current folder)",
    ),
  );
  pathOption(cmd);
  verifyKeyOption(cmd);
  cmd.action(ctx.action(async (result: string, dir: string, opts: VerifyCliOptions) => (await import("./verify.js")).run(result, dir, opts)));
};
