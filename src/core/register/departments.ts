// Sector → lead supervising department (行业 → 牵头部门). The built-in table is data/sectors.json
// (泉州 附件2, 46 rows); `--departments file.csv` replaces it.

export interface DepartmentEntry {
  sector: string;
  /** The table's full wording, e.g. 危险化学品(危险化学品运输除外); matched too. */
  full?: string;
  /** Other names of the sector (data/sectors.json may list some). */
  aliases?: string[];
  department: string;
}

/** Department label for a sector the table does not list. */
export const UNASSIGNED_DEPARTMENT = "未分工";

/** Compare sector names without spaces, in half-width form, ignoring a bracketed remark. */
export function sectorKey(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "");
}

function withoutRemark(k: string): string {
  return k.replace(/\([^()]*\)$/, "");
}

export class DepartmentTable {
  private readonly map = new Map<string, string>();
  /** Departments in the table's order, for listing. */
  readonly departments: string[] = [];

  constructor(readonly entries: readonly DepartmentEntry[]) {
    for (const e of entries) {
      for (const name of [e.sector, e.full, ...(e.aliases ?? [])]) {
        if (!name) continue;
        const k = sectorKey(name);
        if (!this.map.has(k)) this.map.set(k, e.department);
        const bare = withoutRemark(k);
        if (bare !== k && !this.map.has(bare)) this.map.set(bare, e.department);
      }
      if (!this.departments.includes(e.department)) this.departments.push(e.department);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** The lead department of a sector, or undefined when the table does not list it. */
  lookup(sector: string): string | undefined {
    const k = sectorKey(sector);
    return this.map.get(k) ?? this.map.get(withoutRemark(k));
  }
}

/** Rows of a departments CSV (header included) → entries; problems as plain messages. */
export function departmentsFromRows(records: ReadonlyArray<{ fields: readonly string[]; line: number }>): {
  entries: DepartmentEntry[];
  problems: Array<{ line: number; zh: string; en: string }>;
} {
  const problems: Array<{ line: number; zh: string; en: string }> = [];
  const entries: DepartmentEntry[] = [];
  const rows = records.map((r) => r.fields);
  const header = (rows[0] ?? []).map((h) =>
    h
      .normalize("NFKC")
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase(),
  );
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const si = find(["行业", "所属行业", "行业(领域)", "行业领域", "sector", "industry"]);
  const di = find(["牵头部门", "部门", "牵头单位", "主管部门", "行业主管部门", "市直部门", "department", "lead_department"]);
  if (si < 0 || di < 0) {
    problems.push({
      line: records[0]?.line ?? 1,
      zh: `表头应有“行业”和“牵头部门”两列，实际为：${(rows[0] ?? []).join("、") || "（空）"}`,
      en: `the header needs the columns 行业 (sector) and 牵头部门 (department); found: ${(rows[0] ?? []).join(", ") || "(nothing)"}`,
    });
    return { entries, problems };
  }
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    const sector = (r[si] ?? "").trim();
    const department = (r[di] ?? "").trim();
    if (sector === "" && department === "") continue;
    if (sector === "" || department === "") {
      problems.push({ line: records[i]!.line, zh: "行业或牵头部门为空", en: "sector or department is empty" });
      continue;
    }
    entries.push({ sector, department });
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ line: 1, zh: "对照表没有任何行", en: "the table has no rows" });
  return { entries, problems };
}
