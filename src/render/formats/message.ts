import { CODES, type Code } from "../../codes/index.js";
import { isText } from "../../core/lib/text.js";
import type { Args, Diagnostic, DiagnosticJson } from "../../diagnostics.js";
import type { Lang } from "../../i18n.js";

/** Templates split once into literal, name, literal, … (a batch fills one per warned row, a million times). */
const split = new Map<string, string[]>();

/** Replace `{name}` placeholders with the arguments, a `{zh, en}` argument in `lang`. */
export function fill(template: string, args: Args, lang: Lang): string {
  let parts = split.get(template);
  if (!parts) split.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    if (k in args) {
      const v = args[k];
      out += isText(v) ? v[lang] : String(v);
    } else out += `{${k}}`;
    out += parts[i + 1]!;
  }
  return out;
}

function isCode(code: string): code is Code {
  return Object.hasOwn(CODES, code);
}

/** The registry's template in `lang` filled with the diagnostic's arguments. */
export function codeMessage(d: Pick<Diagnostic, "code" | "args">, lang: Lang): string {
  if (!isCode(d.code)) return d.code;
  return fill(CODES[d.code][lang], d.args, lang);
}

/** The diagnostic's text in `lang`, naming the register row when it has one. */
export function message(d: Pick<Diagnostic, "code" | "args" | "row">, lang: Lang): string {
  const text = codeMessage(d, lang);
  if (d.row === undefined) return text;
  return lang === "en" ? `${text} (row ${d.row})` : `${text}（第 ${d.row} 行数据）`;
}

/**
 * The contract's JSON form of a diagnostic (DESIGN.md): `message` rendered in `lang`, then
 * where it is, in the order the fields have always been written.
 */
export function diagnosticJson(d: Diagnostic, lang: Lang): DiagnosticJson {
  const o: DiagnosticJson = { code: d.code, severity: d.severity, message: message(d, lang) };
  if (d.file !== undefined) o.file = d.file;
  if (d.line !== undefined) o.line = d.line;
  if (d.column !== undefined) o.column = d.column;
  if (d.end_line !== undefined) o.end_line = d.end_line;
  if (d.end_column !== undefined) o.end_column = d.end_column;
  if (d.path !== undefined) o.path = d.path;
  if (d.suppressed !== undefined) o.suppressed = d.suppressed;
  if (d.row !== undefined) o.row = d.row;
  return o;
}
