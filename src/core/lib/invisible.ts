// Characters that print as nothing (zero-width) or reorder what is printed (bidi controls):
// in an id, a credit code or a name they make two strings that look equal differ, or one
// that looks harmless read otherwise.

const NAMES: Readonly<Record<number, string>> = {
  0x00ad: "SOFT HYPHEN",
  0x061c: "ARABIC LETTER MARK",
  0x180e: "MONGOLIAN VOWEL SEPARATOR",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2060: "WORD JOINER",
  0x2061: "FUNCTION APPLICATION",
  0x2062: "INVISIBLE TIMES",
  0x2063: "INVISIBLE SEPARATOR",
  0x2064: "INVISIBLE PLUS",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE",
};

const PATTERN = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export interface Invisible {
  /** "U+200B". */
  codePoint: string;
  name: string;
  /** 1-based position in the string (in UTF-16 units, as editors count for BMP text). */
  index: number;
}

/** The first invisible or direction-changing character in `s`, if any. */
export function findInvisible(s: string): Invisible | undefined {
  const m = PATTERN.exec(s);
  if (!m) return undefined;
  const cp = m[0].charCodeAt(0);
  return { codePoint: "U+" + cp.toString(16).toUpperCase().padStart(4, "0"), name: NAMES[cp] ?? "", index: m.index + 1 };
}

/** `s` with each invisible character spelt out as ⟨U+XXXX⟩, safe to print (a bidi override would reorder the line). */
export function visibleForm(s: string): string {
  return s.replace(new RegExp(PATTERN.source, "g"), (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
