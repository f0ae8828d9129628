// `stdz verify` re-scores the bundle and compares the result file with what scoring gives now,
// field by field. Pure: both results are plain JSON.
import type { DiagnosticJson } from "../../diagnostics.js";
import type { Json } from "../lib/canonical.js";
import type { ScoreResult } from "./result.js";

/** One field that differs: where, what re-scoring gives, what the file says (undefined: absent). */
export interface ResultDifference {
  /** Readable path: `score`, `items[1.1.2].deductions[b].count`, `nonconformities[5.7.3.2]`. */
  path: string;
  expected?: Json;
  found?: Json;
}

/**
 * Fields not compared: the tool version, the digest and signature (checked on their own), and the
 * evidence hashes (verify checks every recorded file against the bundle already).
 */
const SKIPPED = new Set(["generated_by", "digest", "signature", "evidence", "manifest", "uncited", "$schema"]);

/** Diagnostics are compared by what they say, not by their wording or by how the bundle's path was typed. */
function diagnosticKey(d: DiagnosticJson): Json {
  const out: { [k: string]: Json } = { code: d.code, severity: d.severity };
  if (d.line !== undefined) out.line = d.line;
  if (d.column !== undefined) out.column = d.column;
  if (d.path !== undefined) out.path = d.path;
  if (d.row !== undefined) out.row = d.row;
  return out;
}

function comparable(r: ScoreResult | Record<string, unknown>): Record<string, Json> {
  const plain = JSON.parse(JSON.stringify(r)) as Record<string, Json>;
  for (const k of SKIPPED) delete plain[k];
  const ds = plain.diagnostics;
  if (Array.isArray(ds)) plain.diagnostics = ds.map((d) => (isObject(d) ? diagnosticKey(d as unknown as DiagnosticJson) : d));
  return plain;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Lists whose entries are named by a field (the 整改清单 by content, the rest by id); others compare by position. */
const KEYED: Readonly<Record<string, string>> = {
  elements: "id",
  children: "id",
  items: "id",
  deductions: "id",
  prerequisites: "id",
  nonconformities: "item",
  level_texts: "name",
};

/** The naming field of list `name`, when every entry on both sides has a distinct one. */
function keyField(name: string, a: readonly Json[], b: readonly Json[]): string | undefined {
  const k = KEYED[name];
  if (k === undefined) return undefined;
  const distinct = (xs: readonly Json[]) => {
    const ks = xs.map((x) => (isObject(x) && typeof x[k] === "string" ? x[k] : undefined));
    return ks.every((x) => x !== undefined) && new Set(ks).size === ks.length;
  };
  return distinct(a) && distinct(b) ? k : undefined;
}

function walk(expected: Json | undefined, found: Json | undefined, path: string, name: string, out: ResultDifference[]): void {
  if (Array.isArray(expected) && Array.isArray(found)) {
    const key = keyField(name, expected, found);
    if (key === undefined) {
      const n = Math.max(expected.length, found.length);
      for (let i = 0; i < n; i++) walk(expected[i], found[i], `${path}[${i}]`, "", out);
      return;
    }
    const id = (x: Json) => (x as { [k: string]: Json })[key] as string;
    const byId = new Map(found.map((x) => [id(x), x]));
    const expectedIds = new Set(expected.map(id));
    for (const e of expected) walk(e, byId.get(id(e)), `${path}[${id(e)}]`, "", out);
    for (const f of found) if (!expectedIds.has(id(f))) walk(undefined, f, `${path}[${id(f)}]`, "", out);
    // The same entries in another order (the 整改清单 is ranked) is a difference too.
    const common = (xs: Json[], other: Set<string>) => xs.map(id).filter((k) => other.has(k));
    const oe = common(expected, new Set(found.map(id)));
    const of = common(found, expectedIds);
    if (oe.some((k, i) => k !== of[i])) out.push({ path: `${path} (order)`, expected: oe, found: of });
    return;
  }
  if (isObject(expected) && isObject(found)) {
    const keys = [...Object.keys(expected), ...Object.keys(found).filter((k) => !(k in expected))];
    for (const k of keys) walk(expected[k], found[k], path === "" ? k : `${path}.${k}`, k, out);
    return;
  }
  if (expected === undefined && found === undefined) return;
  if (JSON.stringify(expected) === JSON.stringify(found)) return;
  const d: ResultDifference = { path };
  if (expected !== undefined) d.expected = expected;
  if (found !== undefined) d.found = found;
  out.push(d);
}

/** Every field where the result file differs from the result re-scoring gives, in the result's order. */
export function resultDifferences(rescored: ScoreResult, file: ScoreResult | Record<string, unknown>): ResultDifference[] {
  const out: ResultDifference[] = [];
  walk(comparable(rescored), comparable(file), "", "", out);
  return out;
}
