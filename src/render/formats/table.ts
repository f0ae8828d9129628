// Column alignment for terminal tables. East Asian wide and fullwidth characters take two
// columns, combining marks and ANSI colour codes none (a few lines instead of a dependency).

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Ranges (inclusive) of East Asian Wide (W) and Fullwidth (F) code points, per UAX #11. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

// eslint-disable-next-line no-misleading-character-class -- the class lists combining marks on purpose: they take no column
const ZERO = /[\p{Mn}\p{Me}\p{Cc}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]/u;

/** Columns a string takes in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, "")) {
    const cp = ch.codePointAt(0)!;
    if (ZERO.test(ch)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

export type Align = "left" | "right";

/** Cut to at most `max` display columns, ending in "…" when cut. */
export function truncateWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

export function pad(s: string, width: number, align: Align = "left"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return align === "right" ? fill + s : s + fill;
}

export interface TableOptions {
  /** Header row; a rule of '─' is drawn under it. */
  headers?: readonly string[];
  align?: readonly Align[];
  /** Spaces between columns (default 2). */
  gap?: number;
  /** Prefix of every line. */
  indent?: string;
  /** Per column: cut longer cells to this many display columns (JSON output keeps the full text). */
  maxWidth?: readonly (number | undefined)[];
}

/** Render rows as aligned columns. Trailing spaces are trimmed; the result ends without a newline. */
export function renderTable(rows: readonly (readonly string[])[], opts: TableOptions = {}): string {
  const max = opts.maxWidth;
  const cut = max ? rows.map((r) => r.map((c, i) => (max[i] !== undefined ? truncateWidth(c, max[i]!) : c))) : rows;
  const all = opts.headers ? [opts.headers, ...cut] : cut;
  const n = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...all.map((r) => displayWidth(r[i] ?? ""))));
  const gap = " ".repeat(opts.gap ?? 2);
  const indent = opts.indent ?? "";
  const line = (r: readonly string[]) =>
    indent +
    widths
      .map((w, i) => pad(r[i] ?? "", w, opts.align?.[i]))
      .join(gap)
      .trimEnd();
  const out: string[] = [];
  if (opts.headers) {
    out.push(line(opts.headers));
    out.push(indent + widths.map((w) => "─".repeat(w)).join(gap));
  }
  for (const r of cut) out.push(line(r));
  return out.join("\n");
}
