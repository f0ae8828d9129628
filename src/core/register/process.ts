// One pass over a register's records: check each row, drop duplicates, count, keep the
// qualified rows compactly for the sorted 达标名单, and hand rejects, warnings and 动态管理
// flags to sinks as they occur. No files here: the caller feeds records and writes sinks.
import { Aggregator, collator, compareNames, type AggregateResult } from "./aggregate.js";
import type { DepartmentTable } from "./departments.js";
import { UNASSIGNED_DEPARTMENT } from "./departments.js";
import { CreditCodeIndex, NameIndex, detach } from "./dedup.js";
import { DynamicChecker, DYNAMIC_LABEL, type DynamicKind } from "./dynamic.js";
import { CompactRows } from "./list.js";
import { categoryIndex, readRow, tableColumn, UNSET_COUNTY, type RegisterRow, type RowProblem, type Thresholds } from "./row.js";
import { GRADE_RANK, QUALIFYING } from "./values.js";
import { qualifiedSpan, spanStanding } from "./qualified.js";
import { type HeaderMap } from "./columns.js";
import type { Text } from "../lib/text.js";

export interface ProcessOptions {
  header: HeaderMap;
  asOf: string;
  thresholds: Thresholds;
  departments: DepartmentTable;
  /** Keep qualified rows for the 达标名单 (default true). */
  keepList?: boolean;
  /** 应达标企业数: "all" also counts rejected rows that are not later duplicates, as not 达标 (default); "accepted" only accepted rows. */
  denominator?: Denominator;
}

export type Denominator = "all" | "accepted";

export interface ProcessSinks {
  /** A rejected row, as it was, with every problem found in it. */
  reject?(fields: readonly string[], row: number, line: number, problems: readonly RowProblem[]): void;
  /** A warning on an accepted row. */
  warn?(row: number, line: number, problem: RowProblem, name: string): void;
  /** A 动态管理 entry: its kind label and detail in both languages, then the other DYNAMIC_HEADER cells. */
  dynamic?(kind: DynamicKind, label: Text, detail: Text, cells: string[]): void;
  /** An accepted row (after the duplicate checks), with its raw fields (stdz sample / deviation). */
  accept?(row: RegisterRow, fields: readonly string[]): void;
}

class Lines {
  data = new Int32Array(1024);
  set(row: number, line: number): void {
    if (row >= this.data.length) {
      let n = this.data.length;
      while (n <= row) n *= 2;
      const next = new Int32Array(n);
      next.set(this.data);
      this.data = next;
    }
    this.data[row] = line;
  }
  get(row: number): number {
    return this.data[row] ?? 0;
  }
}

export interface ProcessCounts {
  read: number;
  accepted: number;
  rejected: number;
  /** Accepted rows 达标 at asOf (qualified.ts). */
  qualified: number;
  /** Of those, rows without 发证日期: counted, but not checked against asOf. */
  unchecked: number;
  /** Rows with a qualifying grade not 达标 at asOf: certificate issued after it, or expired. */
  notYetIssued: number;
  expired: number;
  /** Rejected rows counted in 应达标企业数 as not 达标. */
  rejectedCounted: number;
  rejectedRows: number[];
  /** Warnings on accepted rows. */
  warnings: number;
  /** Row problems by code (rejections and warnings). */
  byCode: Record<string, number>;
  dynamic: Record<DynamicKind, number>;
}

export class RegisterProcessor {
  readonly agg = new Aggregator();
  readonly list: CompactRows | undefined;
  readonly counts: ProcessCounts = {
    read: 0,
    accepted: 0,
    rejected: 0,
    qualified: 0,
    unchecked: 0,
    notYetIssued: 0,
    expired: 0,
    rejectedCounted: 0,
    rejectedRows: [],
    warnings: 0,
    byCode: {},
    dynamic: { expired: 0, expiring: 0, self_assessment_overdue: 0, downgrade: 0 },
  };
  /** Sectors the department table does not list → rows. */
  readonly unknownSectors = new Map<string, number>();
  private codes: CreditCodeIndex | undefined = new CreditCodeIndex();
  private names: NameIndex | undefined = new NameIndex();
  private lines: Lines | undefined = new Lines();
  private readonly checker: DynamicChecker;
  private readonly sectorCache = new Map<string, { sectorId: number; departmentId: number }>();
  private readonly extras: number[];
  private orderCache: Uint32Array | undefined;

