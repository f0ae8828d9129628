import type { SectorTable } from "./lint/types.js";
import { TIERS, type Tier } from "./model.js";

/** What resolution needs to know about a standard. */
export interface Candidate {
  id: string;
  title: string;
  tier: Tier;
  region: string;
  sectors: readonly string[];
  effective?: string;
}

export interface Ranked {
  candidate: Candidate;
  /** True when the standard names the sector (not only '*'). */
  names_sector: boolean;
  rank: number;
}

export interface Rejected {
  candidate: Candidate;
  reason: "sector" | "region";
}

export interface Resolution {
  chosen?: Candidate;
  ranked: Ranked[];
  rejected: Rejected[];
  /** Why the first beat each of the others, one line each: [zh, en]. */
  why: [string, string][];
}

export const TIER_ZH: Record<Tier, string> = { national: "国家", industry: "行业", provincial: "省级", municipal: "市级", county: "县级" };

/** Canonical sector name (an alias such as the table's full name maps to the short one). */
export function canonicalSector(s: string, table?: SectorTable): string {
  const t = s.trim();
  return table?.aliases.get(t) ?? t;
}

/**
 * DESIGN.md's resolution rule: candidates name the sector (or '*') and have region 全国 or a
 * prefix of the enterprise's region; those naming the sector beat '*' frameworks; then tier
 * (national > industry > provincial > municipal > county); then the latest `effective`
 * (a standard without one counts as oldest); the id breaks any remaining tie.
 */
export function resolveApplicable(cands: readonly Candidate[], q: { sector: string; region: string }, table?: SectorTable): Resolution {
  const sector = canonicalSector(q.sector, table);
  const ranked: Omit<Ranked, "rank">[] = [];
  const rejected: Rejected[] = [];
  for (const c of cands) {
    const names = c.sectors.some((s) => s !== "*" && canonicalSector(s, table) === sector);
    if (!names && !c.sectors.includes("*")) {
      rejected.push({ candidate: c, reason: "sector" });
      continue;
    }
    const region = c.region.trim();
    if (!(region === "" || region === "全国" || q.region.startsWith(region))) {
      rejected.push({ candidate: c, reason: "region" });
      continue;
    }
    ranked.push({ candidate: c, names_sector: names });
  }
  ranked.sort((a, b) => compareCandidates(a, b));
  const out: Ranked[] = ranked.map((r, i) => ({ ...r, rank: i + 1 }));
  const res: Resolution = { ranked: out, rejected, why: [] };
  const first = out[0];
  if (!first) return res;
  res.chosen = first.candidate;
  const c = first.candidate;
  res.why.push([
    `${c.id}：${first.names_sector ? `适用行业中列有 “${sector}”` : "适用于所有行业（'*'）"}，地区 “${c.region || "全国"}” ${c.region === "全国" || !c.region ? "适用全国" : `是 “${q.region}” 的前缀`}，层级 ${TIER_ZH[c.tier]}（${c.tier}）${c.effective ? `，${c.effective} 施行` : ""}`,
    `${c.id}: ${first.names_sector ? `lists sector '${sector}'` : "applies to every sector ('*')"}, region '${c.region || "全国"}' ${c.region === "全国" || !c.region ? "is nationwide" : `is a prefix of '${q.region}'`}, tier ${c.tier}${c.effective ? `, effective ${c.effective}` : ""}`,
  ]);
  for (const o of out.slice(1)) res.why.push(beats(first, o));
  return res;
}

function compareCandidates(a: Omit<Ranked, "rank">, b: Omit<Ranked, "rank">): number {
  if (a.names_sector !== b.names_sector) return a.names_sector ? -1 : 1;
  const t = TIERS.indexOf(a.candidate.tier) - TIERS.indexOf(b.candidate.tier);
  if (t !== 0) return t;
  const ea = a.candidate.effective ?? "";
  const eb = b.candidate.effective ?? "";
  if (ea !== eb) return ea > eb ? -1 : 1;
  return a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0;
}

function beats(w: Ranked, l: Ranked): [string, string] {
  const a = w.candidate;
  const b = l.candidate;
  if (w.names_sector !== l.names_sector) {
    return [`胜过 ${b.id}：${b.id} 只是通用框架（'*'），${a.id} 专门列出了该行业`, `beats ${b.id}: ${b.id} is a '*' framework, ${a.id} names the sector`];
  }
  if (a.tier !== b.tier) {
    return [`胜过 ${b.id}：层级 ${TIER_ZH[a.tier]} 优先于 ${TIER_ZH[b.tier]}`, `beats ${b.id}: tier ${a.tier} comes before ${b.tier}`];
  }
  if ((a.effective ?? "") !== (b.effective ?? "")) {
    return [
      `胜过 ${b.id}：施行日期 ${a.effective ?? "?"} 晚于 ${b.effective ?? "（未写）"}`,
      `beats ${b.id}: effective ${a.effective ?? "?"} is later than ${b.effective ?? "(none)"}`,
    ];
  }
  return [`胜过 ${b.id}：其他条件相同，按编号排序`, `beats ${b.id}: otherwise equal, ordered by id`];
}
