import { Option } from "commander";
import type { Register } from "./context.js";
import { t } from "../i18n.js";

export interface LintOptions {
  format: "stylish" | "json" | "sarif";
  maxWarnings?: string;
  output?: string;
  standardsPath: string[];
  path: string[];
  color?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const register: Register = (program, ctx) => {
  program
    .command("lint")
    .description(t("检查标准文件：格式（JSON Schema）和语义规则", "check standard files: format (JSON Schema) and semantic rules"))
    .argument("<paths...>", t("标准文件或文件夹（文件夹中的 .yaml/.yml 递归检查）", "standard files or folders (folders are searched for .yaml/.yml)"))
    .addOption(new Option("-f, --format <format>", t("输出格式", "output format")).choices(["stylish", "json", "sarif"]).default("stylish"))
    .option("--max-warnings <n>", t("警告超过此数时以退出码 1 结束", "exit 1 when there are more warnings than this"))
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to a file (atomically) instead of stdout"))
    .option("--standards-path <dir>", t("查找 extends 基础标准的额外文件夹（可重复）", "extra folder to find `extends` bases in (repeatable)"), collect, [])
    .option("--path <dir>", t("同 --standards-path", "same as --standards-path"), collect, [])
    .action(ctx.action(async (paths: string[], opts: LintOptions, cmd: { optsWithGlobals(): { color?: boolean } }) => (await import("./lint.js")).run(paths, { ...opts, color: cmd.optsWithGlobals().color !== false })));
};
