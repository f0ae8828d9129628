import type { Register } from "./context.js";
import type { ScoreOptions } from "./score.js";
import { formatOption, outputOption, pathOption } from "./options.js";
import { t } from "../i18n.js";

export const register: Register = (program, ctx) => {
  const cmd = program
    .command("score")
    .description(
      t(
        "对证据包评分定级：得分、等级、各一级要素得分率、定级理由和整改清单",
        "score an evidence bundle: score, grade, element rates, grade reasons and corrective actions",
      ),
    )
    .argument("<bundle-dir>", t("证据包文件夹（含 bundle.yaml）", "bundle folder (with bundle.yaml)"));
  outputOption(formatOption(cmd, ["table", "json"])).option(
    "-s, --standard <id-or-path>",
    t("改用此标准（编号，或相对于当前目录的路径）", "use this standard instead (an id, or a path relative to the current folder)"),
  );
  pathOption(cmd)
    .option("--fail-under <level>", t("等级低于此等级时以退出码 1 结束（供脚本使用）", "exit 1 when the grade is below this level (for scripts)"))
    .option("--top <n>", t("表格中列出的不符合项数（0 为全部）", "nonconformities listed in the table (0 for all)"), "10")
    .option("--all", t("表格中列出全部不符合项（同 --top 0）", "list every nonconformity in the table (same as --top 0)"))
    .option(
      "--verbose",
      t("逐项列出未填写的考评内容（BUN019），而不是填写进度摘要", "list each content not filled in (BUN019) instead of the progress summary"),
    )
    .option("--report <file>", t("同时生成报告文件", "also render a report to this file"))
    .option("-t, --template <name>", t("报告模板（与 --report 同用）", "report template (with --report)"))
    .option(
      "--sign <key.pem>",
      t("用此 Ed25519 私钥（PEM）对结果签名（与 --format json 同用）", "sign the result with this Ed25519 private key (PEM; with --format json)"),
    )
    .action(ctx.action(async (dir: string, opts: ScoreOptions) => (await import("./score.js")).run(dir, opts)));
};
