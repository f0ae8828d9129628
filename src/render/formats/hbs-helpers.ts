// Template helpers. None of them touches the file system, the network or the process: templates
// can format the data they are given and nothing else.
import type HandlebarsNS from "handlebars";
import { chineseDate, parseIsoDate } from "../../core/lib/dates.js";
import { barChart, percentText, radarChart, shiftRound, textBar, type ChartDatum } from "./chart.js";
import { conditionLabel, gradeClass, gradeLabel, kindLabel, label, statusLabel, tierLabel, type LabelLang } from "../report/report-labels.js";

type Hbs = typeof HandlebarsNS;

/** Options object Handlebars passes as the last argument of every helper. */
interface HelperOptions {
  hash: Record<string, unknown>;
  data?: { lang?: LabelLang; format?: string; root?: unknown };
  name?: string;
  fn?: (ctx: unknown) => string;
  inverse?: (ctx: unknown) => string;
}

/** A helper used wrongly; rendered as a TPL005 diagnostic. */
export class HelperError extends Error {
  constructor(
    readonly helper: string,
    message: string,
  ) {
    super(`${helper}: ${message}`);
  }
}

function isOptions(x: unknown): x is HelperOptions {
  return typeof x === "object" && x !== null && "hash" in x && ("data" in x || "name" in x || "lookupProperty" in x);
}

/** Split a helper's arguments from its trailing options object. */
function split(args: unknown[]): [unknown[], HelperOptions] {
  const last = args[args.length - 1];
  if (isOptions(last)) return [args.slice(0, -1), last];
  return [args, { hash: {} }];
}

