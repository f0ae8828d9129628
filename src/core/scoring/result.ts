import type { DiagnosticJson } from "../../diagnostics.js";
import { canonicalJson } from "../lib/canonical.js";

/**
 * The scoring result as written by `stdz score --format json` and read by `stdz report`,
 * `stdz verify` and `stdz deviation`. Plain JSON: numbers are exact decimals written out
 * (scores to `round` places, points to at most 2 places; rates cut (not rounded) to 6 places).
 * schema/result.schema.json describes the same shape.
 */

export type AssessmentKind = "self" | "review" | "spot-check";
export type FindingStatus = "conform" | "nonconform" | "na";
export type RiskColour = "红" | "橙" | "黄" | "蓝";

export interface EnterpriseProfile {
  name: string;
  credit_code?: string;
  sector?: string;
  region?: string;
  employees?: number;
  above_scale?: boolean;
  high_risk?: boolean;
  small_micro?: boolean;
  risk?: RiskColour;
  legal_rep?: string;
  address?: string;
  /** Facts the standard declares under `profile` (extension 6). */
  profile?: Record<string, string | number | boolean>;
}

export interface Assessment {
  kind: AssessmentKind;
  date: string;
  assessors: string[];
  /** 评审单位, for review and spot-check results. */
  organisation?: string;
  /** 评审组, each with a role and a qualification number, signed for in the report. */
  team?: TeamMember[];
  /** The level the enterprise applied for: no level above it is awarded. */
  applied_level?: string;
}

export interface TeamMember {
  name: string;
  role: "组长" | "组员" | "技术专家";
  qualification?: string;
}

/** The review team's own words, printed by the report in this order. */
export interface Narrative {
  overview?: string;
  process?: string;
  problems?: string;
  conclusion?: string;
  suggestions?: string;
}
export const NARRATIVE_KEYS = ["overview", "process", "problems", "conclusion", "suggestions"] as const;

export interface Accident {
  date: string;
  deaths?: number;
  serious_injuries?: number;
  minor_injuries?: number;
  direct_loss?: number;
  occupational_disease?: number;
  kind?: string;
  contractor?: boolean;
  note?: string;
  /** Class per 《生产安全事故报告和调查处理条例》 (results only). */
  class?: "一般" | "较大" | "重大" | "特别重大";
}

export interface GradeReason {
  level: string;
  condition: "min_score" | "min_element_rate" | "performance" | "veto" | "prerequisite" | "requires" | "applied_level";
  /** What was found: a score, a rate, an accident count or the vetoing content id. */
  actual: number | string;
  /** What the level needs. */
  required: number | string;
  message: string;
  /** First-level element id (min_element_rate) or content id (veto), where one applies. */
  element?: string;
  item?: string;
  /** The prerequisite id (condition prerequisite). */
  prerequisite?: string;
}

export interface DeductionResult {
  id: string;
  text: string;
  /** Points per occurrence. */
  points: number;
  count: number;
  max?: number;
  /** min(count × points, max). */
  lost: number;
  /** 追加扣分 charged to the first-level element: count × element_points. */
  element_points?: number;
  note?: string;
}

export interface ItemResult {
  id: string;
  title: string;
  /** First-level element id. */
  element: string;
  status: FindingStatus;
  points: number;
  /** Earned points (0 when not applicable). */
  earned: number;
  deductions: DeductionResult[];
  /** For status na: the finding's reason, or "applies_when" when the condition is false. */
  reason?: string;
  veto: boolean | { blocks: string[] };
  /** exhausted_penalty charged because the content earned 0. */
  exhausted_penalty?: number;
  evidence: string[];
  note?: string;
  rectify_by?: string;
}

export interface ElementResult {
  id: string;
  title: string;
  /** Standard points of all contents (applicable or not). */
  points: number;
  applicable_points: number;
  /** Points of 不适用 contents. */
  na_points: number;
  /** Sum of the contents' earnings, before 追加扣分. */
  items_earned: number;
  /** 追加扣分 charged to this element (element_points + exhausted_penalty). */
  element_deductions: number;
  /** After 追加扣分, floored at 0. */
  earned_points: number;
  /** earned ÷ applicable, or null when nothing applies. */
  rate: number | null;
  /** The weight that applied (conditional weights resolved). */
  weight?: number;
  /** How the element combines its children: pool (default), min, mean or weighted. */
  aggregate?: "pool" | "min" | "mean" | "weighted";
  /** Child elements, each with its own aggregate and rate (no 追加扣分 below the first level). */
  children?: ElementResult[];
}

export interface PrerequisiteResult {
  id: string;
  text: string;
  met: boolean;
  blocks: "all" | string[];
  deduct_total_rate?: number;
  note?: string;
}

export interface ZeroesResult {
  element: string;
  item: string;
  deduction: string;
}

