import { Option } from "commander";
import type { Register } from "./context.js";
import type { ImportOptions } from "./import.js";
import { outputOption } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("import")
    .description(
      t(
        "把发布的评分表（Word、Excel、CSV）导入为标准 YAML：表头、合并单元格、小计/合计，评分方式解析为扣分项",
        "import a published rubric table (Word, Excel, CSV) as a standard YAML: headers, merged cells, subtotals, scoring text parsed into deductions",
      ),
    )
    .argument("<file>", t("评分表文件（.docx、.xlsx、.csv）", "the rubric table (.docx, .xlsx, .csv)"));
  outputOption(cmd, t("输出的标准文件（默认打印到标准输出）", "the standard file to write (default: standard output)"))
    .option("--force", t("覆盖已有的输出文件", "overwrite an existing output file"))
    .option("--id <id>", t("标准编号（默认取文件名）", "the standard's id (default: from the file name)"))
    .option("--title <title>", t("标准名称（默认取文件名）", "the standard's title (default: the file name)"))
    .addOption(new Option("--tier <tier>", t("层级", "tier")).choices(["national", "industry", "provincial", "municipal", "county"]).default("provincial"))
    .option("--sectors <list>", t("适用行业，逗号分隔（默认 *）", "sectors, comma-separated (default *)"))
    .option("--table <n>", t("只导入 Word 文档的第 n 个表格（默认全部）", "import only the n-th table of a Word document (default: all)"))
    .option("--sheet <name|n>", t("只导入 Excel 的这个工作表（名称或序号，默认全部）", "import only this Excel sheet (name or number; default: all)"))
    .option("--report <file.csv>", t("把未能解析的文字写成 CSV 清单", "write the texts that could not be parsed as a CSV list"));
  cmd.action(ctx.action(async (file: string, opts: ImportOptions) => (await import("./import.js")).run(file, opts)));
};
