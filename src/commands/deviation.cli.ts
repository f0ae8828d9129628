import { Option } from "commander";
import type { Register } from "./context.js";
import { delimiterOption, encodingOption, sheetOption, verifyKeyOption } from "./options.js";
import { t } from "../i18n.js";
import type { DeviationOptions } from "../flows/deviation.js";

const collect = (v: string, prev: string[]) => [...prev, v];

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("deviation")
    .description(
      t(
        "误差率：比较同一企业的评审结果与抽查结果（结果 JSON 或证据文件夹），或按台账的评审得分/抽查得分逐企业、逐批次计算，列出复评名单",
        "deviation (误差率): compare an enterprise's reported and audited results (result JSON or bundle folders), or a register's 评审得分/抽查得分 per enterprise and per batch, and list what to re-review",
      ),
    )
    .argument("[reported]", t("评审（上报）结果：结果 JSON 或证据文件夹", "reported result: a result JSON or a bundle folder"))
    .argument("[audited]", t("抽查结果：结果 JSON 或证据文件夹", "audited (spot-check) result: a result JSON or a bundle folder"))
    .option(
      "--register <file>",
      t("台账 CSV，含 评审得分 和 抽查得分 列（可含 达标等级、抽查等级）", "register CSV with 评审得分 and 抽查得分 (and optionally 达标等级, 抽查等级)"),
    )
    .option(
      "--threshold <ratio>",
      t("误差率达到此值即列入复评（小数、分数或百分数）", "flag when the score deviation reaches this (decimal, fraction or percentage)"),
      "0.30",
    )
    .option(
      "--group-threshold <ratio>",
      t("批次中超差企业占比达到此值即整批复评（默认同 --threshold）", "flag a whole group when its flagged share reaches this (default: --threshold)"),
    )
    .option(
      "--by <column>",
      t(
        "台账模式的分组列：county（默认）、review_org（评审单位）或任一列名",
        "register mode group column: county (default), review_org (评审单位) or any header",
      ),
      "county",
    )
    .option("-s, --standard <id-or-path>", t("评分证据文件夹时两边都用此标准", "score both bundle folders with this standard"))
    .option("--path <dir>", t("额外的标准文件夹（可重复）", "extra folder of standards (repeatable)"), collect, [])
    .addOption(new Option("-f, --format <format>", t("输出格式", "output format")).choices(["table", "csv", "json"]).default("table"))
    .option("-o, --output <file>", t("写入文件（原子写入）而不是标准输出", "write to this file (atomically) instead of stdout"))
    .option("--html <file>", t("另写一份 HTML 页面（报告模板 deviation）", "also write an HTML page (report template 'deviation')"))
    .option("--fail-on-flag", t("有企业或批次被标记时以退出码 1 结束（供脚本使用）", "exit 1 when anything is flagged (for scripts)"))
    .addOption(encodingOption())
    .addOption(delimiterOption())
    .addOption(sheetOption());
  verifyKeyOption(cmd)
    .addHelpText(
      "after",
      t(
        `
误差率 = |评审得分 − 抽查得分| ÷ 抽查得分（都为 0 时为 0，仅抽查得分为 0 时为 1），用四舍五入后的得分精确计算。
内容不一致率 = 状态或得分不同的考评内容数 ÷ 任一方适用的内容数。退出码 0 表示已运行（不论结果），
--fail-on-flag 时有标记则为 1；两份结果标准或企业不同为 2。详见 docs/sampling.md。`,
        `
score deviation = |reported − audited| ÷ audited (0 when both are 0, 1 when only audited is 0), exact, on the rounded scores.
content disagreement = contents whose status or earned points differ ÷ contents applicable in either. Exit 0 when it ran,
whatever it found; 1 with --fail-on-flag when anything is flagged; 2 when the results are of different standards or enterprises.
See docs/sampling.md.`,
      ),
    )
    .action(
      ctx.action(async (reported: string | undefined, audited: string | undefined, opts: DeviationOptions) =>
        (await import("./deviation.js")).run(reported, audited, opts),
      ),
    );
};
