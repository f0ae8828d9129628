// Label tables for templates (`{{label "key"}}`, `{{gradeLabel …}}`): Chinese first, English for
// --lang en. Reports are documents for Chinese officials, so Chinese is the default everywhere.

export type LabelLang = "zh" | "en";

/** Fixed labels of the built-in templates, usable from custom ones too. */
export const LABELS: Record<string, readonly [string, string]> = {
  report_self: ["安全生产标准化自评报告", "Work-Safety Standardization Self-Assessment Report"],
  report_review: ["安全生产标准化评审报告", "Work-Safety Standardization Review Report"],
  "report_spot-check": ["安全生产标准化抽查报告", "Work-Safety Standardization Spot-Check Report"],
  rectification_title: ["安全生产标准化不符合项整改清单", "Work-Safety Standardization Rectification List"],
  result_edited: [
    "结果文件已被修改：其内容与 stdz 评分时写入的摘要不符，本报告中的得分、等级和整改清单不一定是评分的结果。请用 stdz verify 对照证据包重新评分核实。",
    "The result file has been edited: its content no longer matches the digest stdz wrote when scoring, so the score, grade and corrective actions in this report may not be what scoring gave. Re-score it against its bundle with stdz verify.",
  ],
  enterprise: ["企业名称", "Enterprise"],
  credit_code: ["统一社会信用代码", "Unified social credit code"],
  sector: ["所属行业", "Sector"],
  region: ["所在地区", "Region"],
  address: ["地址", "Address"],
  legal_rep: ["法定代表人", "Legal representative"],
  employees: ["从业人员", "Employees"],
  persons: ["人", ""],
  above_scale: ["规模以上", "Above designated size"],
  high_risk: ["高危行业", "High-risk sector"],
  standard: ["评定标准", "Standard"],
  standard_id: ["标准编号", "Standard id"],
  standard_version: ["标准版本", "Version"],
  fingerprint: ["标准指纹", "Fingerprint"],
  assessment_date_self: ["自评日期", "Self-assessment date"],
  assessment_date_review: ["评审日期", "Review date"],
  "assessment_date_spot-check": ["抽查日期", "Spot-check date"],
  assessors_self: ["自评人员", "Assessors"],
  assessors_review: ["评审人员", "Reviewers"],
  "assessors_spot-check": ["抽查人员", "Inspectors"],
  organisation: ["评审单位", "Review organisation"],
  score: ["得分", "Score"],
  grade: ["评定等级", "Grade"],
  full_marks: ["满分", "out of"],
  formula: ["计算过程", "Calculation"],
  conclusion: ["评定结论", "Conclusion"],
  grade_reasons: ["未达到更高等级的原因", "Why no higher level was met"],
  no_grade_reasons: ["已达到本标准的最高等级。", "The highest level of this standard was met."],
  level: ["等级", "Level"],
  condition: ["条件", "Condition"],
  actual: ["实际", "Actual"],
  required: ["要求", "Required"],
  explanation: ["说明", "Explanation"],
  elements: ["各要素得分情况", "Scores by element"],
  element: ["一级要素", "Element"],
  element_id: ["编号", "No."],
  points: ["标准分", "Points"],
  na_points: ["不适用分值", "N/A points"],
  applicable_points: ["应得分", "Applicable"],
  items_earned: ["内容得分", "Contents earned"],
  element_deductions: ["追加扣分", "Extra deductions"],
  earned_points: ["实得分", "Earned"],
  rate: ["得分率", "Rate"],
  weight: ["权重", "Weight"],
  total_row: ["合计", "Total"],
  chart_title: ["各一级要素得分率", "Rate by first-level element"],
  summary: ["考评内容统计", "Contents"],
  items_total: ["考评内容", "Contents"],
  conform: ["符合", "Conform"],
  nonconform: ["不符合", "Nonconform"],
  na: ["不适用", "Not applicable"],
  nonconformities: ["不符合项及整改清单", "Nonconformities and rectification list"],
  no_nonconformities: ["本次评定未发现不符合项。", "No nonconformities were found."],
  seq: ["序号", "No."],
  item_id: ["内容编号", "Item"],
  item: ["考评内容", "Content"],
  problem: ["存在问题（扣分项）", "Finding (deductions)"],
  lost: ["扣分", "Lost"],
  veto: ["否决项", "Veto"],
  veto_mark: ["否决", "veto"],
  rectify_by: ["整改期限", "Rectify by"],
  responsible: ["整改责任人", "Responsible person"],
  measure: ["整改措施", "Measure taken"],
  completed: ["完成日期", "Completed on"],
  acceptance: ["验收意见", "Acceptance"],
  not_set: ["未定", "not set"],
  times: ["次", "×"],
  note: ["备注", "Note"],
  na_items: ["不适用内容", "Contents not applicable"],
  no_na_items: ["无不适用内容。", "Every content applied."],
  reason: ["理由", "Reason"],
  applies_when: ["不满足标准规定的适用条件", "the standard's applicability condition does not hold"],
  accidents: ["安全绩效（生产安全事故）", "Safety performance (accidents)"],
  no_accidents: ["未报告生产安全事故。", "No production-safety accidents were reported."],
  accident_date: ["发生日期", "Date"],
  deaths: ["死亡", "Deaths"],
  serious_injuries: ["重伤", "Serious injuries"],
  minor_injuries: ["轻伤", "Minor injuries"],
  direct_loss: ["直接经济损失（万元）", "Direct loss (10k CNY)"],
  accident_class: ["事故等级", "Class"],
  accident_kind: ["事故类别", "Kind"],
  contractor: ["承包商", "contractor"],
  prerequisites: ["基本条件（必备条件）", "Prerequisites"],
  level_texts: ["等级条件原文", "Level conditions as published"],
  prerequisite_met: ["满足", "met"],
  prerequisite_unmet: ["不满足", "not met"],
  prerequisite_blocks: ["未满足时不得评为", "if unmet, withholds"],
  prerequisite_all: ["任何等级", "every level"],
  prerequisite_cut: ["扣除总分的", "takes off the total"],
  parts: ["要素的合成方式", "How parts combine"],
  part: ["部分", "Part"],
  combination: ["合成方式", "Rule"],
  contribution: ["贡献", "Contribution"],
  evidence: ["证据文件索引", "Evidence index"],
  no_evidence: ["未引用证据文件。", "No evidence files were cited."],
  file: ["文件", "File"],
  size: ["大小", "Size"],
  sha256: ["SHA-256 校验值", "SHA-256"],
  evidence_note: [
    "以下文件的 SHA-256 校验值记录于评分时，可用 stdz verify 核对证据是否被改动。",
    "The SHA-256 of each file was recorded at scoring time; stdz verify checks that the evidence did not change.",
  ],
  diagnostics: ["评分提示", "Scoring notes"],
  signatures: ["签字确认", "Signatures"],
  sign_leader_self: ["自评组组长", "Self-assessment team leader"],
  sign_leader_review: ["评审组组长", "Review team leader"],
  "sign_leader_spot-check": ["抽查组组长", "Spot-check team leader"],
  sign_members: ["评定人员", "Team members"],
  team_self: ["自评组", "Self-assessment team"],
  team_review: ["评审组", "Review team"],
  "team_spot-check": ["抽查组", "Spot-check team"],
  team_role: ["职务", "Role"],
  team_name: ["姓名", "Name"],
  team_qualification: ["资格证书编号", "Qualification no."],
  role_组长: ["组长", "Team leader"],
  role_组员: ["组员", "Member"],
  role_技术专家: ["技术专家", "Technical expert"],
  risk: ["安全风险等级", "Risk level"],
  risk_红: ["红（重大风险）", "Red (major risk)"],
  risk_橙: ["橙（较大风险）", "Orange (considerable risk)"],
  risk_黄: ["黄（一般风险）", "Yellow (general risk)"],
  risk_蓝: ["蓝（低风险）", "Blue (low risk)"],
  issued_self: ["企业自评", "Self-assessment by the enterprise"],
  assessed_by: ["评定方式", "Assessed by"],
  organisation_missing: ["评审单位未填写", "review organisation not given"],
  narrative_self: ["自评情况", "About this self-assessment"],
  narrative_review: ["评审情况", "About this review"],
  "narrative_spot-check": ["抽查情况", "About this spot check"],
  narrative_overview: ["企业概况", "The enterprise"],
  narrative_process_self: ["自评过程", "How the self-assessment was done"],
  narrative_process_review: ["评审过程", "How the review was done"],
  "narrative_process_spot-check": ["抽查过程", "How the spot check was done"],
  narrative_problems: ["主要问题", "Main problems"],
  narrative_conclusion_self: ["自评结论", "Conclusion"],
  narrative_conclusion_review: ["评审意见", "Review opinion"],
  "narrative_conclusion_spot-check": ["抽查意见", "Spot-check opinion"],
  narrative_suggestions: ["建议", "Suggestions"],
  sign_principal: ["企业主要负责人", "Principal of the enterprise"],
  sign_org_self: ["企业（盖章）", "Enterprise (seal)"],
  sign_org_review: ["评审单位（盖章）", "Review organisation (seal)"],
  "sign_org_spot-check": ["抽查单位（盖章）", "Inspecting body (seal)"],
  signature: ["签字", "Signature"],
  date: ["日期", "Date"],
  year_month_day: ["　　年　　月　　日", "____-__-__"],
  generated_by: ["本报告由 stdz 根据评分结果生成", "Generated by stdz from the scoring result"],
  page_of: ["第 {page} 页", "page {page}"],
  contents_count: ["项", "items"],
  points_unit: ["分", "pts"],
  yes: ["是", "yes"],
  no: ["否", "no"],
  fill_in: ["（由企业填写）", "(filled in by the enterprise)"],
  rectification_intro: [
    "请企业针对下列不符合项制定整改措施，明确责任人，在整改期限内完成整改并报验收。",
    "For each nonconformity below, set a measure and a responsible person, and complete it by the deadline.",
  ],
  filled_by: ["填表人", "Filled in by"],
  checked_by: ["验收人", "Checked by"],
};

