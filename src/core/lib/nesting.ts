// How deeply a YAML or JSON text nests, found by one pass over the characters before any
// parser recurses into it: a parser (and every walk after it) would run out of stack on a
// few thousand levels, and no standard, bundle or result needs more than a few dozen.

/** The deepest nesting stdz reads; real files stay far below it. */
export const MAX_NESTING = 100;

export interface TooDeep {
  depth: number;
  /** 1-based line where the limit is first passed. */
  line: number;
}

/**
 * The first place where block indentation levels plus open flow brackets (`[`, `{`) exceed
 * `limit`, or undefined. Quoted strings, comments and block scalars are skipped, so brackets
 * inside text do not count. For JSON only the brackets count, which is the same rule.
 */
export function tooDeep(text: string, limit = MAX_NESTING): TooDeep | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  let blockScalarIndent = -1;
  while (i < n) {
    // Start of a line: measure its indentation.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    const c0 = text.charCodeAt(i);
    const blank = i >= n || c0 === 10 || c0 === 13 || (c0 === 35 && flow === 0);
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        i = skipLine(text, i);
        line++;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (!blank && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // Compact sequences ("- - x") open one level per dash.
      let j = i;
      while (text.charCodeAt(j) === 45 && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 10)) {
        j += 2;
        while (text.charCodeAt(j) === 32) j++;
        indents.push(indent + (j - i));
      }
    }
    if (indents.length + flow > limit) return { depth: indents.length + flow, line };
    // The rest of the line: brackets outside quotes and comments.
    let last = -1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) break;
      if (c === 34 || c === 39) {
        i = skipQuoted(text, i, c);
        last = c;
        continue;
      }
      if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
        break;
      }
      if (c === 91 || c === 123) {
        flow++;
        if (indents.length + flow > limit) return { depth: indents.length + flow, line };
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      if (c !== 32 && c !== 13 && c !== 9) last = c;
      i++;
    }
    // A block scalar header ("key: |", "- >-") makes the following deeper lines text.
    if (flow === 0 && (last === 124 || last === 62 || isBlockHeaderEnd(text, i))) blockScalarIndent = indents[indents.length - 1] ?? 0;
    i++;
    line++;
  }
  return undefined;
}

function skipLine(text: string, i: number): number {
  const k = text.indexOf("\n", i);
  return k < 0 ? text.length : k + 1;
}

/** "key: |2-" and similar: indicators after the | or >. */
function isBlockHeaderEnd(text: string, end: number): boolean {
  let k = end - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 13)) k--;
  let j = k;
  while (j >= 0 && /[0-9+-]/.test(text[j]!)) j--;
  if (j === k) return false;
  const c = text.charCodeAt(j);
  return (c === 124 || c === 62) && j > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 58);
}

/** Past a quoted string (it may span lines in YAML; the line count is kept by the caller's loop only approximately). */
function skipQuoted(text: string, i: number, q: number): number {
  let k = i + 1;
  const n = text.length;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (q === 34 && c === 92) {
      k += 2;
      continue;
    }
    if (c === q) {
      if (q === 39 && text.charCodeAt(k + 1) === 39) {
        k += 2;
        continue;
      }
      return k + 1;
    }
    if (c === 10) return k; // an unclosed quote ends with its line here; the parser names it
    k++;
  }
  return k;
}
