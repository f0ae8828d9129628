// The Handlebars environment shared by every HTML/Markdown output (reports, batch summaries,
// deviation pages). Lookup lives in hbs-templates.ts, checking and compiling in hbs-compile.ts;
// this module renders and is the one place the rest of stdz imports them from.
import type { Lang } from "../../i18n.js";
import { compileTemplate } from "./hbs-compile.js";
import { resolveTemplate, type OutputFormat } from "./hbs-templates.js";

export { mdEscape } from "./hbs-helpers.js";
export { compileTemplate, createEnvironment, type CompiledTemplate } from "./hbs-compile.js";
export {
  PARTIALS_DIR,
  TEMPLATES_DIR,
  formatOf,
  isTemplatePath,
  listTemplates,
  resolveTemplate,
  type OutputFormat,
  type TemplateInfo,
  type TemplateRef,
} from "./hbs-templates.js";

/** Render a template (built-in name or path) with data. Throws InputError with TPL codes. */
export function renderTemplateFile(
  ref: string | undefined,
  data: object,
  opts: { lang?: Lang; fallback?: string } = {},
): { text: string; format: OutputFormat; file: string; name: string } {
  const r = resolveTemplate(ref, opts.fallback);
  const compiled = compileTemplate(r);
  return { text: compiled.render(data, opts.lang), format: r.format, file: r.file, name: r.name };
}
