import type { Register } from "./context.js";
import { t } from "../i18n.js";

// Owner: replace with the real options. The handler module is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  program
    .command("lint")
    .description(t("检查标准文件", "check standard files"))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(ctx.action(async () => (await import("./lint.js")).run()));
};
