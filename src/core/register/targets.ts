// 达标率 targets: dated milestones (≥ 15 % by 2014-12-31 …), optionally per county, sector or
// lead department, and the gap to them: max(0, ⌈rate × N⌉ − qualified), exactly.
import { Rational } from "../lib/rational.js";
import { parseIsoDate } from "../lib/dates.js";
import { percentExact } from "../lib/percent.js";

export interface Milestone {
  /** ISO date: the milestone applies from this day on. */
  by: string;
  /** Required share of qualified enterprises, 0..1, exact. */
  rate: Rational;
  /** The rate as written, e.g. "15%". */
  text: string;
}

export type ScopeKind = "county" | "sector" | "department";

export interface TargetScope {
  kind: ScopeKind;
  name: string;
  milestones: Milestone[];
}

export interface Targets {
  title?: string;
  source?: string;
  milestones: Milestone[];
  scopes: TargetScope[];
}

export interface TargetProblem {
  /** JSON pointer of the offending value. */
  path: string;
  zh: string;
  en: string;
}

/** "15%", "15.5 %", 0.15, "0.15", "1/3" → an exact rate in 0..1. */
export function parseRate(v: unknown, numText?: string): Rational | undefined {
  let r: Rational | undefined;
  if (typeof v === "number") r = numText !== undefined ? Rational.parse(numText) : Number.isFinite(v) ? Rational.fromNumber(v) : undefined;
  else if (typeof v === "string") {
    const s = v.trim();
    const pct = /^(\d+(?:\.\d+)?)\s*[%％]$/.exec(s);
    if (pct) r = Rational.parse(pct[1]!)!.div(Rational.of(100));
    else r = Rational.parseFractionOrDecimal(s);
  }
  if (!r || r.isNegative() || r.gt(Rational.ONE)) return undefined;
  return r;
}

function dateText(v: unknown): string | undefined {
  if (typeof v === "string") return parseIsoDate(v.trim()) ? v.trim() : undefined;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return undefined;
}

function rateText(r: Rational): string {
  return `${percentExact(r)}%`;
}

function readMilestones(v: unknown, path: string, numText: Map<string, string>, problems: TargetProblem[]): Milestone[] {
  const out: Milestone[] = [];
  if (!Array.isArray(v)) {
    problems.push({ path, zh: "milestones 应为列表（每项含 by 和 rate）", en: "milestones must be a list (each with by and rate)" });
    return out;
  }
  v.forEach((m, i) => {
    const p = `${path}/${i}`;
    if (m === null || typeof m !== "object" || Array.isArray(m)) {
      problems.push({ path: p, zh: "每个里程碑应为 {by: 日期, rate: 比例}", en: "each milestone is {by: date, rate: share}" });
      return;
    }
    const o = m as Record<string, unknown>;
    const byRaw = o.by ?? o.date;
    const by = dateText(byRaw);
    if (by === undefined)
      problems.push({
        path: `${p}/${"by" in o ? "by" : "date"}`,
        zh: `日期 “${String(byRaw)}” 应写作 YYYY-MM-DD`,
        en: `date '${String(byRaw)}' must be YYYY-MM-DD`,
      });
    const rate = parseRate(o.rate, numText.get(`${p}/rate`));
    if (rate === undefined)
      problems.push({
        path: `${p}/rate`,
        zh: `比例 “${String(o.rate)}” 应为 0 到 1 之间的小数或百分数（如 0.65 或 65%）`,
        en: `rate '${String(o.rate)}' must be a share from 0 to 1 or a percentage (0.65 or 65%)`,
      });
    for (const k of Object.keys(o)) {
      if (!["by", "date", "rate", "note"].includes(k)) problems.push({ path: `${p}/${k}`, zh: `未知的键 “${k}”`, en: `unknown key '${k}'` });
    }
    if (by !== undefined && rate !== undefined) out.push({ by, rate, text: rateText(rate) });
  });
  out.sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.by === out[i - 1]!.by) problems.push({ path, zh: `日期 ${out[i]!.by} 出现了两次`, en: `date ${out[i]!.by} appears twice` });
  }
  return out;
}

