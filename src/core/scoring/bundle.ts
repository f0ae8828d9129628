import { diag, type Diagnostic } from "../../diagnostics.js";
import { findInvisible, visibleForm } from "../lib/invisible.js";
import { conditionFields, isBuiltinField } from "../standard/condition.js";
import { checkBundleExtensions } from "./bundle-checks.js";
import { checkCreditCode, creditCodeProblem } from "../lib/credit-code.js";
import { parseIsoDate } from "../lib/dates.js";
import { allItems, ACCIDENT_FIELDS, type AccidentField, type Item, type Standard } from "../standard/model.js";
import { Rational } from "../lib/rational.js";
import {
  NARRATIVE_KEYS,
  type Accident,
  type Assessment,
  type AssessmentKind,
  type EnterpriseProfile,
  type FindingStatus,
  type Narrative,
  type RiskColour,
  type TeamMember,
} from "./result.js";
import { text, type Text } from "../lib/text.js";

/**
 * An evidence bundle's manifest (bundle.yaml) as a model. Pure: built from schema-valid raw
 * data; every node keeps its JSON pointer so diagnostics can be positioned by the caller.
 */

export interface FindingDeduction {
  id: string;
  /** Positive integer once validated; kept as written so a bad count can be reported. */
  count: number;
  note?: string;
  ptr: string;
}

export interface Finding {
  item: string;
  /** Undefined when left empty (as `stdz init bundle` writes it). */
  status?: FindingStatus;
  evidence: { path: string; ptr: string }[];
  deductions: FindingDeduction[];
  reason?: string;
  note?: string;
  rectify_by?: string;
  ptr: string;
}

export interface AccidentRecord {
  src: Accident;
  /** Every accident field, exact; fields left out are 0. */
  values: Record<AccidentField, Rational>;
  ptr: string;
}

/** The bundle's statement on one of the standard's prerequisites. */
export interface PrerequisiteStatement {
  id: string;
  met: boolean;
  note?: string;
  ptr: string;
}

export interface Bundle {
  stdz: 1;
  standard: string;
  enterprise: EnterpriseProfile;
  assessment: Assessment;
  accidents: AccidentRecord[];
  findings: Finding[];
  narrative?: Narrative;
  /** Empty when the bundle states none. */
  prerequisites: PrerequisiteStatement[];
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads a number exactly from its source text at a JSON pointer, when known. */
export type SourceText = (ptr: string) => string | undefined;

/** Ids written as bare numbers (`item: 2.1`, `credit_code: 9135…`) are taken as their source text. */
function idText(v: unknown, ptr: string, src: SourceText): string {
  if (typeof v === "number") return src(ptr) ?? String(v);
  return String(v);
}

const RISK: readonly RiskColour[] = ["红", "橙", "黄", "蓝"];

/**
 * Schema-valid raw data → the model, with the checks that need no standard: credit code,
 * dates, head count, accident figures, deduction counts. Diagnostics carry `path` only.
 */
export function normalizeBundle(raw: Raw, src: SourceText = () => undefined): { bundle: Bundle; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const e = (isRaw(raw.enterprise) ? raw.enterprise : {}) as Raw;
  const enterprise: EnterpriseProfile = { name: String(e.name ?? "") };
  if (enterprise.name.trim() === "") diagnostics.push(diag("BUN036", {}, { path: "/enterprise/name" }));
  if (e.credit_code !== undefined && e.credit_code !== null) {
    const code = idText(e.credit_code, "/enterprise/credit_code", src);
    enterprise.credit_code = code;
    const check = checkCreditCode(code);
    if (!check.ok) {
      const detail = creditCodeProblem(code, check);
      diagnostics.push(diag("BUN030", { code, detail }, { path: "/enterprise/credit_code" }));
    }
  }
  for (const k of ["sector", "region", "legal_rep", "address"] as const) if (typeof e[k] === "string") enterprise[k] = e[k];
  for (const k of ["name", "credit_code"] as const) {
    const v = enterprise[k];
    const hit = v === undefined ? undefined : findInvisible(v);
    if (hit)
      diagnostics.push(
        diag(
          "BUN083",
          { field: k, value: visibleForm(v ?? ""), code_point: hit.codePoint, char_name: hit.name, index: hit.index },
          { path: `/enterprise/${k}` },
        ),
      );
  }
  for (const k of ["above_scale", "high_risk", "small_micro"] as const) if (typeof e[k] === "boolean") enterprise[k] = e[k];
  if (typeof e.employees === "number") {
    enterprise.employees = e.employees;
    if (!Number.isSafeInteger(e.employees) || e.employees < 0) {
      diagnostics.push(diag("BUN032", { value: src("/enterprise/employees") ?? e.employees }, { path: "/enterprise/employees" }));
    }
  }
  if (isRaw(e.profile)) {
    const profile: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(e.profile)) if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") profile[k] = v;
    enterprise.profile = profile;
  }
  if (typeof e.risk === "string") {
    if ((RISK as readonly string[]).includes(e.risk)) enterprise.risk = e.risk as RiskColour;
    else diagnostics.push(diag("BUN035", { value: e.risk }, { path: "/enterprise/risk" }));
  }

