import { Option } from "commander";
import type { Register } from "./context.js";
import { delimiterOption, encodingOption, sheetOption } from "./options.js";
import { t } from "../i18n.js";
import type { SampleOptions } from "../flows/sample.js";

export const register: Register = (program, ctx) => {
  program
    .command("sample")
    .description(
      t(
        "抽查抽样：按区县（或评审单位、任一列）从达标企业中按比例抽取，可复现（SHA-256 键）",
        "spot-check sample: draw a share of each county's (or review unit's, or any column's) qualified enterprises, reproducibly (SHA-256 keys)",
      ),
    )
    .argument("<register>", t("企业台账 CSV（与 stdz batch 相同）", "enterprise register CSV (as for stdz batch)"))
    .option("--rate <rate>", t("抽取比例：小数、分数（1/3）或百分数（10%）", "share to draw: a decimal, a fraction (1/3) or a percentage (10%)"), "0.1")
    .option("--min <n>", t("每组至少抽取的家数（组内不足时全抽）", "at least this many per group (all when the group is smaller)"), "3")
    .option(
      "--by <column>",
      t(
        "分组列：county（所属区县，默认）、review_org（评审单位）或台账任一列名",
        "group column: county (default), review_org (评审单位) or any header of the register",
      ),
      "county",
    )
    .option("--seed <text>", t("随机种子（任意文字，默认为 --as-of 日期）", "seed (any text; default: the --as-of date)"))
    .option("--as-of <date>", t("抽样日期（默认今天）", "the day of the draw (default today)"))
    .option("--graded-since <date>", t("只抽发证日期在此日及以后的企业（新定级）", "only enterprises whose 发证日期 is on or after this day (newly graded)"))
    .option(
      "--exclude <file>",
      t("排除名单 CSV（如上次的抽样结果），按统一社会信用代码或单位名称排除", "exclusion CSV (e.g. a previous sample), matched on credit code or name"),
    )
    .addOption(new Option("-f, --format <format>", t("输出格式", "output format")).choices(["table", "csv", "json"]).default("table"))
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to this file (atomically) instead of stdout"))
    .addOption(encodingOption())
    .addOption(delimiterOption())
    .addOption(sheetOption())
    .addHelpText(
      "after",
      t(
        `
n = min(N, max(--min, ⌈rate × N⌉))；每行的键为 SHA-256(种子 + "\\n" + 分组 + "\\n" + 统一社会信用代码（无则单位名称）)，
每组取键最小的 n 家。分组列为空的行归入 “未填”。详见 docs/sampling.md。`,
        `
n = min(N, max(--min, ⌈rate × N⌉)); each row's key is SHA-256(seed + "\\n" + group + "\\n" + credit code, or name),
and each group's n smallest keys are drawn. Rows whose group cell is empty go to group “未填”. See docs/sampling.md.`,
      ),
    )
    .action(ctx.action(async (file: string, opts: SampleOptions) => (await import("./sample.js")).run(file, opts)));
};
