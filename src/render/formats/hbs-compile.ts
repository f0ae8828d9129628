// Compiling templates: checks that turn syntax errors, unknown helpers and missing partials into
// positioned TPL diagnostics, runtime errors located in the template or its partials, Markdown
// escaping by AST rewrite, and compilation with escaping always on and prototype access off.
import Handlebars from "handlebars";
import { statSync } from "node:fs";
import { basename } from "node:path";
import { InputError, diag, diagnosticKey, type Diagnostic } from "../../diagnostics.js";
import type { Code } from "../../codes/index.js";
import { getLang, type Lang } from "../../i18n.js";
import { HelperError, HELPER_NAMES, mdEscape, registerHelpers } from "./hbs-helpers.js";
import { LABELS } from "../report/report-labels.js";
import { partialFiles, readSource, type Source, type TemplateRef } from "./hbs-templates.js";

type Hbs = typeof Handlebars;

// Handlebars logs denied prototype lookups and {{log}} to the console; a CLI's stderr is for
// diagnostics only. Levels above "error" (3) silence it.
Handlebars.logger.level = 4;

/** Handlebars' own helpers: always available. */
const BUILTIN_HELPERS = ["if", "unless", "each", "with", "lookup", "log", "blockHelperMissing", "helperMissing"];

// ---------------------------------------------------------------------------------------------
// Checking

interface Loc {
  start: { line: number; column: number };
  end?: { line: number; column: number };
}
interface Node {
  type: string;
  loc?: Loc;
  [k: string]: unknown;
}

type Ast = ReturnType<Hbs["parse"]>;

function rangeOf(loc: Loc | undefined): { line: number; column: number } | undefined {
  return loc ? { line: loc.start.line, column: loc.start.column + 1 } : undefined;
}

/** Parse, turning Handlebars' parse errors into TPL002 with the line (and column when known). */
function parseSource(src: Source): Ast {
  try {
    return Handlebars.parse(src.text, { srcName: src.file });
  } catch (e) {
    throw new InputError([syntaxDiag(e as Error & { lineNumber?: number; column?: number }, src)]);
  }
}

function syntaxDiag(e: Error & { lineNumber?: number; column?: number }, src: Source): Diagnostic {
  const msg = String(e.message ?? e);
  let line: number | undefined;
  let column: number | undefined;
  const pm = /^Parse error on line (\d+):\n[^\n]*\n(-*)\^\n([^\n]*)/.exec(msg);
  let detail = msg;
  if (pm) {
    line = Number(pm[1]);
    detail = pm[3]!.replace(/^Expecting /, "expecting ");
    column = locateColumn(src.text, line, pm[2]!.length);
    // At the end of the file the useful place is the block that was never closed.
    const open = /got 'EOF'/.test(detail) ? unclosedBlock(src.text) : undefined;
    if (open) {
      line = open.line;
      column = open.column;
      detail = `{{#${open.name}}} 没有对应的 {{/${open.name}}} / is never closed`;
    }
  } else if (typeof e.lineNumber === "number") {
    line = e.lineNumber;
    column = (e.column ?? 0) + 1;
    detail = msg.replace(/ - \d+:\d+$/, "");
  }
  return diag("TPL002", { detail: oneLine(detail) }, { file: src.file, ...(line ? { range: { line, column: column ?? 1 } } : {}) });
}

