// Shared helpers for benchmarks. Every figure is reported as a ratio against a baseline
// measured in the same run, because these machines are noisy.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = join(ROOT, "bin", "stdz.js");
export const TMP = join(ROOT, "bench", ".tmp");
mkdirSync(TMP, { recursive: true });

/** Wall time of one run of a command, in milliseconds; throws when it fails. */
export function timeOnce(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const ok = opts.okCodes ?? [0];
  if (!ok.includes(r.status)) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall time of `runs` runs of each command, interleaved (a, b, a, b …) so that
 * machine noise hits both sides alike. Returns [median(a), median(b)].
 */
export function timePair(a, b, runs = 10) {
  const ta = [];
  const tb = [];
  timeOnce(...a);
  timeOnce(...b);
  for (let i = 0; i < runs; i++) {
    ta.push(timeOnce(...a));
    tb.push(timeOnce(...b));
  }
  return [median(ta), median(tb)];
}

/** Peak resident memory (MB) of a node script run, read from inside the child at exit. */
export function peakRssMb(args, opts = {}) {
  const out = join(TMP, `rss-${process.pid}-${Date.now()}.txt`);
  const r = spawnSync(process.execPath, ["--import", join(ROOT, "bench", "rss-probe.mjs"), ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 28,
    ...opts,
    env: { ...(opts.env ?? process.env), STDZ_RSS_OUT: out },
  });
  const ok = opts.okCodes ?? [0];
  if (!ok.includes(r.status)) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const kb = Number(readFileSync(out, "utf8"));
  rmSync(out, { force: true });
  return kb / 1024;
}

/** Node running stdz. */
export function stdz(args, opts = {}) {
  return [process.execPath, [BIN, ...args], opts];
}

/** Bare node start-up: the baseline for CLI start-up costs. */
export function bareNode() {
  return [process.execPath, ["-e", "0"]];
}

const rows = [];
/** Record one benchmark line: value, baseline, ratio and goal. */
export function report({ name, value, unit, baselineName, baseline, goal, lowerIsBetter = true }) {
  const ratio = baseline ? value / baseline : undefined;
  const met = goal === undefined || ratio === undefined ? undefined : lowerIsBetter ? ratio <= goal : ratio >= goal;
  rows.push({ name, value, unit, baselineName, baseline, ratio, goal, met, lowerIsBetter });
  const r = ratio === undefined ? "" : `  ratio ${ratio.toFixed(2)}×`;
  const g = goal === undefined ? "" : `  goal ${lowerIsBetter ? "≤" : "≥"} ${goal}${met ? "  ok" : "  MISSED"}`;
  const b = baseline === undefined ? "" : `  vs ${baselineName} ${baseline.toFixed(1)} ${unit}`;
  console.log(`${name}: ${value.toFixed(1)} ${unit}${b}${r}${g}`);
}

/** Record a figure with an absolute goal (e.g. peak memory ≤ 300 MB). */
export function reportAbsolute({ name, value, unit, goal }) {
  const met = goal === undefined ? undefined : value <= goal;
  rows.push({ name, value, unit, goal, met });
  console.log(`${name}: ${value.toFixed(1)} ${unit}${goal === undefined ? "" : `  goal ≤ ${goal} ${unit}${met ? "  ok" : "  MISSED"}`}`);
}

export function results() {
  return rows;
}

const GEN = join(ROOT, "scripts", "gen-register.mjs");

/** A generated register in bench/.tmp, reused while its parameters (and the generator) are unchanged. */
export function generatedRegister(rows, extra = []) {
  const args = ["--rows", String(rows), "--bad", "0.001", "--seed", "1", ...extra];
  const file = join(TMP, `register-${rows}${extra.join("")}.csv`);
  const stamp = file + ".params";
  const want = JSON.stringify({ args, gen: statSync(GEN).mtimeMs });
  if (!existsSync(file) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
    const r = spawnSync(process.execPath, [GEN, ...args, "--out", file], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("gen-register failed");
    writeFileSync(stamp, want);
  }
  return file;
}
