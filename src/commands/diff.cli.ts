import type { Register } from "./context.js";
import type { DiffOptions } from "./diff.js";
import { formatOption, outputOption, standardsPathOptions } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("diff")
    .description(
      t(
        "比较两个标准：考评内容的增删、分值、标题、位置、扣分项，以及评级和计分的变化",
        "compare two standards: contents added, removed, re-pointed, retitled, moved, deductions, grading and scoring",
      ),
    )
    .argument("<old>", t("旧标准（编号、YAML 路径或编译后的 JSON）", "old standard (id, YAML path or compiled JSON)"))
    .argument("<new>", t("新标准", "new standard"));
  standardsPathOptions(
    outputOption(
      formatOption(
        cmd,
        ["table", "json", "markdown", "html", "csv"],
        t(
          "输出格式；markdown、html、csv 为修订对照表（条款、原内容、修订后、说明，标出改动的文字）",
          "output format; markdown, html and csv give a revision table (clause, old, revised, note, changed text marked)",
        ),
      ),
    ),
  );
  cmd.action(ctx.action(async (a: string, b: string, opts: DiffOptions) => (await import("./diff.js")).run(a, b, opts)));
};