  const checkDate = (value: unknown, ptr: string, field: Text): string => {
    const s = String(value);
    if (!parseIsoDate(s)) diagnostics.push(diag("BUN031", { field, value: s }, { path: ptr }));
    return s;
  };

  const a = (isRaw(raw.assessment) ? raw.assessment : {}) as Raw;
  const assessment: Assessment = {
    kind: (a.kind as AssessmentKind) ?? "self",
    date: checkDate(a.date, "/assessment/date", text("评定日期 assessment.date", "assessment.date")),
    assessors: Array.isArray(a.assessors) ? a.assessors.map(String) : [],
  };
  if (typeof a.organisation === "string") assessment.organisation = a.organisation;
  if (Array.isArray(a.team)) {
    assessment.team = (a.team as Raw[]).map((m) => ({
      name: String(m.name),
      role: m.role as TeamMember["role"],
      ...(typeof m.qualification === "string" ? { qualification: m.qualification } : {}),
    }));
  }
  const narrative: Narrative = {};
  if (isRaw(raw.narrative))
    for (const k of NARRATIVE_KEYS) if (typeof raw.narrative[k] === "string" && raw.narrative[k].trim() !== "") narrative[k] = raw.narrative[k];
  if (typeof a.applied_level === "string") assessment.applied_level = a.applied_level;

  const accidents: AccidentRecord[] = [];
  (Array.isArray(raw.accidents) ? (raw.accidents as Raw[]) : []).forEach((acc, i) => {
    const ptr = `/accidents/${i}`;
    const s: Accident = { date: checkDate(acc.date, `${ptr}/date`, text("事故日期", "accident date")) };
    const values = {} as Record<AccidentField, Rational>;
    for (const f of ACCIDENT_FIELDS) {
      const v = acc[f];
      values[f] = Rational.ZERO;
      if (typeof v !== "number") continue;
      s[f] = v;
      const text = src(`${ptr}/${f}`);
      const exact = (text !== undefined ? Rational.parse(text) : undefined) ?? (Number.isFinite(v) ? Rational.fromNumber(v) : undefined);
      // Head counts are whole people; the loss (万元) may be a decimal.
      const ok = exact !== undefined && !exact.isNegative() && (f === "direct_loss" || exact.isInteger());
      if (!ok) {
        const kind = f === "direct_loss" ? { zh: "非负数", en: "a non-negative number" } : { zh: "非负整数", en: "a non-negative integer" };
        diagnostics.push(diag("BUN033", { field: f, kind, value: text ?? v }, { path: `${ptr}/${f}` }));
      } else values[f] = exact;
    }
    if (typeof acc.kind === "string") s.kind = acc.kind;
    if (typeof acc.contractor === "boolean") s.contractor = acc.contractor;
    if (typeof acc.note === "string") s.note = acc.note;
    if (parseIsoDate(s.date) && parseIsoDate(assessment.date) && s.date > assessment.date) {
      diagnostics.push(diag("BUN034", { date: s.date, assessment: assessment.date }, { path: `${ptr}/date` }));
    }
    accidents.push({ src: s, values, ptr });
  });

  const findings: Finding[] = [];
  (Array.isArray(raw.findings) ? (raw.findings as Raw[]) : []).forEach((f, i) => {
    const ptr = `/findings/${i}`;
    const finding: Finding = {
      item: idText(f.item, `${ptr}/item`, src),
      evidence: (Array.isArray(f.evidence) ? f.evidence : []).map((p, j) => ({ path: String(p), ptr: `${ptr}/evidence/${j}` })),
      deductions: [],
      ptr,
    };
    if (f.status === "conform" || f.status === "nonconform" || f.status === "na") finding.status = f.status;
    (Array.isArray(f.deductions) ? (f.deductions as Raw[]) : []).forEach((d, j) => {
      const dptr = `${ptr}/deductions/${j}`;
      const count = d.count === undefined ? 1 : (d.count as number);
      const fd: FindingDeduction = { id: idText(d.id, `${dptr}/id`, src), count, ptr: dptr };
      if (typeof d.note === "string") fd.note = d.note;
      if (!Number.isSafeInteger(count) || count < 1) diagnostics.push(diag("BUN014", { count: src(`${dptr}/count`) ?? count }, { path: `${dptr}/count` }));
      finding.deductions.push(fd);
    });
    if (typeof f.reason === "string") finding.reason = f.reason;
    if (typeof f.note === "string") finding.note = f.note;
    if (f.rectify_by !== undefined && f.rectify_by !== null)
      finding.rectify_by = checkDate(f.rectify_by, `${ptr}/rectify_by`, text("整改期限 rectify_by", "rectify_by"));
    findings.push(finding);
  });