/** A targets document (already parsed from YAML) → targets, or the problems found. */
export function parseTargets(doc: unknown, numText: Map<string, string> = new Map()): { targets?: Targets; problems: TargetProblem[] } {
  const problems: TargetProblem[] = [];
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return { problems: [{ path: "", zh: "文件顶层应为映射（含 milestones）", en: "the top level must be a mapping (with milestones)" }] };
  }
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["stdz", "title", "source", "milestones", "scopes"].includes(k)) problems.push({ path: `/${k}`, zh: `未知的键 “${k}”`, en: `unknown key '${k}'` });
  }
  if (o.stdz !== undefined && o.stdz !== 1) problems.push({ path: "/stdz", zh: "stdz 版本应为 1", en: "stdz must be 1" });
  const milestones = o.milestones === undefined ? [] : readMilestones(o.milestones, "/milestones", numText, problems);
  const scopes: TargetScope[] = [];
  if (o.scopes !== undefined) {
    if (!Array.isArray(o.scopes)) problems.push({ path: "/scopes", zh: "scopes 应为列表", en: "scopes must be a list" });
    else
      o.scopes.forEach((s, i) => {
        const p = `/scopes/${i}`;
        if (s === null || typeof s !== "object" || Array.isArray(s)) {
          problems.push({
            path: p,
            zh: "每个范围应为 {county|sector|department: 名称, milestones: […]}",
            en: "each scope is {county|sector|department: name, milestones: […]}",
          });
          return;
        }
        const so = s as Record<string, unknown>;
        const kinds = (["county", "sector", "department"] as const).filter((k) => so[k] !== undefined);
        if (kinds.length !== 1 || typeof so[kinds[0]!] !== "string" || (so[kinds[0]!] as string).trim() === "") {
          problems.push({
            path: p,
            zh: "每个范围须且只须指定 county、sector、department 之一（文字）",
            en: "a scope names exactly one of county, sector, department (as text)",
          });
          return;
        }
        for (const k of Object.keys(so)) {
          if (!["county", "sector", "department", "milestones"].includes(k))
            problems.push({ path: `${p}/${k}`, zh: `未知的键 “${k}”`, en: `unknown key '${k}'` });
        }
        const ms = readMilestones(so.milestones, `${p}/milestones`, numText, problems);
        scopes.push({ kind: kinds[0]!, name: (so[kinds[0]!] as string).trim(), milestones: ms });
      });
  }
  if (milestones.length === 0 && scopes.length === 0) problems.push({ path: "", zh: "没有任何里程碑（milestones）", en: "no milestones" });
  const targets: Targets = { milestones, scopes };
  if (typeof o.title === "string") targets.title = o.title;
  if (typeof o.source === "string") targets.source = o.source;
  return problems.length ? { problems } : { targets, problems };
}

/** The milestones for one group: its own scope when the file gives one, else the general ones. */
export function milestonesFor(targets: Targets, kind: ScopeKind | "total", name: string): Milestone[] {
  if (kind !== "total") {
    const s = targets.scopes.find((x) => x.kind === kind && x.name === name);
    if (s) return s.milestones;
  }
  return targets.milestones;
}

export interface MilestoneStatus {
  by: string;
  rate: Rational;
  text: string;
  /** ⌈rate × N⌉ */
  required: number;
  met: boolean;
  /** max(0, ⌈rate × N⌉ − qualified) */
  gap: number;
}

export interface TargetStatus {
  /** The latest milestone dated on or before the as-of date. */
  current?: MilestoneStatus;
  /** The first milestone after the as-of date. */
  next?: MilestoneStatus;
}

export function milestoneStatus(m: Milestone, enterprises: number, qualified: number): MilestoneStatus {
  const required = Number(m.rate.mul(Rational.of(enterprises)).ceil());
  return { by: m.by, rate: m.rate, text: m.text, required, met: qualified >= required, gap: Math.max(0, required - qualified) };
}

/** Where a group stands against its milestones on `asOf` (ISO date). */
export function evaluateTargets(milestones: readonly Milestone[], asOf: string, enterprises: number, qualified: number): TargetStatus {
  let current: Milestone | undefined;
  let next: Milestone | undefined;
  for (const m of milestones) {
    if (m.by <= asOf) current = m;
    else if (next === undefined) next = m;
  }
  const st: TargetStatus = {};
  if (current) st.current = milestoneStatus(current, enterprises, qualified);
  if (next) st.next = milestoneStatus(next, enterprises, qualified);
  return st;
}
