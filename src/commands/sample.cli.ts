import type { Register } from "./context.js";
import { t } from "../i18n.js";

// Owner: replace with the real options. The handler module is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  program
    .command("sample")
    .description(t("抽查抽样", "spot-check sample"))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(ctx.action(async () => (await import("./sample.js")).run()));
};
