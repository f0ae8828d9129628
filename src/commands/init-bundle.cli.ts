import type { Register } from "./context.js";
import { t } from "../i18n.js";

// Owner: replace with the real options. The handler module is loaded only when the command runs.
export const register: Register = (program, ctx) => {
  program
    .command("bundle")
    .description(t("新建证据包", "new bundle"))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(ctx.action(async () => (await import("./init-bundle.js")).run()));
};
