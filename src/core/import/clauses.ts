import { Rational } from "../lib/rational.js";

/**
 * The clause parser for 评分方式 text (DESIGN.md "Standard file"; issue 12 §2). It recognises the
 * common published forms and nothing else: a sentence it cannot read is returned as `unparsed`,
 * never dropped and never guessed at.
 */

/** Which enclosing element a 「…不得分」 clause zeroes: the category (类目) or the project (项目). */
export type ZeroScope = "category" | "project";

export interface ParsedDeduction {
  /** The clause as published (enumeration marker and closing punctuation removed). */
  text: string;
  points: Rational;
  max?: Rational;
  element_points?: Rational;
  zeroes?: ZeroScope;
  /** The element named in 「“运输设备”大项不得分」, to be found among the enclosing ones. */
  zeroesName?: string;
}

export interface ParsedVeto {
  text?: string;
  /** Level names the veto blocks; absent means every level. */
  blocks?: string[];
}

export interface ParsedCell {
  deductions: ParsedDeduction[];
  /** 「单项扣至10分为止」 and 「扣完为止」 standing alone: one cap over the deductions before it. */
  caps: Array<{ deductions: number[]; max: Rational; text: string }>;
  exhausted_penalty?: Rational;
  exhausted_text?: string;
  veto?: ParsedVeto;
  /** 「缺项」/「不适用」 sentences; `forbidden` when they say the content may not be left out. */
  notes: string[];
  na?: "forbidden";
  /** 考评办法 sentences (查文件、询问…) found in the clause column. */
  method: string[];
  unparsed: string[];
}

const FULLWIDTH_DIGITS = /[０-９．]/g;
/** Full-width digits and point to ASCII, so 「扣５分」 reads like 「扣5分」. */
export function normaliseDigits(s: string): string {
  return s.replace(FULLWIDTH_DIGITS, (c) => (c === "．" ? "." : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUM = "(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百]+)";

/** A decimal or a small Chinese numeral (up to 999) as an exact number; undefined otherwise. */
export function parseAmount(s: string): Rational | undefined {
  if (/^\d+(?:\.\d+)?$/.test(s)) return Rational.parse(s);
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in CN_DIGIT) {
      if (digit >= 0) return undefined;
      digit = CN_DIGIT[ch]!;
    } else if (ch === "十" || ch === "百") {
      const unit = ch === "十" ? 10 : 100;
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else return undefined;
  }
  if (digit >= 0) total += digit;
  return Rational.of(total);
}

const ENUM_MARKER =
  /^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+\s*[.．、)）](?!\d)|[一二三四五六七八九十]+\s*[、.．]|[①-⑳]|[a-zA-Z]\s*[.)、）])\s*/;

