// Character-level differences between two texts (Myers' O(ND) algorithm), for revision tables
// that mark exactly what changed in a clause. Chinese is compared character by character;
// a run of Latin letters and digits ("2014", "provincial") is one unit, so numbers and words
// are marked whole rather than digit by digit. Pure.

export type Segment = { op: "=" | "-" | "+"; text: string };

/** The edit script from `a` to `b` as runs of kept, deleted and inserted characters. */
export function textDiff(a: string, b: string): Segment[] {
  const x = units(a);
  const y = units(b);
  // Common ends are cheap to strip and keep the search small.
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const xm = x.slice(pre, x.length - suf);
  const ym = y.slice(pre, y.length - suf);
  const out: Segment[] = [];
  const push = (op: Segment["op"], ch: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ch;
    else out.push({ op, text: ch });
  };
  for (const ch of x.slice(0, pre)) push("=", ch);
  for (const [op, ch] of myers(xm, ym)) push(op, ch);
  for (const ch of x.slice(x.length - suf)) push("=", ch);
  return out;
}

const UNIT = /[A-Za-z0-9_.]+|[\s\S]/gu;
function units(s: string): string[] {
  return s.match(UNIT) ?? [];
}

function myers(a: string[], b: string[]): [Segment["op"], string][] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((c) => ["+", c]);
  if (m === 0) return a.map((c) => ["-", c]);
  const max = n + m;
  const off = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let xx = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let yy = xx - k;
      while (xx < n && yy < m && a[xx] === b[yy]) {
        xx++;
        yy++;
      }
      next[off + k] = xx;
      if (xx >= n && yy >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  // Walk back through the saved frontiers.
  const ops: [Segment["op"], string][] = [];
  let xx = n;
  let yy = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = xx - yy;
    const prevK = k === -d || (k !== d && vd[off + k - 1]! < vd[off + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[off + prevK]!;
    const prevY = prevX - prevK;
    while (xx > prevX && yy > prevY) {
      ops.push(["=", a[xx - 1]!]);
      xx--;
      yy--;
    }
    if (d > 0) {
      if (xx === prevX) ops.push(["+", b[yy - 1]!]);
      else ops.push(["-", a[xx - 1]!]);
    }
    xx = prevX;
    yy = prevY;
  }
  return ops.reverse();
}

/**
 * The part of each text that changed, with a little context either side and "…" where text is
 * left out: "设备…完好有效" and "设备…齐全有效" become "…备完好有…" / "…备齐全有…", never
 * the common beginning of both.
 */
export function changedSpans(a: string, b: string, context = 4): { old: string; new: string } {
  const segs = textDiff(a, b);
  const first = segs.findIndex((s) => s.op !== "=");
  if (first < 0) return { old: a, new: b };
  let last = segs.length - 1;
  while (segs[last]!.op === "=") last--;
  const lead = first > 0 ? [...segs[first - 1]!.text] : [];
  const tail = last < segs.length - 1 ? [...segs[last + 1]!.text] : [];
  const before = lead.slice(-context).join("");
  const after = tail.slice(0, context).join("");
  const mid = segs.slice(first, last + 1);
  const side = (op: "-" | "+") =>
    mid
      .filter((s) => s.op === "=" || s.op === op)
      .map((s) => s.text)
      .join("");
  const wrap = (s: string) => `${lead.length > context ? "…" : ""}${before}${s}${after}${tail.length > context ? "…" : ""}`;
  return { old: wrap(side("-")), new: wrap(side("+")) };
}
