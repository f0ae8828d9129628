// Commander speaks English and prints uncoded errors; stdz's users read Chinese. This module
// gives help its Chinese headings and notes, and turns commander's parse errors into CLI002
// diagnostics in the user's language, with a "did you mean" where one is close.
import type { Command, CommanderError } from "commander";
import { Help, type Argument, type Option } from "commander";
import { didYouMean } from "../core/lib/suggest.js";
import { displayWidth } from "../render/formats/table.js";
import type { Lang } from "../i18n.js";

export { didYouMean, editDistance } from "../core/lib/suggest.js";

const TITLES: Record<string, string> = {
  "Usage:": "用法：",
  "Options:": "选项：",
  "Arguments:": "参数：",
  "Commands:": "命令：",
  "Global Options:": "全局选项：",
};

function choicesAndDefault(
  lang: Lang,
  choices: readonly string[] | undefined,
  def: unknown,
  defDescription: string | undefined,
  showDefault: boolean,
): string[] {
  const extra: string[] = [];
  if (choices) extra.push(lang === "en" ? `choices: ${choices.join(", ")}` : `可选：${choices.join("、")}`);
  // A repeatable option's empty list is not a default anyone needs to read.
  const empty = Array.isArray(def) && def.length === 0;
  if (showDefault && def !== undefined && !empty) {
    const shown = defDescription ?? (typeof def === "string" ? def : JSON.stringify(def));
    extra.push(lang === "en" ? `default: ${shown}` : `默认：${shown}`);
  }
  return extra;
}

function withExtra(lang: Lang, description: string, extra: string[]): string {
  if (extra.length === 0) return description;
  if (lang === "en") return description ? `${description} (${extra.join("; ")})` : `(${extra.join("; ")})`;
  return `${description}（${extra.join("；")}）`;
}

/** Help in the user's language: headings, choices and defaults, and the built-in help entries. */
export function localiseHelp(program: Command, lang: Lang): void {
  const words = (s: string) => (lang === "en" ? s : s.replace("[options]", "[选项]").replace("[command]", "[命令]"));
  program.configureHelp({
    styleTitle: (s: string) => (lang === "en" ? s : (TITLES[s] ?? s)),
    // Chinese characters take two columns: pad and wrap by what the terminal shows.
    displayWidth: (s: string) => displayWidth(s),
    commandUsage(this: Help, cmd: Command) {
      return words(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return words(Help.prototype.subcommandTerm.call(this, cmd));
    },
    optionDescription: (o: Option) =>
      withExtra(
        lang,
        o.description,
        choicesAndDefault(
          lang,
          o.argChoices,
          o.defaultValue,
          o.defaultValueDescription,
          o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === "boolean"),
        ),
      ),
    argumentDescription: (a: Argument) =>
      withExtra(lang, a.description, choicesAndDefault(lang, a.argChoices, a.defaultValue, a.defaultValueDescription, true)),
  });
  program.helpCommand("help [command]", lang === "en" ? "show help for a command" : "显示命令的帮助");
}

/** Long option names a misspelt long option may have meant (short ones are too close to guess). */
function longOptions(cmd: Command): string[] {
  const names: string[] = ["--help"];
  for (let c: Command | null = cmd; c; c = c.parent) for (const o of c.options) if (o.long) names.push(o.long);
  return names;
}

/** "--format" from "-f, --format <format>". */
function flagName(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags.split(/[ ,]/)[0]!;
}

function fullName(cmd: Command): string {
  const parts: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) parts.unshift(c.name());
  return parts.join(" ");
}

/** One sentence for a Commander parse error, in the user's language; where to look for help. */
export function usageMessage(e: CommanderError, cmd: Command, lang: Lang): { message: string; hint: string } {
  const en = lang === "en";
  const m = e.message.replace(/^error:\s*/, "");
  const q = (s: string) => (en ? `'${s}'` : `“${s}”`);
  let message = m;
  let r: RegExpExecArray | null;
  if (e.code === "commander.unknownOption" && (r = /unknown option '([^']+)'/.exec(m))) {
    const flag = r[1]!;
    const sug = flag.startsWith("--") ? didYouMean(flag.split("=")[0]!, longOptions(cmd)) : undefined;
    message = en ? `unknown option ${q(flag)}${sug ? ` (did you mean ${sug}?)` : ""}` : `未知的选项 ${q(flag)}${sug ? `（是否想用 ${sug}？）` : ""}`;
  } else if (e.code === "commander.unknownCommand" && (r = /unknown command '([^']+)'/.exec(m))) {
    const name = r[1]!;
    const sug = didYouMean(
      name,
      cmd.commands.map((c) => c.name()),
    );
    message = en ? `unknown command ${q(name)}${sug ? ` (did you mean ${sug}?)` : ""}` : `未知的命令 ${q(name)}${sug ? `（是否想用 ${sug}？）` : ""}`;
  } else if (e.code === "commander.missingArgument" && (r = /missing required argument '([^']+)'/.exec(m))) {
    message = en ? `missing the argument <${r[1]}>` : `缺少参数 <${r[1]}>`;
  } else if (e.code === "commander.optionMissingArgument" && (r = /option '([^']+)' argument missing/.exec(m))) {
    message = en ? `option ${q(flagName(r[1]!))} needs a value` : `选项 ${q(flagName(r[1]!))} 需要一个值`;
  } else if (e.code === "commander.missingMandatoryOptionValue" && (r = /required option '([^']+)' not specified/.exec(m))) {
    message = en ? `the option ${q(flagName(r[1]!))} is required` : `缺少必需的选项 ${q(flagName(r[1]!))}`;
  } else if (e.code === "commander.invalidArgument" && (r = /option '([^']+)' argument '([^']*)' is invalid\.\s*(?:Allowed choices are (.*)\.)?/.exec(m))) {
    const choices = r[3]?.split(", ");
    const rest = r[3] === undefined ? m.slice(r[0].length).trim() : "";
    message = en
      ? `invalid value ${q(r[2]!)} for ${flagName(r[1]!)}${choices ? `; use one of ${choices.join(", ")}` : rest ? `: ${rest}` : ""}`
      : `选项 ${flagName(r[1]!)} 的值 ${q(r[2]!)} 无效${choices ? `，可用：${choices.join("、")}` : rest ? `：${rest}` : ""}`;
  } else if (e.code === "commander.excessArguments" && (r = /Expected (\d+) arguments? but got (\d+)/.exec(m))) {
    message = en ? `too many arguments: ${fullName(cmd)} takes ${r[1]}, got ${r[2]}` : `参数过多：${fullName(cmd)} 需要 ${r[1]} 个参数，实际给出 ${r[2]} 个`;
  }
  const hint = en ? `see '${fullName(cmd)} --help'` : `运行 “${fullName(cmd)} --help” 查看用法`;
  return { message, hint };
}