export interface Nonconformity {
  item: string;
  title: string;
  element: string;
  element_title: string;
  veto: boolean;
  points: number;
  earned: number;
  /** Points lost on the content (points − earned). */
  lost: number;
  /** 追加扣分 this content charged to its element. */
  element_deductions: number;
  deductions: DeductionResult[];
  note?: string;
  rectify_by?: string;
  evidence: string[];
}

export interface EvidenceFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ScoreResult {
  stdz: 1;
  kind: "result";
  generated_by: { tool: "stdz"; version: string };
  standard: {
    id: string;
    title: string;
    version?: string;
    tier: string;
    region: string;
    fingerprint: string;
    model: "points" | "weighted";
    scale: number;
    round: number;
    levels: string[];
    /** The extends chain, this standard first (added with scoring). */
    chain?: string[];
    /** The published wording of each level's conditions, where the standard keeps it (extension 9). */
    level_texts?: { name: string; text: string }[];
  };
  enterprise: EnterpriseProfile;
  assessment: Assessment;
  narrative?: Narrative;
  accidents: Accident[];
  /** Declared total of the standard. */
  total: number;
  applicable_points: number;
  na_points: number;
  /** Σ of first-level elements' earned points after 追加扣分. */
  earned_points: number;
  element_deductions: number;
  /** The unrounded score as an exact decimal string (6 places when it does not terminate). */
  raw_score: string;
  score: number;
  /** The score written with exactly `round` decimals. */
  score_text?: string;
  /** Unscored prerequisites as the bundle states them (extension 1). */
  prerequisites?: PrerequisiteResult[];
  /** What unmet prerequisites' deduct_total_rate took (points, or score points in the weighted model). */
  prerequisite_cut?: number;
  /** Elements emptied by a charged `zeroes` deduction (extension 2). */
  zeroes?: ZeroesResult[];
  grade: string;
  grade_reasons: GradeReason[];
  /** The formula with the numbers filled in, e.g. "得分 = 110 ÷ 160 × 100 = 68.75 → 68.8". */
  formula: string;
  elements: ElementResult[];
  items: ItemResult[];
  nonconformities: Nonconformity[];
  evidence: EvidenceFile[];
  /** bundle.yaml itself, hashed so `stdz verify` notices changed findings. */
  manifest?: EvidenceFile;
  /** Files under files/ that no finding cites (not hashed), so `stdz verify` can tell added files apart. */
  uncited?: string[];
  diagnostics: DiagnosticJson[];
  /** SHA-256 of the canonical form (resultCanonical): notices an edited file, not a forger who recomputes it. */
  digest?: ResultDigest;
  /** Ed25519 signature of the same canonical form (`stdz score --sign`), for readers who hold the public key. */
  signature?: ResultSignature;
}

/** The digest's algorithm is named in the field, so a later build can change it without breaking older readers. */
export interface ResultDigest {
  alg: string;
  value: string;
}

export interface ResultSignature {
  alg: string;
  /** Base64 of the signature. */
  value: string;
  /** SHA-256 (hex) of the signing key's public half in SPKI DER form, to tell which key signed. */
  key: string;
}

export const DIGEST_ALG = "sha256";
export const SIGNATURE_ALG = "ed25519";

/** The fields the canonical form leaves out: the digest and the signature are made over the rest. */
const UNSIGNED = new Set(["digest", "signature"]);

/**
 * The bytes the digest and the signature cover: canonical JSON (keys sorted, no whitespace) of the
 * result as it is written, without `digest` and `signature`. Going through JSON first makes the
 * in-memory result and the same result read back from its file give the same text.
 */
export function resultCanonical(result: ScoreResult | Record<string, unknown>): string {
  const plain = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
  for (const k of UNSIGNED) delete plain[k];
  return canonicalJson(plain);
}

/** The result with its digest as the last field (score output is otherwise unchanged); hashing is passed in. */
export function withDigest(result: ScoreResult, sha256Hex: (text: string) => string): ScoreResult {
  const { digest: _old, signature: _sig, ...rest } = result;
  return { ...rest, digest: { alg: DIGEST_ALG, value: sha256Hex(resultCanonical(rest)) } };
}

export type DigestCheck =
  { state: "ok" } | { state: "missing" } | { state: "unknown-alg"; alg: string } | { state: "mismatch"; expected: string; found: string };

/** Whether a result read from a file still matches its digest. */
export function checkDigest(result: ScoreResult, sha256Hex: (text: string) => string): DigestCheck {
  const d = result.digest;
  if (d === undefined) return { state: "missing" };
  if (d.alg !== DIGEST_ALG) return { state: "unknown-alg", alg: d.alg };
  const expected = sha256Hex(resultCanonical(result));
  return expected === d.value ? { state: "ok" } : { state: "mismatch", expected, found: d.value };
}

/** The grade awarded when no level is met. */
export const NOT_QUALIFIED = "未达标";