  const prerequisites: PrerequisiteStatement[] = (Array.isArray(raw.prerequisites) ? (raw.prerequisites as Raw[]) : []).map((p, i) => {
    const st: PrerequisiteStatement = { id: idText(p.id, `/prerequisites/${i}/id`, src), met: p.met === true, ptr: `/prerequisites/${i}` };
    if (typeof p.note === "string") st.note = p.note;
    return st;
  });

  return {
    bundle: {
      stdz: 1,
      standard: String(raw.standard),
      enterprise,
      assessment,
      accidents,
      findings,
      prerequisites,
      ...(Object.keys(narrative).length ? { narrative } : {}),
    },
    diagnostics,
  };
}

/** Decides whether a content's `applies_when` holds for this enterprise (true when it has none). */
export type Applies = (item: Item) => boolean;

/** Where a finding's line is, to name an earlier duplicate. */
export type LineOf = (ptr: string) => number | undefined;

/**
 * DESIGN.md step 7 and the rules around it, against a standard. Returns diagnostics with
 * `path` (JSON pointer into bundle.yaml); never throws for bad input.
 */
export function checkFindings(bundle: Bundle, std: Standard, applies: Applies, lineOf: LineOf = () => undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const items = new Map<string, Item>();
  for (const { item } of allItems(std)) items.set(item.id, item);
  const seen = new Map<string, Finding>();

  for (const f of bundle.findings) {
    const item = items.get(f.item);
    if (!item) {
      out.push(diag("BUN011", { item: f.item, standard: std.id }, { path: `${f.ptr}/item` }));
      continue;
    }
    const prev = seen.get(f.item);
    if (prev) {
      out.push(diag("BUN012", { item: f.item, line: lineOf(prev.ptr) ?? "?" }, { path: `${f.ptr}/item` }));
      continue;
    }
    seen.set(f.item, f);
    const holds = applies(item);

    if (f.status === undefined) {
      // A blank entry on a content that does not apply anyway is harmless.
      if (holds) out.push(diag("BUN019", { item: f.item }, { path: `${f.ptr}/item` }));
    } else if (f.status === "na") {
      if (holds && (item.na ?? std.scoring.na) === "forbidden") out.push(diag("BUN016", { item: item.id, title: item.title }, { path: `${f.ptr}/status` }));
      if (f.reason === undefined || f.reason.trim() === "") out.push(diag("BUN017", { item: item.id }, { path: `${f.ptr}/status` }));
    } else if (!holds) {
      out.push(diag("BUN018", { item: item.id }, { path: `${f.ptr}/item` }));
    }

    if (f.deductions.length > 0 && f.status !== undefined && f.status !== "nonconform") {
      out.push(diag("BUN015", { item: item.id, status: f.status }, { path: `${f.ptr}/deductions` }));
    }
    const ids = new Set<string>();
    for (const d of f.deductions) {
      if (!item.deductions.some((x) => x.id === d.id)) {
        const available = item.deductions.map((x) => x.id).join(", ") || text("无", "none");
        out.push(diag("BUN013", { item: item.id, id: d.id, available }, { path: `${d.ptr}/id` }));
      } else if (ids.has(d.id)) {
        out.push(diag("BUN020", { item: item.id, id: d.id }, { path: `${d.ptr}/id` }));
      }
      ids.add(d.id);
    }
  }

  for (const { item } of allItems(std)) {
    if (!seen.has(item.id) && applies(item)) out.push(diag("BUN010", { item: item.id, title: item.title }, { path: "/findings" }));
  }

  // A condition on a fact the bundle does not state silently decides 不适用: say so.
  const missing = new Map<string, string[]>();
  const profile = bundle.enterprise as unknown as Record<string, unknown>;
  for (const { item } of allItems(std)) {
    if (!item.applies_when) continue;
    for (const field of conditionFields(item.applies_when)) {
      if (isBuiltinField(field) && profile[field] === undefined) missing.set(field, [...(missing.get(field) ?? []), item.id]);
    }
  }
  for (const [field, ids] of missing) {
    const head = ids.slice(0, 5);
    const items =
      ids.length > 5 ? text(`${head.join("、")} 等 ${ids.length} 项`, `${head.join(", ")} and ${ids.length - 5} more`) : text(head.join("、"), head.join(", "));
    out.push(diag("BUN023", { field, items }, { path: "/enterprise" }));
  }
  out.push(...checkBundleExtensions(bundle, std));
  return out;
}

/** Evidence paths are written with '/' (a '\' from Windows users counts as one); '.' segments drop out. */
export function normalizeEvidencePath(p: string): string {
  return p
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/** Lexical check of an evidence path: absolute paths and '..' segments never stay inside the bundle. */
export function evidencePathProblem(p: string): "BUN050" | "BUN051" | undefined {
  const s = p.replace(/\\/g, "/");
  if (s.startsWith("/") || /^[A-Za-z]:/.test(s)) return "BUN050";
  if (s.split("/").includes("..")) return "BUN051";
  return undefined;
}
