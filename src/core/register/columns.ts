// Register (基础台账) columns: the columns stdz knows, their aliases, and a header row mapped to them.
export type FieldKey =
  | "name"
  | "credit_code"
  | "legal_rep"
  | "employees"
  | "sector"
  | "county"
  | "above_scale"
  | "high_risk"
  | "small_micro"
  | "grade"
  | "score"
  | "cert_no"
  | "issued"
  | "valid_until"
  | "last_self_assessment"
  | "audit_score"
  | "audit_grade"
  | "department"
  | "review_org";

export interface ColumnDef {
  key: FieldKey;
  /** The Chinese header as in DESIGN.md / the seed forms; used when writing outputs. */
  zh: string;
  /** Other headers read as this column (compared after normalizeHeader). */
  aliases: string[];
  required?: boolean;
}

/** The register's columns. DESIGN.md names the first 17; 牵头部门 and 评审单位 are optional extras stdz understands. */
export const COLUMNS: readonly ColumnDef[] = [
  {
    key: "name",
    zh: "单位名称",
    aliases: ["企业名称", "生产经营单位名称", "单位", "企业", "name", "enterprise", "company", "enterprise_name", "company_name"],
    required: true,
  },
  { key: "credit_code", zh: "统一社会信用代码", aliases: ["社会信用代码", "信用代码", "统一代码", "credit_code", "uscc", "unified_social_credit_code"] },
  { key: "legal_rep", zh: "法定代表人", aliases: ["法人代表", "法人", "法定代表人姓名", "legal_rep", "legal_representative"] },
  { key: "employees", zh: "从业人员数量", aliases: ["从业人员数", "从业人数", "从业人员", "职工人数", "员工人数", "employees", "headcount"] },
  { key: "sector", zh: "所属行业", aliases: ["行业", "行业类别", "行业领域", "所属行业领域", "sector", "industry"], required: true },
  { key: "county", zh: "所属区县", aliases: ["区县", "县(市、区)", "县市区", "所属县(市、区)", "所属县市区", "所在区县", "county", "district"] },
  { key: "above_scale", zh: "规模以上", aliases: ["规模以上企业", "是否规模以上", "是否规模以上企业", "规上企业", "above_scale"] },
  { key: "high_risk", zh: "高危", aliases: ["高危企业", "是否高危", "是否高危企业", "高危行业", "high_risk"] },
  { key: "small_micro", zh: "小微企业", aliases: ["是否小微企业", "小微", "small_micro"] },
  { key: "grade", zh: "达标等级", aliases: ["等级", "标准化等级", "达标级别", "标准化达标等级", "grade", "level"] },
  { key: "score", zh: "评审得分", aliases: ["得分", "评审分数", "评审分", "score", "review_score"] },
  { key: "cert_no", zh: "证书编号", aliases: ["证书号", "证书号码", "cert_no", "certificate_no", "certificate"] },
  { key: "issued", zh: "发证日期", aliases: ["发证时间", "颁证日期", "issued", "issue_date"] },
  { key: "valid_until", zh: "有效期至", aliases: ["有效期", "证书有效期", "有效期截止", "有效期截止日期", "valid_until", "expiry", "expires"] },
  { key: "last_self_assessment", zh: "最近自评日期", aliases: ["自评日期", "最近自评", "最近一次自评日期", "last_self_assessment", "self_assessment"] },
  { key: "audit_score", zh: "抽查得分", aliases: ["抽查分数", "audit_score", "spot_check_score"] },
  { key: "audit_grade", zh: "抽查等级", aliases: ["audit_grade", "spot_check_grade"] },
  { key: "department", zh: "牵头部门", aliases: ["行业主管部门", "主管部门", "监管部门", "牵头单位", "department", "lead_department"] },
  { key: "review_org", zh: "评审单位", aliases: ["评审机构", "review_org", "review_organization"] },
];

export const COLUMN_BY_KEY: Readonly<Record<FieldKey, ColumnDef>> = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<FieldKey, ColumnDef>;

/** Header text as compared: NFKC (full-width → half-width), no spaces, no leading '*', lower case, '-' and ' ' as '_'. */
export function normalizeHeader(h: string): string {
  return h
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/^[*＊]+/, "")
    .replace(/[*＊]+$/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/[：:]$/, "");
}

const ALIAS = new Map<string, FieldKey>();
for (const c of COLUMNS) {
  for (const a of [c.zh, c.key, ...c.aliases]) ALIAS.set(normalizeHeader(a), c.key);
}

/** Which column a header names, or undefined for an extra column. "从业人员数量（人）" → employees. */
export function columnForHeader(h: string): FieldKey | undefined {
  const n = normalizeHeader(h);
  const direct = ALIAS.get(n);
  if (direct) return direct;
  // A unit or hint in brackets: 从业人员数量(人), 规模以上(是/否), 评审得分(分).
  const stripped = n.replace(/\([^()]*\)$/, "").replace(/（[^（）]*）$/, "");
  return stripped !== n && stripped !== "" ? ALIAS.get(stripped) : undefined;
}

export interface HeaderMap {
  /** Field index (0-based) of each known column present. */
  index: Partial<Record<FieldKey, number>>;
  /** Field indexes (0-based) of the columns stdz does not interpret, carried to the outputs. */
  extras: number[];
  headers: string[];
  /** Required columns that are missing, by their Chinese name. */
  missing: string[];
  /** A second header naming a column already mapped: [field index, first field index, key]. */
  duplicates: Array<{ column: number; first: number; key: FieldKey }>;
}

export function mapHeader(headers: readonly string[]): HeaderMap {
  const index: Partial<Record<FieldKey, number>> = {};
  const extras: number[] = [];
  const duplicates: HeaderMap["duplicates"] = [];
  headers.forEach((h, i) => {
    const key = columnForHeader(h);
    if (key === undefined) extras.push(i);
    else if (index[key] !== undefined) {
      duplicates.push({ column: i, first: index[key]!, key });
      extras.push(i);
    } else index[key] = i;
  });
  const missing = COLUMNS.filter((c) => c.required && index[c.key] === undefined).map((c) => c.zh);
  return { index, extras, headers: [...headers], missing, duplicates };
}