const GRADE_EN: Record<string, string> = {
  一级: "Level 1",
  二级: "Level 2",
  三级: "Level 3",
  小微达标: "Qualified (small/micro)",
  未达标: "Not qualified",
};

export function gradeLabel(grade: unknown, lang: LabelLang): string {
  const g = String(grade ?? "");
  return lang === "en" ? (GRADE_EN[g] ?? g) : g;
}

/** CSS class for a grade: grade-1 … grade-3, grade-small, grade-none. */
export function gradeClass(grade: unknown): string {
  switch (String(grade ?? "")) {
    case "一级":
      return "grade-1";
    case "二级":
      return "grade-2";
    case "三级":
      return "grade-3";
    case "小微达标":
      return "grade-small";
    case "未达标":
      return "grade-none";
    default:
      return "grade-other";
  }
}

const STATUS: Record<string, readonly [string, string]> = {
  conform: ["符合", "conform"],
  nonconform: ["不符合", "nonconform"],
  na: ["不适用", "not applicable"],
  // A prerequisite's state in a grade reason (actual / required).
  met: ["满足", "met"],
  unmet: ["不满足", "not met"],
};

export function statusLabel(status: unknown, lang: LabelLang): string {
  const s = STATUS[String(status)];
  return s ? s[lang === "en" ? 1 : 0] : String(status ?? "");
}

