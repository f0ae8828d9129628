import type { Register } from "./context.js";
import { t } from "../i18n.js";

// Owner: replace with the real options. The handler module is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  program
    .command("compile")
    .description(t("编译标准", "compile a standard"))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(ctx.action(async () => (await import("./compile.js")).run()));
};