/** A cell's text split into sentences: lines, then 。；; — enumeration markers removed. */
export function splitClauses(cell: string): string[] {
  const out: string[] = [];
  for (const line of cell.split(/\r?\n/)) {
    // Sentences end at 。；; and a new one starts at an inline marker: ② or （2）.
    let ended = "";
    for (const part of line.split(/(?<=[。；;])|(?=[②-⑳])|(?<=[，,\s分])(?=[（(]\s*(?:[2-9]|1\d)\s*[）)])/)) {
      const bare = part.trim();
      // A remark in brackets after the full stop (「…扣100分。（A级否决项）」) belongs to that sentence.
      if (out.length > 0 && /^[（(][^（()）]*[）)][。；;]?$/.test(bare) && !ENUM_MARKER.test(bare)) {
        out[out.length - 1] += ended + bare.replace(/[。；;]$/, "");
        continue;
      }
      const s = part.replace(ENUM_MARKER, "").trim();
      const trimmed = s.replace(/[。；;，,\s]+$/, "");
      ended = s.slice(trimmed.length);
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}

const METHOD = /^(?:查|询问|抽查|抽考|现场|检查|核查|访谈|考问|提问|听取|观察|测试)/;
const DEDUCTS = /扣|不得分|否决|否定/;
const VETO_ONLY = /^[★☆]?\s*[（(]?\s*((?:[一二三]级\s*[、，,和及]?\s*)*)否决(?:项)?\s*[）)]?$/;
const EXHAUSTED = new RegExp(`扣满${NUM}分(?:的|时|后)?[，,]?\\s*(?:再|另|并)?(?:追加扣除|追加扣|另扣|再扣)${NUM}分`);
const ELEMENT = new RegExp(`(?:追加扣除|追加扣)${NUM}分`);
const CAP = new RegExp(`(?:最多|最高|至多|累计最多|累计不超过|不超过)扣(?:除)?${NUM}分|扣至${NUM}分为止|以${NUM}分为限`);
const ALL_GONE = /扣完为止|扣完本项分值为止|扣完该项分值为止/;
const STANDALONE_CAP = new RegExp(
  `^(?:单项|本项|该项|本条|累计|以上各项|上述各项)?(?:扣分)?[，,]?(?:扣完为止|扣至${NUM}分为止|最多扣(?:除)?${NUM}分|累计不超过${NUM}分)$`,
);
const AMOUNT = new RegExp(`扣(?:除)?${NUM}分`, "g");
// 小微 rubrics define 一级否定(项) as the 一级要素 scoring nothing and 二级否定 as the 二级要素 (unlike 一级否决, a level veto).
const ZERO_CATEGORY = /大项不得分|[本该此](?:大项|要素|A级要素|一级要素|类目)(?:均|全部)?不得分|A级(?:要素)?否决|一级否定项?/;
const ZERO_PROJECT = /[本该此](?:项目|B级要素|二级要素|子要素|考评项目)(?:均|全部)?不得分|B级(?:要素)?否决|二级否定项?/;
/** 不得分 of the content itself, not of an enclosing element (those are matched first). */
const ITEM_ZERO = /不得分/;
const NA_NOTE = /缺项|不适用|不涉及/;
const NA_FORBIDDEN = /不得(?:作为|视为|按)?(?:缺项|不适用)|不(?:得|能|允许)缺项/;

function levelsOf(s: string): string[] {
  return [...s.matchAll(/[一二三]级/g)].map((m) => m[0]);
}

function firstAmount(m: RegExpMatchArray | null): Rational | undefined {
  if (!m) return undefined;
  for (const g of m.slice(1)) if (g !== undefined) return parseAmount(g);
  return undefined;
}

type ClauseResult =
  | { kind: "deduction"; d: ParsedDeduction; veto?: ParsedVeto }
  | { kind: "veto"; veto: ParsedVeto }
  | { kind: "exhausted"; amount: Rational }
  | { kind: "cap"; max: Rational }
  | { kind: "note"; forbidden: boolean }
  | { kind: "method" }
  | { kind: "unparsed" };

/** One sentence of a 评分方式 cell, for a content worth `points`. */
export function parseClause(raw: string, points: Rational): ClauseResult {
  const s = normaliseDigits(raw).replace(/\s+/g, "");
  const veto = VETO_ONLY.exec(s);
  if (veto) {
    const levels = levelsOf(veto[1] ?? "");
    return { kind: "veto", veto: levels.length ? { blocks: levels } : {} };
  }
  if (!DEDUCTS.test(s)) {
    if (NA_NOTE.test(s)) return { kind: "note", forbidden: NA_FORBIDDEN.test(s) };
    if (METHOD.test(s)) return { kind: "method" };
    return { kind: "unparsed" };
  }
  if (STANDALONE_CAP.test(s)) {
    const max = ALL_GONE.test(s) ? points : firstAmount(s.match(STANDALONE_CAP));
    return max ? { kind: "cap", max } : { kind: "unparsed" };
  }
  const ex = s.match(EXHAUSTED);
  if (ex) {
    const full = parseAmount(ex[1]!);
    const amount = parseAmount(ex[2]!);
    // 「扣满N分」 is the content's own points used up; any other N is a rule the format has no word for.
    if (
      !full ||
      !amount ||
      !full.eq(points) ||
      s
        .replace(EXHAUSTED, "")
        .replace(/^(?:本项|该项|单项|本条)/, "")
        .replace(/[，,]/g, "") !== ""
    )
      return { kind: "unparsed" };
    return { kind: "exhausted", amount };
  }
  let rest = s;
  const ep = rest.match(ELEMENT);
  const element_points = ep ? parseAmount(ep[1]!) : undefined;
  if (ep) rest = rest.replace(ELEMENT, "");
  // 「追加扣分」 with no amount anywhere in the sentence states no number to charge.
  if (!ep && /追加/.test(rest)) return { kind: "unparsed" };
  const capMatch = rest.match(CAP);
  let max = firstAmount(capMatch);
  if (capMatch) rest = rest.replace(CAP, "");
  if (ALL_GONE.test(rest)) {
    max ??= points;
    rest = rest.replace(ALL_GONE, "");
  }
  const zeroes: ZeroScope | undefined = ZERO_CATEGORY.test(rest) ? "category" : ZERO_PROJECT.test(rest) ? "project" : undefined;
  if (zeroes) rest = rest.replace(ZERO_CATEGORY, "").replace(ZERO_PROJECT, "");
  const amounts = new Map<string, Rational>();
  for (const m of rest.matchAll(AMOUNT)) {
    const a = parseAmount(m[1]!);
    if (!a) return { kind: "unparsed" };
    amounts.set(a.toString(), a);
  }
  const itemZero = ITEM_ZERO.test(rest);
  if (itemZero || (zeroes && amounts.size === 0)) amounts.set(points.toString(), points);
  // Several different amounts in one sentence (「扣2分；情节严重的扣5分」) need a person to split.
  if (amounts.size !== 1) return { kind: "unparsed" };
  if (/[%％]|百分之/.test(rest)) return { kind: "unparsed" };
  const d: ParsedDeduction = { text: raw.trim(), points: [...amounts.values()][0]! };
  if (max) d.max = max;
  if (element_points) d.element_points = element_points;
  if (zeroes) d.zeroes = zeroes;
  const named = /[“"「]([^”"」]+)[”"」](?:大项|要素|项目)/.exec(s);
  if (zeroes && named) d.zeroesName = named[1]!;
  const vetoInClause = /(?<![AB]级(?:要素)?)否决/.test(s) || /[★☆]/.test(s);
  if (vetoInClause) {
    const m = s.match(/[（(]?((?:[一二三]级[、，,和及]?)*)否决项?[）)]?/);
    const levels = levelsOf(m?.[1] ?? "");
    return { kind: "deduction", d, veto: levels.length ? { blocks: levels } : {} };
  }
  return { kind: "deduction", d };
}

/** Parse a whole 评分方式 cell for a content worth `points`. */
export function parseCell(cell: string, points: Rational): ParsedCell {
  const out: ParsedCell = { deductions: [], caps: [], notes: [], method: [], unparsed: [] };
  let capStart = 0;
  for (const clause of splitClauses(cell)) {
    const r = parseClause(clause, points);
    switch (r.kind) {
      case "deduction":
        out.deductions.push(r.d);
        if (r.veto) out.veto = { ...r.veto, text: clause };
        break;
      case "veto":
        out.veto = { ...r.veto, text: clause };
        break;
      case "exhausted":
        if (out.exhausted_penalty) out.unparsed.push(clause);
        else {
          out.exhausted_penalty = r.amount;
          out.exhausted_text = clause;
        }
        break;
      case "cap": {
        // A cap standing alone covers the deductions since the previous one; on a single one it is that one's max.
        const idx = out.deductions.map((_, i) => i).filter((i) => i >= capStart && !out.deductions[i]!.zeroes);
        if (idx.length === 0) out.unparsed.push(clause);
        else if (idx.length === 1 && out.deductions[idx[0]!]!.max === undefined) out.deductions[idx[0]!]!.max = r.max;
        else if (idx.length === 1) out.unparsed.push(clause);
        else out.caps.push({ deductions: idx, max: r.max, text: clause });
        capStart = out.deductions.length;
        break;
      }
      case "note":
        out.notes.push(clause);
        if (r.forbidden) out.na = "forbidden";
        break;
      case "method":
        out.method.push(clause);
        break;
      case "unparsed":
        out.unparsed.push(clause);
        break;
    }
  }
  return out;
}