function langOf(o: HelperOptions): LabelLang {
  return o.data?.lang === "en" ? "en" : "zh";
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function digitsArg(v: unknown, fallback: number): number {
  const d = toNumber(v);
  return d === undefined ? fallback : Math.max(0, Math.min(10, Math.trunc(d)));
}

const DASH = "—";

/** Own enumerable value of a plain object, never something from its prototype chain. */
function own(obj: unknown, key: string): unknown {
  if (typeof obj !== "object" || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

function asArray(v: unknown, helper: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new HelperError(helper, "第一个参数应为列表 / the first argument must be a list");
  return v;
}

/** The names of every helper registered by registerHelpers, for listing and checking templates. */
export const HELPER_NAMES = [
  "fmt",
  "percent",
  "cnDate",
  "localDate",
  "gradeLabel",
  "gradeClass",
  "statusLabel",
  "kindLabel",
  "conditionLabel",
  "tierLabel",
  "yesNo",
  "t",
  "label",
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "and",
  "or",
  "not",
  "add",
  "sub",
  "inc",
  "len",
  "join",
  "default",
  "filter",
  "countBy",
  "groupBy",
  "fileSize",
  "chart",
  "textBar",
] as const;

export function registerHelpers(hb: Hbs): void {
  const SafeString = hb.SafeString;
  const h: Record<(typeof HELPER_NAMES)[number], (...args: unknown[]) => unknown> = {
    /** {{fmt value 2}}: fixed decimals, half up on the decimal text; "—" for missing values. */
    fmt(...args) {
      const [[v, d]] = split(args);
      const x = toNumber(v);
      if (x === undefined) return v === undefined || v === null || v === "" ? DASH : String(v);
      return d === undefined ? String(x) : shiftRound(x, 0, digitsArg(d, 0));
    },
    /** {{percent rate 1}}: a 0..1 rate as a percentage; "—" for null. `below=bound`: never print a figure that reaches a bound the rate failed. */
    percent(...args) {
      const [[v, d], o] = split(args);
      const x = toNumber(v);
      const below = toNumber(o.hash?.below);
      return x === undefined ? DASH : percentText(x, digitsArg(d, 1), below);
    },
    /** {{cnDate "2024-06-30"}} → 2024年6月30日 whatever the language. */
    cnDate(...args) {
      const [[v]] = split(args);
      if (typeof v !== "string" || v === "") return DASH;
      return chineseDate(v);
    },
    /** {{localDate iso}}: Chinese form, or ISO under --lang en. */
    localDate(...args) {
      const [[v], o] = split(args);
      if (typeof v !== "string" || v === "") return DASH;
      return langOf(o) === "en" && parseIsoDate(v) ? v : chineseDate(v);
    },
    gradeLabel(...args) {
      const [[v], o] = split(args);
      return gradeLabel(v, langOf(o));
    },
    gradeClass(...args) {
      const [[v]] = split(args);
      return gradeClass(v);
    },
    statusLabel(...args) {
      const [[v], o] = split(args);
      return statusLabel(v, langOf(o));
    },
    kindLabel(...args) {
      const [[v], o] = split(args);
      return kindLabel(v, langOf(o));
    },
    conditionLabel(...args) {
      const [[v], o] = split(args);
      return conditionLabel(v, langOf(o));
    },
    tierLabel(...args) {
      const [[v], o] = split(args);
      return tierLabel(v, langOf(o));
    },
    yesNo(...args) {
      const [[v], o] = split(args);
      if (v === undefined || v === null) return DASH;
      return label(v ? "yes" : "no", langOf(o))!;
    },
    /** {{t "得分" "Score"}}: Chinese, or the English text under --lang en (falls back to Chinese). */
    t(...args) {
      const [[zh, en], o] = split(args);
      return langOf(o) === "en" && en !== undefined && en !== "" ? String(en) : String(zh ?? "");
    },
    /** {{label "score"}}: a fixed label from the built-in table; an unknown key is an error. */
    label(...args) {
      const [[key, ...suffix], o] = split(args);
      const k = [key, ...suffix].map((x) => String(x ?? "")).join("");
      const out = label(k, langOf(o));
      if (out === undefined) throw new HelperError("label", `未知的标签 “${k}” / unknown label key '${k}'`);
      return out;
    },
    eq(...args) {
      const [[a, b]] = split(args);
      return a === b;
    },
    ne(...args) {
      const [[a, b]] = split(args);
      return a !== b;
    },
    gt(...args) {
      const [[a, b]] = split(args);
      return (toNumber(a) ?? NaN) > (toNumber(b) ?? NaN);
    },
    gte(...args) {
      const [[a, b]] = split(args);
      return (toNumber(a) ?? NaN) >= (toNumber(b) ?? NaN);
    },
    lt(...args) {
      const [[a, b]] = split(args);
      return (toNumber(a) ?? NaN) < (toNumber(b) ?? NaN);
    },
    lte(...args) {
      const [[a, b]] = split(args);
      return (toNumber(a) ?? NaN) <= (toNumber(b) ?? NaN);
    },
    and(...args) {
      const [xs] = split(args);
      return xs.every((x) => truthy(x));
    },
    or(...args) {
      const [xs] = split(args);
      return xs.some((x) => truthy(x));
    },
    not(...args) {
      const [[x]] = split(args);
      return !truthy(x);
    },
    add(...args) {
      const [xs] = split(args);
      return xs.reduce<number>((s, x) => s + (toNumber(x) ?? 0), 0);
    },
    sub(...args) {
      const [[a, b]] = split(args);
      return (toNumber(a) ?? 0) - (toNumber(b) ?? 0);
    },
    /** {{inc @index}}: 1-based numbering. */
    inc(...args) {
      const [[a]] = split(args);
      return (toNumber(a) ?? 0) + 1;
    },
    len(...args) {
      const [[v]] = split(args);
      return Array.isArray(v) ? v.length : typeof v === "string" ? [...v].length : 0;
    },
    join(...args) {
      const [[v, sep]] = split(args);
      return asArray(v, "join")
        .map((x) => String(x ?? ""))
        .join(sep === undefined ? "、" : String(sep));
    },
    default(...args) {
      const [xs] = split(args);
      for (const x of xs) if (x !== undefined && x !== null && x !== "") return x;
      return DASH;
    },
    /** {{#each (filter items "status" "na")}}: the elements whose own field equals the value. */
    filter(...args) {
      const [[v, key, value]] = split(args);
      return asArray(v, "filter").filter((x) => own(x, String(key)) === value);
    },
    /** {{countBy items "status" "na"}}: how many elements have that field value (all of them without a key). */
    countBy(...args) {
      const [[v, key, value]] = split(args);
      const xs = asArray(v, "countBy");
      return key === undefined ? xs.length : xs.filter((x) => own(x, String(key)) === value).length;
    },
    /** {{#each (groupBy nonconformities "element")}}{{key}} {{items.length}}{{/each}}, in first-seen order. */
    groupBy(...args) {
      const [[v, key]] = split(args);
      const groups = new Map<string, unknown[]>();
      for (const x of asArray(v, "groupBy")) {
        const k = String(own(x, String(key)) ?? "");
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(x);
      }
      return [...groups].map(([k, items]) => ({ key: k, items, first: items[0] }));
    },
    /** {{fileSize 2048}} → 2.0 KB */
    fileSize(...args) {
      const [[v]] = split(args);
      const x = toNumber(v);
      if (x === undefined) return DASH;
      if (x < 1024) return `${x} B`;
      if (x < 1024 * 1024) return `${shiftRound(x / 1024, 0, 1)} KB`;
      return `${shiftRound(x / 1024 / 1024, 0, 1)} MB`;
    },
    /**
     * {{chart elements type="bar" label="title" value="rate" id="id" title="…" threshold=0.6}}:
     * an inline SVG (HTML) or text bars (Markdown). The default label is "id title".
     */
    chart(...args) {
      const [[v], o] = split(args);
      const hash = o.hash;
      const lang = langOf(o);
      const labelKey = hash.label === undefined ? undefined : String(hash.label);
      const valueKey = hash.value === undefined ? "rate" : String(hash.value);
      const idKey = hash.id === undefined ? "id" : String(hash.id);
      const data: ChartDatum[] = asArray(v, "chart").map((x) => {
        const id = own(x, idKey);
        const title = own(x, "title");
        const lbl = labelKey !== undefined ? String(own(x, labelKey) ?? "") : [id, title].filter((p) => p !== undefined && p !== null && p !== "").join(" ");
        const raw = own(x, valueKey);
        const value = raw === null || raw === undefined ? null : (toNumber(raw) ?? null);
        const d: ChartDatum = { label: lbl, value };
        if (id !== undefined && id !== null) d.id = String(id);
        return d;
      });
      const naText = label("na", lang)!;
      const threshold = toNumber(hash.threshold) ?? null;
      const title = hash.title === undefined ? label("chart_title", lang)! : String(hash.title);
      if (o.data?.format === "md") {
        // Markdown: a table with text bars, labels escaped here.
        const rows = data.map((d) => `| ${mdEscape(d.label)} | ${d.value === null ? naText : percentText(d.value, 1)} | ${textBar(d.value, 20, naText)} |`);
        return new SafeString([`| ${label("element", lang)} | ${label("rate", lang)} | |`, "| --- | ---: | --- |", ...rows].join("\n"));
      }
      const opts = { title, threshold, naText, ...(toNumber(hash.width) !== undefined ? { width: toNumber(hash.width)! } : {}) };
      const svg = hash.type === "radar" ? radarChart(data, opts) : barChart(data, opts);
      return new SafeString(svg);
    },
    /** {{textBar rate 20}} → ██████░░░░ for Markdown. */
    textBar(...args) {
      const [[v, w], o] = split(args);
      const x = toNumber(v);
      return textBar(v === null || v === undefined ? null : (x ?? null), digitsArg(w, 20) || 20, label("na", langOf(o))!);
    },
  };
  for (const name of HELPER_NAMES) hb.registerHelper(name, h[name]);
}

/**
 * Escape Markdown syntax in data: the characters that make links, emphasis, code, tables and
 * raw HTML get a backslash; line breaks become spaces so that table rows hold.
 */
export function mdEscape(s: string): string {
  return s.replace(/\r?\n|\r/g, " ").replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** Handlebars' own notion of truth, except that an empty list is false. */
function truthy(x: unknown): boolean {
  if (Array.isArray(x)) return x.length > 0;
  return Boolean(x);
}
