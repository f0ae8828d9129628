// Template lookup and listing: built-in templates, template paths, partials with per-folder
// overrides, and reading template files as UTF-8 sources.
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError, diag } from "../../diagnostics.js";
import { decodeUtf8 } from "../../io/text.js";
import { readInputFile } from "../../io/inputs.js";
import { PACKAGE_ROOT } from "../../io/schema.js";

export type OutputFormat = "html" | "md";

/** Package root: src/render and dist/render both sit two levels below it. */

export const TEMPLATES_DIR = join(PACKAGE_ROOT, "templates");
export const PARTIALS_DIR = join(TEMPLATES_DIR, "partials");

export interface TemplateRef {
  /** Built-in name (e.g. "report", "report.md") or the path as given. */
  name: string;
  /** Absolute path of the template file. */
  file: string;
  format: OutputFormat;
  builtin: boolean;
}

export interface TemplateInfo extends TemplateRef {
  /** First line of the template's leading `{{!-- … --}}` comment. */
  description: string;
}

/** The output format a template produces, from its file name: `*.md.hbs` is Markdown, the rest HTML. */
export function formatOf(file: string): OutputFormat {
  return /\.(md|markdown)(\.hbs|\.handlebars)?$/i.test(basename(file)) ? "md" : "html";
}

/** Built-in name of a template file: `report.html.hbs` → report, `report.md.hbs` → report.md. */
function builtinName(file: string): string {
  return basename(file)
    .replace(/\.(hbs|handlebars)$/i, "")
    .replace(/\.html?$/i, "");
}

function isTemplateFile(f: string): boolean {
  return /\.(hbs|handlebars)$/i.test(f);
}

/** The built-in templates (top level of templates/; partials live in templates/partials/). */
export function listTemplates(): TemplateInfo[] {
  let files: string[];
  try {
    files = readdirSync(TEMPLATES_DIR).filter(isTemplateFile).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const file = join(TEMPLATES_DIR, f);
    let description = "";
    try {
      const m = /^\s*\{\{!--\s*([\s\S]*?)\s*--\}\}/.exec(readFileSync(file, "utf8"));
      description = m?.[1]?.split("\n")[0]?.trim() ?? "";
    } catch {
      // unreadable: listed without a description
    }
    return { name: builtinName(f), file, format: formatOf(f), builtin: true, description };
  });
}

/** True when a template reference names a file rather than a built-in template. */
export function isTemplatePath(ref: string): boolean {
  return ref.includes("/") || ref.includes("\\") || isTemplateFile(ref);
}

/**
 * Resolve `-t`: a path (contains a slash or ends in .hbs), or a built-in name tried as
 * `<name>.hbs`, `<name>.html.hbs`, `<name>.md.hbs` in templates/. Unknown → TPL001 (exit 2).
 */
export function resolveTemplate(ref: string | undefined, fallback = "report"): TemplateRef {
  const name = ref ?? fallback;
  if (isTemplatePath(name)) {
    const file = resolve(name);
    const st = statOf(file);
    // A path that is there but not a regular file is named as such by the reader (CLI006).
    if (!st?.isFile()) {
      if (st) readInputFile(file);
      throw notFound(name, file);
    }
    return { name, file, format: formatOf(file), builtin: false };
  }
  if (/^[A-Za-z0-9][\w.-]*$/.test(name)) {
    for (const cand of [`${name}.hbs`, `${name}.html.hbs`, `${name}.md.hbs`]) {
      const file = join(TEMPLATES_DIR, cand);
      if (isFile(file)) return { name, file, format: formatOf(file), builtin: true };
    }
  }
  throw notFound(name);
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  return statOf(file)?.isFile() === true;
}

function notFound(name: string, file?: string): InputError {
  const available = listTemplates()
    .map((t) => t.name)
    .join(", ");
  return new InputError([diag("TPL001", { name, available: available || "—" }, file ? { file } : {})]);
}

// ---------------------------------------------------------------------------------------------
// Partials

export interface Source {
  file: string;
  text: string;
}

export function readSource(file: string): Source {
  const buf = readInputFile(file);
  const { text, diagnostic } = decodeUtf8(buf, file);
  if (text === undefined) throw new InputError([diagnostic!]);
  return { file, text };
}

/**
 * Partials of one folder for one output format: `x.<format>.hbs` and `x.hbs` register as `x`
 * (the format-specific file wins); files for the other format are skipped.
 */
function partialsIn(dir: string, format: OutputFormat, exclude?: string): Map<string, string> {
  const out = new Map<string, string>();
  const generic = new Map<string, string>();
  let files: string[];
  try {
    files = readdirSync(dir).filter(isTemplateFile).sort();
  } catch {
    return out;
  }
  for (const f of files) {
    const file = join(dir, f);
    if (file === exclude || !isFile(file)) continue;
    const base = f.replace(/\.(hbs|handlebars)$/i, "");
    const m = /^(.+)\.(html?|md|markdown)$/i.exec(base);
    if (m) {
      const fmt = /^md|markdown$/i.test(m[2]!) ? "md" : "html";
      if (fmt === format) out.set(m[1]!, file);
    } else generic.set(base, file);
  }
  for (const [k, v] of generic) if (!out.has(k)) out.set(k, v);
  return out;
}

/** Built-in partials, then the custom template's folder and its partials/ subfolder (later wins). */
export function partialFiles(ref: TemplateRef): Map<string, string> {
  const all = new Map(partialsIn(PARTIALS_DIR, ref.format));
  if (!ref.builtin) {
    const dir = dirname(ref.file);
    for (const d of [dir, join(dir, "partials")]) {
      if (resolve(d) === resolve(PARTIALS_DIR)) continue;
      for (const [k, v] of partialsIn(d, ref.format, ref.file)) all.set(k, v);
    }
  }
  return all;
}
