import { Option } from "commander";
import type { Register } from "./context.js";
import { delimiterOption, encodingOption, sheetOption } from "./options.js";
import { t } from "../i18n.js";
import type { BatchOptions } from "../flows/batch.js";

const collect = (v: string, prev: string[]) => [...prev, v];

export const register: Register = (program, ctx) => {
  program
    .command("batch")
    .description(
      t(
        "台账统计：从企业台账（Excel 导出的 CSV）生成达标名单、达标情况表、达标率（对照目标）和动态管理清单，按区县、行业、牵头部门统计",
        "register statistics: from an enterprise register (CSV from Excel) make the 达标 list, the 达标情况表, 达标率 against targets and the dynamic-management list, by county, sector and lead department",
      ),
    )
    .argument(
      "<register>",
      t("企业台账 CSV（UTF-8 或 GBK/GB18030，逗号或制表符分隔）", "enterprise register CSV (UTF-8 or GBK/GB18030, comma or tab separated)"),
    )
    .option("-o, --out <dir>", t("把全部结果文件写入此文件夹（原子写入）", "write every output file into this folder (atomically)"))
    .addOption(
      new Option(
        "-f, --format <format>",
        t("标准输出的格式；json 时还在 -o 文件夹中写 汇总.json", "stdout format; json also writes 汇总.json into the -o folder"),
      )
        .choices(["table", "json"])
        .default("table"),
    )
    .addOption(encodingOption())
    .addOption(delimiterOption())
    .addOption(sheetOption())
    .option(
      "--as-of <date>",
      t(
        "统计日期（默认今天）：只有发证日期不晚于此日、证书此日仍有效的企业计为达标；也决定适用的目标",
        "the day of the count (default today): only certificates issued by then and still valid on it count as 达标; also picks the milestone in force",
      ),
    )
    .addOption(
      new Option(
        "--denominator <rule>",
        t(
          "应达标企业数口径：all 含拒收的行（按未达标计，默认），accepted 只计接收的行",
          "应达标企业数: all counts rejected rows as not 达标 (default), accepted counts accepted rows only",
        ),
      ).choices(["all", "accepted"]),
    )
    .addOption(
      new Option(
        "--trend <dates>",
        t(
          "达标率趋势的日期（需 --targets）：milestones 各里程碑日期（默认），monthly 另加每个月末",
          "dates of the 达标率 trend (with --targets): milestones (default), or monthly for every month end too",
        ),
      ).choices(["milestones", "monthly"]),
    )
    .option("--targets <file>", t("达标率目标文件（YAML，按日期的里程碑）", "达标率 targets file (YAML, dated milestones)"))
    .option(
      "--departments <file>",
      t(
        "行业—牵头部门对照表（CSV：行业,牵头部门），替代内置的泉州表",
        "sector → lead department table (CSV: 行业,牵头部门), instead of the built-in 泉州 table",
      ),
    )
    .option("-s, --standard <id-or-path>", t("用此标准的定级分数线做降级检查", "use this standard's grade thresholds for the downgrade check"))
    .option("--path <dir>", t("额外的标准文件夹（可重复，与 --standard 同用）", "extra folder of standards (repeatable, with --standard)"), collect, [])
    .option("--thresholds <list>", t("一级,二级,三级 分数线（默认 90,75,60）", "一级,二级,三级 score thresholds (default 90,75,60)"))
    .option("--expiring-days <n>", t("证书在此天数内到期即列入动态管理", "certificates expiring within this many days are listed"), "90")
    .option("--strict", t("有被拒收的行时以退出码 1 结束", "exit 1 when any row is rejected"))
    .option("--no-progress", t("不显示进度条", "no progress bar"))
    .option("--no-xlsx", t("不生成 汇总.xlsx", "do not write 汇总.xlsx"))
    .option("--no-html", t("不生成 汇总.html", "do not write 汇总.html"))
    .addHelpText(
      "after",
      t(
        `
不带 -o 时不写任何文件，只在标准输出打印摘要。
带 -o <文件夹> 时写入：达标名单.csv、达标情况表.csv、达标率.csv、动态管理.csv、拒收记录.csv、警告.csv、
汇总.xlsx、汇总.html，有 --targets 时另写 达标趋势.csv，--format json 时另写 汇总.json（文件名不随 --lang 改变）。
每个 CSV 第一列为统计日期。CSV 为带 BOM 的 UTF-8、CRLF 换行，
以 = + - @ 开头的单元格前加单引号（'）以防公式注入。
诊断中的“列”是该字段在行中的序号（从 1 起）。详见 docs/batch.md。`,
        `
Without -o nothing is written: only the summary on stdout.
With -o <dir> it writes 达标名单.csv, 达标情况表.csv, 达标率.csv, 动态管理.csv, 拒收记录.csv, 警告.csv,
汇总.xlsx and 汇总.html, 达标趋势.csv with --targets, and 汇总.json with --format json (the names do not
change with --lang). Every CSV starts with the 统计日期 (as-of) column. CSV files are UTF-8 with a BOM and CRLF line
ends; a cell starting with = + - @ gets a leading single quote (') against formula injection.
The column in diagnostics is the field's 1-based position in the row. See docs/batch.md.`,
      ),
    )
    .action(ctx.action(async (file: string, opts: BatchOptions) => (await import("./batch.js")).run(file, opts)));
};