const KIND: Record<string, readonly [string, string]> = {
  self: ["自评", "self-assessment"],
  review: ["评审", "review"],
  "spot-check": ["抽查", "spot check"],
};

export function kindLabel(kind: unknown, lang: LabelLang): string {
  const k = KIND[String(kind)];
  return k ? k[lang === "en" ? 1 : 0] : String(kind ?? "");
}

const CONDITION: Record<string, readonly [string, string]> = {
  min_score: ["得分", "score"],
  min_element_rate: ["要素得分率", "element rate"],
  performance: ["安全绩效", "safety performance"],
  veto: ["否决项", "veto item"],
  prerequisite: ["基本条件", "prerequisite"],
  requires: ["等级条件", "level condition"],
  applied_level: ["申请等级", "level applied for"],
};

const RULE: Record<string, readonly [string, string]> = {
  pool: ["{title} = 各子项得分合计 ÷ 适用分", "{title} = points earned over applicable points of its {n} parts"],
  min: ["{title} = {n} 个子项最低分", "{title} = the lowest of its {n} parts"],
  mean: ["{title} = {n} 个子项平均分", "{title} = the mean of its {n} parts"],
  weighted: ["{title} = {n} 个子项加权平均", "{title} = the weighted mean of its {n} parts"],
};

/** How an element combines its children, in words: 通风 = 11 个子项最低分. */
export function ruleLabel(aggregate: string, title: string, n: number, lang: LabelLang): string {
  const r = RULE[aggregate] ?? RULE.pool!;
  return r[lang === "en" ? 1 : 0].replace("{title}", title).replace("{n}", String(n));
}

export function conditionLabel(c: unknown, lang: LabelLang): string {
  const k = CONDITION[String(c)];
  return k ? k[lang === "en" ? 1 : 0] : String(c ?? "");
}

const TIER: Record<string, readonly [string, string]> = {
  national: ["国家标准", "national"],
  industry: ["行业标准", "industry"],
  provincial: ["省级标准", "provincial"],
  municipal: ["市级标准", "municipal"],
  county: ["县级标准", "county"],
};

export function tierLabel(tier: unknown, lang: LabelLang): string {
  const k = TIER[String(tier)];
  return k ? k[lang === "en" ? 1 : 0] : String(tier ?? "");
}

export function label(key: string, lang: LabelLang): string | undefined {
  const l = LABELS[key];
  return l ? l[lang === "en" ? 1 : 0] : undefined;
}
