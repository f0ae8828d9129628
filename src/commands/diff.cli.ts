import { Option } from "commander";
import type { Register } from "./context.js";
import { t } from "../i18n.js";

export interface DiffOptions {
  format: "table" | "json" | "markdown" | "html" | "csv";
  output?: string;
  standardsPath: string[];
  path: string[];
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const register: Register = (program, ctx) => {
  program
    .command("diff")
    .description(t("比较两个标准：考评内容的增删、分值、标题、位置、扣分项，以及评级和计分的变化", "compare two standards: contents added, removed, re-pointed, retitled, moved, deductions, grading and scoring"))
    .argument("<old>", t("旧标准（编号、YAML 路径或编译后的 JSON）", "old standard (id, YAML path or compiled JSON)"))
    .argument("<new>", t("新标准", "new standard"))
    .addOption(
      new Option("-f, --format <format>", t("输出格式；markdown、html、csv 为修订对照表（条款、原内容、修订后、说明，标出改动的文字）", "output format; markdown, html and csv give a revision table (clause, old, revised, note, changed text marked)"))
        .choices(["table", "json", "markdown", "html", "csv"])
        .default("table"),
    )
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to a file (atomically) instead of stdout"))
    .option("--standards-path <dir>", t("查找标准的额外文件夹（可重复）", "extra folder of standards (repeatable)"), collect, [])
    .option("--path <dir>", t("同 --standards-path", "same as --standards-path"), collect, [])
    .action(ctx.action(async (a: string, b: string, opts: DiffOptions) => (await import("./diff.js")).run(a, b, opts)));
};