/** The innermost `{{#name}}` (or `{{^name}}`) left open at the end of the text, by a scan of the tags. */
function unclosedBlock(text: string): { name: string; line: number; column: number } | undefined {
  const stack: { name: string; index: number }[] = [];
  const re = /\{\{~?\s*([#^/])\s*[>*]?\s*([^\s}~()]+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] === "/") {
      const i = stack.map((x) => x.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.length = i;
    } else stack.push({ name: m[2]!, index: m.index });
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const before = text.slice(0, top.index).split(/\r?\n/);
  return { name: top.name, line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * Handlebars' parse error shows the text *up to* the error with newlines removed; the caret's
 * offset within the shown excerpt only gives a column when the line is short. Best effort.
 */
function locateColumn(text: string, line: number, caret: number): number {
  const l = text.split(/\r?\n/)[line - 1] ?? "";
  return Math.min(Math.max(1, caret + 1), l.length + 1);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

interface CheckEnv {
  helpers: Set<string>;
  partials: Map<string, Source>;
  parsed: Map<string, Ast>;
  diagnostics: Diagnostic[];
  visited: Set<string>;
  /** Static partial calls, partial (or "" for the template) → the partials it names. */
  calls: Map<string, Set<string>>;
}

/** A chain of static partial calls that comes back to where it started, as "a → b → a". */
export function partialCycle(calls: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const dfs = (n: string): string[] | undefined => {
    state.set(n, 1);
    path.push(n);
    for (const m of calls.get(n) ?? []) {
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        const c = dfs(m);
        if (c) return c;
      }
    }
    path.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of calls.keys())
    if (!state.has(n)) {
      const c = dfs(n);
      if (c) return c;
    }
  return undefined;
}

function parsedPartial(env: CheckEnv, name: string): Ast | undefined {
  const src = env.partials.get(name);
  if (!src) return undefined;
  let ast = env.parsed.get(name);
  if (!ast) {
    try {
      ast = parseSource(src);
    } catch (e) {
      if (e instanceof InputError) env.diagnostics.push(...e.diagnostics);
      return undefined;
    }
    env.parsed.set(name, ast);
  }
  return ast;
}

/** Walk a template: every helper call must name a helper, every static partial must exist. */
function checkAst(ast: Ast, src: Source, env: CheckEnv, self = ""): void {
  const inline = new Set<string>();
  // Inline partials ({{#*inline "x"}}) are defined anywhere in the template.
  const collectInline = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(collectInline);
    const node = n as Node;
    if (node.type === "DecoratorBlock") {
      const p = (node.path as Node | undefined)?.original;
      const first = (node.params as Node[] | undefined)?.[0];
      if (p === "inline" && first && typeof first.value === "string") inline.add(first.value);
    }
    for (const k of ["body", "program", "inverse"]) if (k in node) collectInline(node[k]);
  };
  collectInline(ast);

  const availableHelpers = () => [...env.helpers].filter((h) => !["blockHelperMissing", "helperMissing"].includes(h)).join(", ");
  const availablePartials = () => [...env.partials.keys(), ...inline].join(", ") || "—";

  const visit = (n: unknown, blockParams: Set<string>): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, blockParams);
      return;
    }
    const node = n as Node;
    switch (node.type) {
      case "Program": {
        const bp = (node.blockParams as string[] | undefined) ?? [];
        const scope = bp.length ? new Set([...blockParams, ...bp]) : blockParams;
        visit(node.body, scope);
        return;
      }
      case "MustacheStatement":
      case "BlockStatement":
      case "SubExpression":
      case "DecoratorBlock":
      case "Decorator": {
        const path = node.path as Node;
        const params = (node.params as unknown[]) ?? [];
        const hash = node.hash as Node | undefined;
        const isCall = node.type === "SubExpression" || params.length > 0 || hash !== undefined;
        if (node.type !== "DecoratorBlock" && node.type !== "Decorator" && isCall && path.type === "PathExpression") {
          const parts = (path.parts as string[]) ?? [];
          const head = parts[0] ?? "";
          const simple = !path.data && parts.length === 1 && !/^this\b|^\./.test(String(path.original));
          if (!simple || (!env.helpers.has(head) && !blockParams.has(head))) {
            env.diagnostics.push(
              diag(
                "TPL003",
                { name: String(path.original), available: availableHelpers() },
                { file: src.file, range: rangeOf(node.loc ?? path.loc) ?? { line: 1, column: 1 } },
              ),
            );
          }
        }
        // {{label "key"}} with literal keys can be checked now rather than when the line runs.
        if (path.type === "PathExpression" && path.original === "label" && params.length > 0 && params.every((p) => (p as Node).type === "StringLiteral")) {
          const key = params.map((p) => String((p as Node).value)).join("");
          if (!(key in LABELS)) {
            env.diagnostics.push(
              diag(
                "TPL005",
                { detail: `label: 未知的标签 “${key}” / unknown label key '${key}'` },
                { file: src.file, range: rangeOf(node.loc) ?? { line: 1, column: 1 } },
              ),
            );
          }
        }
        visit(path, blockParams);
        visit(params, blockParams);
        if (hash)
          visit(
            (hash.pairs as Node[]).map((p) => p.value),
            blockParams,
          );
        if (node.program) visit(node.program, blockParams);
        if (node.inverse) visit(node.inverse, blockParams);
        return;
      }
      case "PartialStatement":
      case "PartialBlockStatement": {
        const name = node.name as Node;
        if (name.type === "PathExpression" || name.type === "StringLiteral" || name.type === "NumberLiteral") {
          const pname = String(name.type === "PathExpression" ? name.original : name.value);
          const known = pname === "@partial-block" || env.partials.has(pname) || inline.has(pname);
          if (env.partials.has(pname) && !inline.has(pname)) {
            const set = env.calls.get(self) ?? new Set<string>();
            set.add(pname);
            env.calls.set(self, set);
          }
          // A partial block falls back to its own content when the partial is missing.
          if (!known && node.type === "PartialStatement") {
            env.diagnostics.push(
              diag("TPL004", { name: pname, available: availablePartials() }, { file: src.file, range: rangeOf(node.loc) ?? { line: 1, column: 1 } }),
            );
          } else if (env.partials.has(pname) && !env.visited.has(pname)) {
            env.visited.add(pname);
            const past = parsedPartial(env, pname);
            if (past) checkAst(past, env.partials.get(pname)!, env, pname);
          }
        } else visit(name, blockParams);
        visit(node.params, blockParams);
        const hash = node.hash as Node | undefined;
        if (hash)
          visit(
            (hash.pairs as Node[]).map((p) => p.value),
            blockParams,
          );
        if (node.program) visit(node.program, blockParams);
        return;
      }
      default:
        return;
    }
  };
  visit(ast, new Set());
}

// ---------------------------------------------------------------------------------------------
// Compiling and rendering

export interface CompiledTemplate {
  ref: TemplateRef;
  /** Sources by file, for locating runtime errors. */
  sources: Source[];
  render(data: object, lang?: Lang): string;
}

const cache = new Map<string, CompiledTemplate>();

/** A fresh, isolated Handlebars instance with stdz's helpers (no partials). */
export function createEnvironment(): Hbs {
  const hb = Handlebars.create();
  registerHelpers(hb);
  return hb;
}

/** Load, check and compile a template with its partials. Throws InputError with TPL codes. */
export function compileTemplate(ref: TemplateRef): CompiledTemplate {
  const main = readSource(ref.file);
  const key = `${ref.file}\0${ref.format}\0${statSync(ref.file).mtimeMs}\0${main.text.length}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const hb = createEnvironment();
  const partials = new Map<string, Source>();
  for (const [name, file] of partialFiles(ref)) partials.set(name, readSource(file));

  const env: CheckEnv = {
    helpers: new Set([...BUILTIN_HELPERS, ...HELPER_NAMES]),
    partials,
    parsed: new Map(),
    diagnostics: [],
    visited: new Set(),
    calls: new Map(),
  };
  const ast = parseSource(main);
  checkAst(ast, main, env);
  if (env.diagnostics.length) throw new InputError(dedupe(env.diagnostics));

  const md = ref.format === "md";
  const knownHelpers = Object.fromEntries([...HELPER_NAMES, MD_ESCAPE].map((h) => [h, true]));
  // knownHelpers lets Handlebars call our helpers directly. HTML keeps Handlebars' escaping;
  // Markdown templates have every {{…}} wrapped in the Markdown escaper instead (see mdWrap),
  // so helpers still see the data as it is and only what is printed is escaped.
  const options = { knownHelpers, noEscape: md } as CompileOptions;
  const build = (src: Source, tree: Ast): HandlebarsTemplateDelegate => {
    try {
      return hb.compile(md ? mdWrap(tree) : src.text, { ...options, srcName: src.file } as CompileOptions);
    } catch (e) {
      throw new InputError([syntaxDiag(e as Error, src)]);
    }
  };
  if (md) {
    hb.registerHelper(
      MD_ESCAPE,
      (v: unknown) => new Handlebars.SafeString(v instanceof Handlebars.SafeString ? v.toString() : mdEscape(v === undefined || v === null ? "" : String(v))),
    );
    for (const [name, src] of partials) {
      // Partials the template does not reach were not checked; one that does not parse is left out.
      let tree = env.parsed.get(name);
      if (!tree) {
        try {
          tree = Handlebars.parse(src.text);
        } catch {
          continue;
        }
      }
      hb.registerPartial(name, build(src, tree));
    }
  } else {
    for (const [name, src] of partials) hb.registerPartial(name, src.text);
  }
  const fn = build(main, ast);
  const sources = [main, ...partials.values()];
  const compiled: CompiledTemplate = {
    ref,
    sources,
    render(data, lang = getLang()) {
      try {
        return fn(data, {
          data: { lang, format: ref.format },
          allowProtoPropertiesByDefault: false,
          allowProtoMethodsByDefault: false,
        });
      } catch (e) {
        throw new InputError([runtimeDiag(e as Error, sources, env.calls)]);
      }
    },
  };
  cache.set(key, compiled);
  return compiled;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}|${d.line}|${d.column}|${diagnosticKey(d)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** First place a pattern occurs in the template or its partials, for errors Handlebars does not locate. */
function locate(sources: readonly Source[], re: RegExp): { file: string; range?: { line: number; column: number } } {
  for (const s of sources) {
    const lines = s.text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i]!);
      if (m) return { file: s.file, range: { line: i + 1, column: m.index + 1 } };
    }
  }
  return { file: sources[0]!.file };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function runtimeDiag(
  e: Error & { lineNumber?: number; column?: number },
  sources: readonly Source[],
  calls: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Diagnostic {
  const msg = String(e?.message ?? e);
  // Recursion that never ends: name the partial that includes itself when the calls show one.
  if (e instanceof RangeError && /call stack/i.test(msg)) {
    const cycle = partialCycle(calls);
    if (cycle) return diag("TPL015", { name: cycle[0], cycle: cycle.join(" → ") }, locate(sources, new RegExp(`\\{\\{#?>\\s*${escapeRe(cycle[1]!)}\\b`)));
    return diag(
      "TPL005",
      {
        detail: {
          zh: "模板递归过深（局部模板或辅助函数反复调用自身）",
          en: "the template recurses too deeply (a partial or helper calling itself again and again)",
        },
      },
      { file: sources[0]!.file },
    );
  }
  let code: Code = "TPL005";
  let args: Record<string, unknown> = { detail: oneLine(msg) };
  let where: { file: string; range?: { line: number; column: number } } = { file: sources[0]!.file };
  const partial = /The partial (.+) could not be found/.exec(msg);
  const helper = /Missing helper: "(.+)"/.exec(msg);
  if (partial) {
    code = "TPL004";
    args = {
      name: partial[1],
      available:
        sources
          .slice(1)
          .map((s) => basename(s.file))
          .join(", ") || "—",
    };
    where = locate(sources, new RegExp(`\\{\\{#?>\\s*${escapeRe(partial[1]!)}|\\{\\{#?>\\s*\\(`));
  } else if (helper) {
    code = "TPL003";
    args = { name: helper[1], available: HELPER_NAMES.join(", ") };
    where = locate(sources, new RegExp(`[{(]\\s*[#^]?${escapeRe(helper[1]!)}\\b`));
  } else if (e instanceof HelperError) {
    where = locate(sources, new RegExp(`[{(]\\s*[#^]?${escapeRe(e.helper)}\\b`));
  } else if (typeof e.lineNumber === "number") {
    where = { file: sources[0]!.file, range: { line: e.lineNumber, column: (e.column ?? 0) + 1 } };
  }
  return diag(code, args, where);
}

// ---------------------------------------------------------------------------------------------
// Markdown escaping

/** Name of the internal helper that Markdown templates' {{…}} are wrapped in. */
const MD_ESCAPE = "__stdz_md";

/**
 * Wrap every escaped mustache `{{x a b}}` of a Markdown template as `{{__stdz_md (x a b)}}`
 * (a plain `{{x}}` as `{{__stdz_md x}}`), so that printed values are Markdown-escaped while
 * helpers and comparisons see the data unchanged. `{{{x}}}` stays raw, as in HTML.
 */
function mdWrap(ast: Ast): Ast {
  const helpers = new Set<string>([...BUILTIN_HELPERS, ...HELPER_NAMES]);
  const wrap = (n: Node): Node => {
    const path = n.path as Node;
    const params = (n.params as Node[]) ?? [];
    const isPath = path.type === "PathExpression";
    const call =
      params.length > 0 || n.hash !== undefined || (isPath && !path.data && (path.parts as string[]).length === 1 && helpers.has(String(path.original)));
    const inner: Node = call ? { type: "SubExpression", path, params, hash: n.hash, loc: n.loc } : path;
    const helper: Node = { type: "PathExpression", data: false, depth: 0, parts: [MD_ESCAPE], original: MD_ESCAPE, loc: n.loc };
    return { ...n, path: helper, params: [inner], hash: undefined, escaped: true };
  };
  const visit = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    const node = n as Node;
    if (Array.isArray(node.body)) node.body = (node.body as Node[]).map((b) => (b.type === "MustacheStatement" && b.escaped ? wrap(b) : (visit(b), b)));
    for (const k of ["program", "inverse"]) if (node[k]) visit(node[k]);
  };
  const copy = structuredClone(ast) as unknown as Node;
  visit(copy);
  return copy as unknown as Ast;
}
