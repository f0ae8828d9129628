// Inline SVG charts built from data by our own code: no script, no external font or CDN, every
// text escaped. Reports embed them directly; text charts serve Markdown.

import { percent, shifted } from "../../core/lib/percent.js";
import { Rational } from "../../core/lib/rational.js";
import { parseIsoDate, toDayNumber } from "../../core/lib/dates.js";

export interface ChartDatum {
  label: string;
  /** A rate in 0..1; null draws a "不适用" placeholder instead of a bar. */
  value: number | null;
  /** Optional id written to the bar's data-id attribute (tests and styling). */
  id?: string;
}

export interface ChartOptions {
  /** Accessible title (<title> and aria-label). */
  title?: string;
  /** Drawing width in px (the SVG scales to its container). */
  width?: number;
  /** A dashed reference line at this rate, e.g. 0.6 for min_element_rate. */
  threshold?: number | null;
  /** Text shown for a null value. */
  naText?: string;
  /** Decimals of the percentage labels. */
  digits?: number;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/** Rounded coordinates keep the SVG short and stable across platforms. */
function n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * A 0..1 rate as a percentage with fixed decimals, exact on the number's decimal text (no 57.49999
 * for 0.575). With `below` (a bound the rate failed), more decimals where rounding would otherwise
 * print a figure that reaches the bound: 0.8495 against 0.85 is "84.95%", not "85.0%".
 */
export function percentText(v: number, digits = 1, below?: number): string {
  if (!Number.isFinite(v)) return `${String(v)}%`;
  const bound = below === undefined || !Number.isFinite(below) ? undefined : Rational.fromNumber(below);
  return `${percent(Rational.fromNumber(v), bound, digits)}%`;
}

/**
 * `value × 10^shift` rounded half up (away from zero) to `digits` decimals, done on the shortest
 * decimal representation of `value` so that binary floating point does not leak into reports.
 */
export function shiftRound(value: number, shift: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return shifted(Rational.fromNumber(value), shift, digits);
}

/** Width of a label in "em": CJK and full-width characters count as 1, others as 0.55. */
function textEm(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.55;
  return w;
}

/** Shorten a label to at most `maxEm` em, ending in "…". */
function fitLabel(s: string, maxEm: number): string {
  if (textEm(s) <= maxEm) return s;
  let out = "";
  for (const ch of s) {
    if (textEm(out + ch) > maxEm - 1) break;
    out += ch;
  }
  return out + "…";
}

/**
 * Horizontal bar chart of rates: one row per datum, label on the left, the bar, the percentage on
 * the right, gridlines at every 20 %. Each bar is a `<rect class="bar">` with `data-id` and
 * `data-value` so that tests can find it.
 */
