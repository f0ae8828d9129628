import { Command, CommanderError } from "commander";
import { langOption } from "./commands/options.js";
import { createContext } from "./commands/context.js";
import { localiseHelp, usageMessage } from "./commands/usage.js";
import { setLang, t, type Lang } from "./i18n.js";
import { register as registerBatch } from "./commands/batch.cli.js";
import { register as registerCompile } from "./commands/compile.cli.js";
import { register as registerDeviation } from "./commands/deviation.cli.js";
import { register as registerDiff } from "./commands/diff.cli.js";
import { register as registerImport } from "./commands/import.cli.js";
import { register as registerInitBundle } from "./commands/init-bundle.cli.js";
import { register as registerInitStandard } from "./commands/init-standard.cli.js";
import { register as registerLint } from "./commands/lint.cli.js";
import { register as registerReport } from "./commands/report.cli.js";
import { register as registerSample } from "./commands/sample.cli.js";
import { register as registerScore } from "./commands/score.cli.js";
import { register as registerStandards } from "./commands/standards.cli.js";
import { register as registerVerify } from "./commands/verify.cli.js";
import { mark } from "./timing.js";
import { diag, formatDiagnosticLine, type Diagnostic } from "./diagnostics.js";
import { outputsCommitted, removeTemporariesSync } from "./io/atomic.js";
import { VERSION } from "./version.js";

/** --lang is read before commander runs so that help and messages come in the right language. */
function langFromArgv(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--lang") return argv[i + 1] === "en" ? "en" : "zh";
    if (a.startsWith("--lang=")) return a.slice(7) === "en" ? "en" : "zh";
  }
  return process.env.STDZ_LANG === "en" ? "en" : "zh";
}

let guarded = false;

/**
 * Signals and stdout failures end the run here (the only place that exits): temporary files
 * are removed first, and one coded line says what happened.
 */
function guardProcess(lang: Lang): void {
  if (guarded) return;
  guarded = true;
  const stop = (code: number, d: Diagnostic): void => {
    removeTemporariesSync();
    try {
      process.stderr.write(formatDiagnosticLine(d, lang) + "\n");
    } catch {
      // stderr gone too: the exit code still tells
    }
    // That line is the last word: what the run prints while it winds down is not shown.
    const silent = (() => true) as typeof process.stdout.write;
    process.stdout.write = silent;
    process.stderr.write = silent;
    // A folder or file being created on the thread pool right now appears after the first sweep.
    setTimeout(() => {
      removeTemporariesSync();
      process.exit(code);
    }, 50);
  };
  const interrupted = (signal: NodeJS.Signals, code: number) => () =>
    stop(
      code,
      diag("CLI009", {
        signal,
        written:
          outputsCommitted() === 0
            ? { zh: "没有写入任何输出文件", en: "no output file was written" }
            : {
                zh: `已完成的 ${outputsCommitted()} 个输出文件保留，未完成的临时文件已删除`,
                en: `${outputsCommitted()} finished output file(s) kept, unfinished temporary files removed`,
              },
      }),
    );
  process.on("SIGINT", interrupted("SIGINT", 130));
  process.on("SIGTERM", interrupted("SIGTERM", 143));
  process.stdout.on("error", (e: NodeJS.ErrnoException) => stop(2, diag("CLI008", { reason: e.code ?? e.message })));
}

/** The single place that decides the exit code; exits early only on a signal or a broken stdout. */
export async function main(argv: readonly string[]): Promise<number> {
  mark("start-up (Node and loading stdz)");
  const lang = langFromArgv(argv);
  setLang(lang);
  guardProcess(lang);
  const ctx = createContext();
  const program = langOption(
    new Command("stdz")
      .description(
        t(
          "企业安全生产标准化工具箱：评分标准、评分定级、报告、台账统计与抽查",
          "Toolkit for enterprise work-safety standardization: standards, scoring, reports, registers and spot checks",
        ),
      )
      .version(VERSION, "-V, --version", t("显示版本号", "show the version"))
      .helpOption("-h, --help", t("显示帮助", "show help")),
  )
    .option("--no-color", t("不使用彩色输出", "no colours in output"))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  localiseHelp(program, lang);

  registerLint(program, ctx);
  registerCompile(program, ctx);
  registerStandards(program, ctx);
  registerDiff(program, ctx);
  registerImport(program, ctx);
  registerScore(program, ctx);
  registerReport(program, ctx);
  registerVerify(program, ctx);
  registerBatch(program, ctx);
  registerSample(program, ctx);
  registerDeviation(program, ctx);
  const init = program.command("init").description(t("生成新标准或证据包的起始文件", "scaffold a new standard or evidence bundle"));
  registerInitStandard(init, ctx);
  registerInitBundle(init, ctx);

  // Commander's own error text is replaced by a coded diagnostic naming the failing command.
  let failing: Command = program;
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
      outputError: () => {
        failing = c;
      },
    });
    for (const sub of c.commands) quiet(sub);
  };
  quiet(program);

  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      const { printDiagnostics } = await import("./commands/output.js");
      const { message, hint } = usageMessage(e, failing, lang);
      printDiagnostics([diag("CLI002", { message })]);
      process.stderr.write(hint + "\n");
      return 2;
    }
    throw e;
  }
  return ctx.exitCode;
}
