import type { Register } from "./context.js";
import { t } from "../i18n.js";

// Owner: replace with the real options. The handler module is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  program
    .command("score")
    .description(t("评分定级", "score a bundle"))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(ctx.action(async () => (await import("./score.js")).run()));
};
