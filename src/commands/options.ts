import { Option, type Command } from "commander";
import { t } from "../i18n.js";

// Option builders shared by the `*.cli.ts` registrations. On the start-up path: commander and
// i18n only. Each takes the command's own help text where commands word it differently.

/** Collects a repeatable option's values in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--standards-path <dir>` (repeatable) and its alias `--path <dir>`. */
export function standardsPathOptions(cmd: Command, help: string = t("查找标准的额外文件夹（可重复）", "extra folder of standards (repeatable)")): Command {
  return cmd.option("--standards-path <dir>", help, collect, []).option("--path <dir>", t("同 --standards-path", "same as --standards-path"), collect, []);
}

/** `--path <dir>` (repeatable) alone, for commands that never had `--standards-path`. */
export function pathOption(cmd: Command, help: string = t("额外的标准文件夹（可重复）", "extra folder of standards (repeatable)")): Command {
  return cmd.option("--path <dir>", help, collect, []);
}

/** `-o, --output <file>`. */
export function outputOption(cmd: Command, help: string = t("写入文件（原子写入）而不是标准输出", "write to a file (atomically) instead of stdout")): Command {
  return cmd.option("-o, --output <file>", help);
}

/** `-f, --format <format>` limited to `choices`, defaulting to the first. */
export function formatOption(cmd: Command, choices: readonly [string, ...string[]], description = t("输出格式", "output format")): Command {
  return cmd.addOption(new Option("-f, --format <format>", description).choices(choices).default(choices[0]));
}

/** The global `--lang <zh|en>` (read before commander runs; declared here so help lists it). */
export function langOption(cmd: Command): Command {
  return cmd.addOption(new Option("--lang <lang>", t("输出语言", "output language")).choices(["zh", "en"]).default("zh"));
}

/** `--encoding` of a register: detected by default. */
export function encodingOption(): Option {
  return new Option("--encoding <encoding>", t("台账编码（默认自动识别）", "register encoding (detected by default)"))
    .choices(["auto", "utf8", "gbk", "gb18030"])
    .default("auto");
}

/** `--sheet` of an .xlsx register: a name or a 1-based position. */
export function sheetOption(): Option {
  return new Option(
    "--sheet <name|n>",
    t("读取哪个工作表（.xlsx台账）：名称或序号，默认第一个", "which sheet of an .xlsx register to read: a name or a position (default the first sheet)"),
  );
}

/** `--delimiter` of a register: detected by default. */
export function delimiterOption(): Option {
  return new Option("--delimiter <delimiter>", t("分隔符（默认自动识别）", "field delimiter (detected by default)"))
    .choices(["auto", ",", "comma", "tab"])
    .default("auto");
}

/** `--verify-key <pub.pem>`: the result must carry an Ed25519 signature this public key verifies. */
export function verifyKeyOption(cmd: Command): Command {
  return cmd.option(
    "--verify-key <pub.pem>",
    t(
      "用此 Ed25519 公钥（PEM）校验结果文件的签名；没有签名或签名不符为错误",
      "check the result's signature with this Ed25519 public key (PEM); no signature or a bad one is an error",
    ),
  );
}