  constructor(
    private readonly opts: ProcessOptions,
    private readonly sinks: ProcessSinks = {},
  ) {
    this.extras = opts.header.extras;
    this.list = opts.keepList === false ? undefined : new CompactRows(3);
    this.checker = new DynamicChecker({
      asOf: opts.asOf,
      thresholds: opts.thresholds,
      hasSelfAssessment: opts.header.index.last_self_assessment !== undefined,
    });
  }

  /** Header names of the extra columns carried to the outputs. */
  get extraHeaders(): string[] {
    return this.extras.map((i) => this.opts.header.headers[i] ?? "");
  }

  private tally(problems: readonly RowProblem[]): void {
    for (const p of problems) this.counts.byCode[p.code] = (this.counts.byCode[p.code] ?? 0) + 1;
  }

  private rejectRow(fields: readonly string[], row: number, line: number, problems: readonly RowProblem[]): void {
    this.counts.rejected++;
    this.counts.rejectedRows.push(row);
    this.tally(problems);
    // A later duplicate is the same enterprise again: it never counts twice.
    if (this.opts.denominator !== "accepted" && !problems.some((p) => p.code === "REG015" || p.code === "REG016")) {
      const ci = this.opts.header.index.county;
      const county = ci === undefined ? "" : (fields[ci] ?? "").trim();
      this.counts.rejectedCounted++;
      this.agg.addRejected(this.agg.counties.id(county === "" ? UNSET_COUNTY : county));
    }
    this.sinks.reject?.(fields, row, line, problems);
  }

  /** A record whose quote never closes. */
  unclosed(fields: readonly string[], row: number, line: number, column: number): void {
    this.counts.read++;
    this.lines!.set(row, line);
    this.rejectRow(fields, row, line, [{ code: "REG004", column, args: { column }, reject: true }]);
  }

  /** A record rejected before its values are read (bytes its encoding cannot decode, say). */
  rejectRecord(fields: readonly string[], row: number, line: number, problems: readonly RowProblem[]): void {
    this.counts.read++;
    this.lines!.set(row, line);
    this.rejectRow(fields, row, line, problems);
  }

  record(fields: readonly string[], row: number, line: number): void {
    this.counts.read++;
    this.lines!.set(row, line);
    const header = this.opts.header;
    const checked = readRow(fields, header, { row, line }, this.opts.thresholds);
    const r = checked.row;
    let problems = checked.problems;
    let dup: RowProblem | undefined;

    // Duplicates: any row with a valid credit code claims it (even one rejected for another reason).
    const ci = header.index.credit_code;
    const code = r ? r.credit_code : ci === undefined ? "" : (fields[ci] ?? "").trim();
    if (code !== "") {
      if (r || !problems.some((p) => p.code === "REG012" || p.code === "REG013")) {
        const first = this.codes!.addOrGet(code, row);
        if (first) dup = { code: "REG015", column: (ci ?? 0) + 1, args: { value: code, first_row: first, first_line: this.lines!.get(first) }, reject: true };
      }
    } else if (r) {
      const first = this.names!.addOrGet(r.name, row);
      if (first)
        dup = {
          code: "REG016",
          column: (header.index.name ?? 0) + 1,
          args: { value: r.name, first_row: first, first_line: this.lines!.get(first) },
          reject: true,
        };
    }
    if (dup) problems = [...problems, dup];

    if (!r || dup) {
      this.rejectRow(fields, row, line, problems);
      return;
    }
    this.counts.accepted++;
    if (problems.length) {
      this.counts.warnings += problems.length;
      this.tally(problems);
      if (this.sinks.warn) for (const p of problems) this.sinks.warn(row, line, p, r.name);
    }
    this.sinks.accept?.(r, fields);
    this.count(r, fields);
  }