export function barChart(data: readonly ChartDatum[], opts: ChartOptions = {}): string {
  const width = opts.width ?? 640;
  const digits = opts.digits ?? 1;
  const fontSize = 13;
  const rowH = 22;
  const barH = 14;
  const top = 8;
  const axisH = 22;
  const labelEm = Math.min(16, Math.max(4, ...data.map((d) => textEm(d.label))));
  const labelW = Math.ceil(labelEm * fontSize) + 12;
  const valueW = 64;
  const plotX = labelW;
  const plotW = Math.max(80, width - labelW - valueW);
  const height = top + data.length * rowH + axisH;
  const title = opts.title ?? "";
  const naText = opts.naText ?? "不适用";
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="stdz-chart stdz-bar-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" font-size="${fontSize}">`,
  );
  if (title) parts.push(`<title>${escapeXml(title)}</title>`);
  // Gridlines and axis labels.
  for (let k = 0; k <= 5; k++) {
    const x = plotX + (plotW * k) / 5;
    parts.push(
      `<line class="grid" x1="${n(x)}" y1="${top - 4}" x2="${n(x)}" y2="${n(top + data.length * rowH)}" stroke="#c8c8c8" stroke-width="${k === 0 ? 1.2 : 0.6}"/>`,
    );
    parts.push(`<text class="axis" x="${n(x)}" y="${n(top + data.length * rowH + 15)}" text-anchor="middle" font-size="11" fill="#555">${k * 20}%</text>`);
  }
  data.forEach((d, i) => {
    const y = top + i * rowH;
    const cy = y + rowH / 2;
    const label = fitLabel(d.label, (labelW - 12) / fontSize);
    const id = d.id !== undefined ? ` data-id="${escapeXml(d.id)}"` : "";
    parts.push(`<g class="row">`);
    parts.push(`<title>${escapeXml(d.label)}：${escapeXml(d.value === null ? naText : percentText(d.value, digits))}</title>`);
    parts.push(`<text class="label" x="${plotX - 8}" y="${n(cy + fontSize * 0.36)}" text-anchor="end" fill="#222">${escapeXml(label)}</text>`);
    if (d.value === null) {
      parts.push(
        `<rect class="bar bar-na"${id} data-value="" x="${plotX}" y="${n(cy - barH / 2)}" width="${n(plotW)}" height="${barH}" fill="#f2f2f2" stroke="#bbb" stroke-dasharray="3 2"/>`,
      );
      parts.push(
        `<text class="value" x="${n(plotX + plotW / 2)}" y="${n(cy + 4.5)}" text-anchor="middle" font-size="11" fill="#777">${escapeXml(naText)}</text>`,
      );
    } else {
      const v = clamp01(d.value);
      const low = opts.threshold !== undefined && opts.threshold !== null && d.value < opts.threshold;
      // A minimum visible width so that a 0 % element still shows a sliver.
      const w = Math.max(2, plotW * v);
      parts.push(
        `<rect class="bar${low ? " bar-low" : ""}"${id} data-value="${escapeXml(String(d.value))}" x="${plotX}" y="${n(cy - barH / 2)}" width="${n(w)}" height="${barH}" fill="${low ? "#b03a2e" : "#2f4f7f"}"/>`,
      );
      parts.push(
        `<text class="value" x="${n(plotX + plotW + 6)}" y="${n(cy + fontSize * 0.36)}" fill="#222">${escapeXml(percentText(d.value, digits))}</text>`,
      );
    }
    parts.push(`</g>`);
  });
  if (opts.threshold !== undefined && opts.threshold !== null) {
    const x = plotX + plotW * clamp01(opts.threshold);
    parts.push(
      `<line class="threshold" x1="${n(x)}" y1="${top - 4}" x2="${n(x)}" y2="${n(top + data.length * rowH)}" stroke="#b03a2e" stroke-width="1" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push(`</svg>`);
  return parts.join("");
}

/**
 * Radar chart of rates (needs at least 3 axes; with fewer it falls back to the bar chart). Each
 * axis end carries a `<circle class="bar">` point so that the same tests count one mark per datum.
 */
export function radarChart(data: readonly ChartDatum[], opts: ChartOptions = {}): string {
  if (data.length < 3) return barChart(data, opts);
  const size = opts.width ?? 520;
  const fontSize = 12;
  const digits = opts.digits ?? 1;
  const cx = size / 2;
  const cy = size / 2;
  const r = size / 2 - 90;
  const title = opts.title ?? "";
  const naText = opts.naText ?? "不适用";
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / data.length;
  const pt = (i: number, v: number): [number, number] => [cx + r * v * Math.cos(angle(i)), cy + r * v * Math.sin(angle(i))];
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="stdz-chart stdz-radar-chart" viewBox="0 0 ${size} ${size}" width="100%" role="img" aria-label="${escapeXml(title)}" font-size="${fontSize}">`,
  );
  if (title) parts.push(`<title>${escapeXml(title)}</title>`);
  for (let k = 1; k <= 5; k++) {
    const ring = data
      .map((_, i) =>
        pt(i, k / 5)
          .map(n)
          .join(","),
      )
      .join(" ");
    parts.push(`<polygon class="grid" points="${ring}" fill="none" stroke="#c8c8c8" stroke-width="${k === 5 ? 1 : 0.6}"/>`);
  }
  data.forEach((_, i) => {
    const [x, y] = pt(i, 1);
    parts.push(`<line class="grid" x1="${n(cx)}" y1="${n(cy)}" x2="${n(x)}" y2="${n(y)}" stroke="#c8c8c8" stroke-width="0.6"/>`);
  });
  if (opts.threshold !== undefined && opts.threshold !== null) {
    const ring = data.map((_, i) => pt(i, clamp01(opts.threshold!)).map(n).join(",")).join(" ");
    parts.push(`<polygon class="threshold" points="${ring}" fill="none" stroke="#b03a2e" stroke-dasharray="4 3"/>`);
  }
  const shape = data
    .map((d, i) =>
      pt(i, d.value === null ? 0 : clamp01(d.value))
        .map(n)
        .join(","),
    )
    .join(" ");
  parts.push(`<polygon class="area" points="${shape}" fill="#2f4f7f" fill-opacity="0.25" stroke="#2f4f7f" stroke-width="1.5"/>`);
  data.forEach((d, i) => {
    const v = d.value === null ? 0 : clamp01(d.value);
    const [x, y] = pt(i, v);
    const id = d.id !== undefined ? ` data-id="${escapeXml(d.id)}"` : "";
    parts.push(
      `<circle class="bar${d.value === null ? " bar-na" : ""}"${id} data-value="${d.value === null ? "" : escapeXml(String(d.value))}" cx="${n(x)}" cy="${n(y)}" r="3.5" fill="#2f4f7f"/>`,
    );
    const [lx, ly] = pt(i, 1.12);
    const cos = Math.cos(angle(i));
    const anchor = Math.abs(cos) < 0.2 ? "middle" : cos > 0 ? "start" : "end";
    const label = fitLabel(d.label, 9);
    const pct = d.value === null ? naText : percentText(d.value, digits);
    parts.push(
      `<text class="label" x="${n(lx)}" y="${n(ly)}" text-anchor="${anchor}" fill="#222"><tspan>${escapeXml(label)}</tspan><tspan x="${n(lx)}" dy="1.2em" fill="#555">${escapeXml(pct)}</tspan></text>`,
    );
  });
  parts.push(`</svg>`);
  return parts.join("");
}

