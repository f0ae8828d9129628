import type { Command } from "commander";

/** Shared by every command's registration: runs the lazily loaded handler and records its exit code. */
export interface CliContext {
  exitCode: number;
  /** Wrap a handler: its returned number is the exit code; CliError and InputError become diagnostics on stderr. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void>;
}

// The diagnostics module (and every code table with it) is loaded only when something fails,
// because this file is on the start-up path of every command.
export function createContext(): CliContext {
  const ctx: CliContext = {
    exitCode: 0,
    action(fn) {
      return async (...args) => {
        try {
          ctx.exitCode = await fn(...args);
        } catch (e) {
          const { CliError, InputError, diag } = await import("../diagnostics.js");
          const { printDiagnostics } = await import("./output.js");
          if (e instanceof InputError) {
            // Bad input found by io or render: the command could not run.
            printDiagnostics(e.diagnostics);
            ctx.exitCode = 2;
          } else if (e instanceof CliError) {
            printDiagnostics(e.diagnostics);
            ctx.exitCode = e.exitCode;
          } else {
            const err = e as Error;
            printDiagnostics([diag("CLI004", { message: err?.message ?? String(e) })]);
            if (process.env.STDZ_DEBUG) process.stderr.write(String(err?.stack) + "\n");
            ctx.exitCode = 2;
          }
        }
      };
    },
  };
  return ctx;
}

/** The signature every `*.cli.ts` module exports. */
export type Register = (program: Command, ctx: CliContext) => void;