  private count(r: RegisterRow, fields: readonly string[]): void {
    const agg = this.agg;
    const countyId = agg.counties.id(r.county);
    let s = this.sectorCache.get(r.sector);
    if (!s) {
      const dept = this.opts.departments.lookup(r.sector);
      s = { sectorId: agg.sectors.id(r.sector), departmentId: agg.departments.id(dept ?? UNASSIGNED_DEPARTMENT) };
      this.sectorCache.set(detach(r.sector), s);
    }
    let departmentId = s.departmentId;
    if (r.department !== "") departmentId = agg.departments.id(r.department);
    else if (agg.departments.names[departmentId] === UNASSIGNED_DEPARTMENT) {
      const k = agg.sectors.names[s.sectorId]!;
      this.unknownSectors.set(k, (this.unknownSectors.get(k) ?? 0) + 1);
    }
    const span = qualifiedSpan(r);
    const standing = spanStanding(span, this.opts.asOf);
    const column = standing === "qualified" ? tableColumn(r.grade) : -1;
    agg.add(countyId, s.sectorId, departmentId, categoryIndex(r.above_scale, r.high_risk), column);
    if (span) agg.addSpan(countyId, span);
    // Not yet issued at asOf: nothing to follow up on that day either.
    if (standing === "grade") return;
    if (standing === "not-yet-issued") {
      this.counts.notYetIssued++;
      return;
    }
    if (standing === "expired") this.counts.expired++;
    else {
      this.counts.qualified++;
      if (!r.issued) this.counts.unchecked++;
    }
    if (standing === "qualified" && this.list) {
      const cells = [r.name, r.credit_code, r.cert_no, r.issued ?? "", r.valid_until ?? ""];
      for (const i of this.extras) cells.push(fields[i] ?? "");
      this.list.add(cells, [countyId, s.sectorId * 4 + GRADE_RANK[r.grade!], departmentId]);
    }
    if (this.sinks.dynamic) {
      const flags = this.checker.flags(r);
      if (flags.length === 0) return;
      for (const f of flags) {
        this.counts.dynamic[f.kind]++;
        this.sinks.dynamic(f.kind, DYNAMIC_LABEL[f.kind], f, [
          r.county,
          r.sector,
          agg.departments.names[departmentId]!,
          r.name,
          r.credit_code,
          r.grade!,
          r.cert_no,
          r.issued ?? "",
          r.valid_until ?? "",
          r.last_self_assessment ?? "",
          r.score?.text ?? "",
          r.audit_score?.text ?? "",
          r.audit_grade ?? "",
          String(r.row),
        ]);
      }
    } else {
      for (const f of this.checker.flags(r)) this.counts.dynamic[f.kind]++;
    }
  }

  /**
   * Reading is over: drop what only reading needed (the seen credit codes and names, the line
   * of every row) before the 达标名单 is sorted.
   */
  endOfInput(): void {
    this.codes = undefined;
    this.names = undefined;
    this.lines = undefined;
    this.sectorCache.clear();
  }

  result(): AggregateResult {
    return this.agg.result();
  }

  /**
   * The 达标名单 in order — county, sector, grade (一级, 二级, 三级, 小微达标), name in zh-CN
   * collation — as LIST_HEADER cells followed by the extra columns.
   */
  *qualifiedRows(): Generator<string[]> {
    const list = this.list;
    if (!list) return;
    const agg = this.agg;
    const rankOf = (names: string[], last?: string) => {
      const order = names.map((_, i) => i).sort((a, b) => compareNames(names[a]!, names[b]!, last));
      const rank = new Int32Array(names.length);
      order.forEach((id, r) => (rank[id] = r));
      return rank;
    };
    const countyRank = rankOf(agg.counties.names, UNSET_COUNTY);
    const sectorRank = rankOf(agg.sectors.names);
    const S = Math.max(1, agg.sectors.names.length);
    const G = QUALIFYING.length;
    const C = Math.max(1, agg.counties.names.length);
    const order = (this.orderCache ??= list.order(
      (i) => (countyRank[list.key(0, i)]! * S + sectorRank[list.key(1, i) >> 2]!) * G + (list.key(1, i) & 3),
      C * S * G,
      collator,
    ));
    for (const i of order) {
      const c = list.cells(i);
      yield [
        agg.counties.names[list.key(0, i)]!,
        agg.sectors.names[list.key(1, i) >> 2]!,
        agg.departments.names[list.key(2, i)]!,
        c[0]!,
        c[1]!,
        QUALIFYING[list.key(1, i) & 3]!,
        c[2]!,
        c[3]!,
        c[4]!,
        ...c.slice(5),
      ];
    }
  }
}