/** Markdown / plain-text bars: `█████░░░░░ 52.3%`, one line per datum. */
export function textBar(value: number | null, width = 20, naText = "不适用"): string {
  if (value === null) return naText;
  const filled = Math.round(clamp01(value) * width);
  return "█".repeat(filled) + "░".repeat(width - filled);
}

export interface LinePoint {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** A rate in 0..1. */
  value: number;
}

export interface StepLevel {
  /** ISO date from which the level applies. */
  from: string;
  /** A rate in 0..1. */
  value: number;
  label: string;
}

export interface LineChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** A step line (e.g. 达标率 milestones): each level holds from its date to the next one. */
  steps?: readonly StepLevel[];
  /** Legend texts of the line and the steps. */
  lineLabel?: string;
  stepLabel?: string;
  digits?: number;
}

function isoDay(iso: string): number {
  const d = parseIsoDate(iso);
  return d ? toDayNumber(d) : 0;
}

/**
 * Rates over time: a polyline through dated points (`<circle class="point">` each, with
 * data-date and data-value for tests) against a dashed step line of targets
 * (`<path class="steps">`, one `<circle class="step">` per level). Time runs linearly on x.
 */
export function lineChart(points: readonly LinePoint[], opts: LineChartOptions = {}): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 300;
  const digits = opts.digits ?? 1;
  const steps = opts.steps ?? [];
  const left = 48;
  const right = 76;
  const top = 14;
  const bottom = 58;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const days = [...points.map((p) => isoDay(p.date)), ...steps.map((s) => isoDay(s.from))];
  const x0 = days.length ? Math.min(...days) : 0;
  const x1 = Math.max(x0 + 1, ...days);
  const xOf = (iso: string) => left + ((isoDay(iso) - x0) / (x1 - x0)) * plotW;
  const yOf = (v: number) => top + (1 - clamp01(v)) * plotH;
  const title = opts.title ?? "";
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="stdz-chart stdz-line-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" font-size="12">`,
  );
  if (title) parts.push(`<title>${escapeXml(title)}</title>`);
  for (let k = 0; k <= 5; k++) {
    const y = yOf(k / 5);
    parts.push(`<line class="grid" x1="${left}" y1="${n(y)}" x2="${n(left + plotW)}" y2="${n(y)}" stroke="#c8c8c8" stroke-width="${k === 0 ? 1.2 : 0.6}"/>`);
    parts.push(`<text class="axis" x="${left - 6}" y="${n(y + 4)}" text-anchor="end" font-size="11" fill="#555">${k * 20}%</text>`);
  }
  // Date labels: the first and last point and every step, skipping those that would overlap.
  const labelled: number[] = [];
  const dates = [...new Set([points[0]?.date, ...steps.map((s) => s.from), points.at(-1)?.date].filter((d): d is string => d !== undefined))].sort();
  for (const d of dates) {
    const x = xOf(d);
    if (labelled.some((lx) => Math.abs(lx - x) < 70)) continue;
    labelled.push(x);
    parts.push(`<line class="tick" x1="${n(x)}" y1="${n(top + plotH)}" x2="${n(x)}" y2="${n(top + plotH + 4)}" stroke="#888"/>`);
    parts.push(`<text class="axis date" x="${n(x)}" y="${n(top + plotH + 16)}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(d)}</text>`);
  }
  if (steps.length) {
    const end = left + plotW;
    let d = "";
    steps.forEach((s, i) => {
      const xa = xOf(s.from);
      const xb = i + 1 < steps.length ? xOf(steps[i + 1]!.from) : end;
      const y = yOf(s.value);
      d += `${i === 0 ? "M" : "L"}${n(xa)} ${n(y)} L${n(xb)} ${n(y)} `;
    });
    parts.push(`<path class="steps" d="${d.trim()}" fill="none" stroke="#b03a2e" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    for (const s of steps) {
      parts.push(
        `<circle class="step" data-date="${escapeXml(s.from)}" data-value="${escapeXml(String(s.value))}" cx="${n(xOf(s.from))}" cy="${n(yOf(s.value))}" r="3" fill="#b03a2e"><title>${escapeXml(s.from)} ≥ ${escapeXml(s.label)}</title></circle>`,
      );
    }
  }
  if (points.length) {
    parts.push(
      `<polyline class="line" points="${points.map((p) => `${n(xOf(p.date))},${n(yOf(p.value))}`).join(" ")}" fill="none" stroke="#2f4f7f" stroke-width="2"/>`,
    );
    for (const p of points) {
      parts.push(
        `<circle class="point" data-date="${escapeXml(p.date)}" data-value="${escapeXml(String(p.value))}" cx="${n(xOf(p.date))}" cy="${n(yOf(p.value))}" r="3.5" fill="#2f4f7f"><title>${escapeXml(p.date)}：${escapeXml(percentText(p.value, digits))}</title></circle>`,
      );
    }
    const last = points.at(-1)!;
    parts.push(
      `<text class="value" x="${n(xOf(last.date) + 6)}" y="${n(yOf(last.value) - 6)}" fill="#2f4f7f">${escapeXml(percentText(last.value, digits))}</text>`,
    );
  }
  // Legend below the axis.
  const ly = height - 12;
  parts.push(`<line x1="${left}" y1="${ly - 4}" x2="${left + 24}" y2="${ly - 4}" stroke="#2f4f7f" stroke-width="2"/>`);
  parts.push(`<text class="legend" x="${left + 30}" y="${ly}" fill="#222">${escapeXml(opts.lineLabel ?? "")}</text>`);
  if (steps.length) {
    const lx = left + 200;
    parts.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="#b03a2e" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    parts.push(`<text class="legend" x="${lx + 30}" y="${ly}" fill="#222">${escapeXml(opts.stepLabel ?? "")}</text>`);
  }
  parts.push(`</svg>`);
  return parts.join("");
}
