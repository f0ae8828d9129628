// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set; the last is a check character.

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CODE_VALUE[CHARSET.charCodeAt(i)] = i;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck =
  | { ok: true }
  | { ok: false; reason: "length"; length: number }
  | { ok: false; reason: "character"; position: number; char: string }
  | { ok: false; reason: "check"; expected: string; actual: string };

/** The check character for the first 17 characters, or undefined when one is outside the set. */
export function creditCodeCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? "");
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

/** Validate a code as written (upper case expected; lower case letters are not valid). */
export function checkCreditCode(code: string): CreditCodeCheck {
  const chars = [...code];
  if (chars.length !== 18) return { ok: false, reason: "length", length: chars.length };
  for (let i = 0; i < 18; i++) {
    if (!CHARSET.includes(chars[i]!)) return { ok: false, reason: "character", position: i + 1, char: chars[i]! };
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (expected !== code[17]) return { ok: false, reason: "check", expected, actual: code[17]! };
  return { ok: true };
}

/** Complete 17 characters into a valid code (for generators and tests). */
export function withCheckChar(first17: string): string {
  const c = creditCodeCheckChar(first17);
  if (c === undefined) throw new RangeError(`not a credit code prefix: ${first17}`);
  return first17 + c;
}

/** True when `code` is a valid credit code (the fast path; checkCreditCode explains failures). */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? CODE_VALUE[c]! : -1;
    if (v < 0) return false;
    sum += v * WEIGHTS[i]!;
  }
  const r = 31 - (sum % 31);
  return code.charCodeAt(17) === CHARSET.charCodeAt(r === 31 ? 0 : r);
}

/** What is wrong with a code that failed `checkCreditCode`, in one wording for bundles and registers. */
export function creditCodeProblem(value: string, c: Exclude<CreditCodeCheck, { ok: true }>): { zh: string; en: string } {
  if (c.reason === "check") return { zh: `校验码应为 ${c.expected}，实际为 ${c.actual}`, en: `the check character should be ${c.expected}, not ${c.actual}` };
  if (/^\d(\.\d+)?e\+\d+$/i.test(value)) {
    return {
      zh: "被 Excel 转成了科学计数法，请把该列设为“文本”格式后重新导出",
      en: "was turned into a number in scientific notation by Excel; format the column as Text and export again",
    };
  }
  if (c.reason === "length") return { zh: `应为 18 位，实际 ${c.length} 位`, en: `must have 18 characters, not ${c.length}` };
  const lower = /[a-z]/.test(c.char);
  return {
    zh: `第 ${c.position} 位 “${c.char}” 不是允许的字符${lower ? "（字母须大写）" : "（不使用 I、O、Z、S、V）"}`,
    en: `character ${c.position} '${c.char}' is not allowed${lower ? " (letters must be upper case)" : " (I, O, Z, S, V are not used)"}`,
  };
}
