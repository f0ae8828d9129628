import type { Register } from "./context.js";
import { t } from "../i18n.js";

export interface CompileOptions {
  output?: string;
  standardsPath: string[];
  path: string[];
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const register: Register = (program, ctx) => {
  program
    .command("compile")
    .description(t("编译标准：展开 extends、按顺序应用补丁、全面检查，输出自包含的 JSON（含指纹和来源）", "compile a standard: resolve extends, apply patches in order, check everything, write self-contained JSON (fingerprint, provenance)"))
    .argument("<standard>", t("标准编号，或标准文件路径", "a standard id, or the path of a standard file"))
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to a file (atomically) instead of stdout"))
    .option("--standards-path <dir>", t("查找标准的额外文件夹（可重复）", "extra folder of standards (repeatable)"), collect, [])
    .option("--path <dir>", t("同 --standards-path", "same as --standards-path"), collect, [])
    .action(ctx.action(async (ref: string, opts: CompileOptions) => (await import("./compile.js")).run(ref, opts)));
};
