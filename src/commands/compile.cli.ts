import type { Register } from "./context.js";
import type { CompileOptions } from "./compile.js";
import { outputOption, standardsPathOptions } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("compile")
    .description(
      t(
        "编译标准：展开 extends、按顺序应用补丁、全面检查，输出自包含的 JSON（含指纹和来源）",
        "compile a standard: resolve extends, apply patches in order, check everything, write self-contained JSON (fingerprint, provenance)",
      ),
    )
    .argument("<standard>", t("标准编号，或标准文件路径", "a standard id, or the path of a standard file"));
  standardsPathOptions(outputOption(cmd));
  cmd.action(ctx.action(async (ref: string, opts: CompileOptions) => (await import("./compile.js")).run(ref, opts)));
};
