// Counting a register incrementally: 达标情况表 (规模以上企业 / 高危企业 / 其他生产经营单位 ×
// 一级 / 二级 / 三级 / 其他) overall and per county, and enterprises / qualified per county,
// sector and lead department. Memory grows with the number of distinct groups, never rows.
import { detach } from "./dedup.js";
import { CATEGORIES, TABLE_COLUMNS, UNSET_COUNTY } from "./row.js";
import { UNASSIGNED_DEPARTMENT } from "./departments.js";
import { percent } from "../lib/percent.js";
import { Rational } from "../lib/rational.js";
import { SpanCounter, type QualifiedSpan } from "./qualified.js";
import { evaluateTargets, milestonesFor, type ScopeKind, type TargetStatus, type Targets } from "./targets.js";

/** [category][column] counts; categories and columns as CATEGORIES × TABLE_COLUMNS. */
export type Table = number[][];

export function emptyTable(): Table {
  return CATEGORIES.map(() => TABLE_COLUMNS.map(() => 0));
}

export class Group {
  /** 应达标企业数: accepted rows, plus rejected rows counted as not 达标 (rule "all"). */
  enterprises = 0;
  qualified = 0;
  /** Rejected rows counted in `enterprises` as not 达标. */
  rejectedCounted = 0;
  /** Accepted enterprises per category. */
  readonly byCategory = [0, 0, 0];
  readonly table: Table = emptyTable();
  constructor(readonly name: string) {}

  /** `column`: the grade's 达标情况表 column, or -1 when the grade does not count. */
  add(category: number, column: number): void {
    this.enterprises++;
    this.byCategory[category]!++;
    if (column >= 0) {
      this.qualified++;
      this.table[category]![column]!++;
    }
  }

  /** A rejected row that counts in 应达标企业数 as not 达标. */
  addRejected(): void {
    this.enterprises++;
    this.rejectedCounted++;
  }

  get accepted(): number {
    return this.enterprises - this.rejectedCounted;
  }
}

/** Distinct names → dense ids, in order of first appearance. */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      const kept = detach(name);
      this.names.push(kept);
      this.ids.set(kept, id);
    }
    return id;
  }
  idOf(name: string): number | undefined {
    return this.ids.get(name);
  }
}

export class Aggregator {
  readonly total = new Group("合计");
  readonly counties = new Interner();
  readonly sectors = new Interner();
  readonly departments = new Interner();
  private readonly countyGroups: Group[] = [];
  private readonly sectorGroups: Group[] = [];
  private readonly departmentGroups: Group[] = [];
  /** 达标 spans overall and per county id, for the 达标率 at other dates (the trend). */
  readonly totalSpans = new SpanCounter();
  readonly countySpans: SpanCounter[] = [];

  /** Count one accepted row; ids from the interners above. */
  add(countyId: number, sectorId: number, departmentId: number, category: number, column: number): void {
    this.total.add(category, column);
    (this.countyGroups[countyId] ??= new Group(this.counties.names[countyId]!)).add(category, column);
    (this.sectorGroups[sectorId] ??= new Group(this.sectors.names[sectorId]!)).add(category, column);
    (this.departmentGroups[departmentId] ??= new Group(this.departments.names[departmentId]!)).add(category, column);
  }

  /** A rejected row counted in 应达标企业数 (overall and in its county) as not 达标. */
  addRejected(countyId: number): void {
    this.total.addRejected();
    (this.countyGroups[countyId] ??= new Group(this.counties.names[countyId]!)).addRejected();
  }

  /** The days a row with a qualifying grade is 达标. */
  addSpan(countyId: number, span: QualifiedSpan): void {
    this.totalSpans.add(span);
    (this.countySpans[countyId] ??= new SpanCounter()).add(span);
  }

  /** Groups in zh-CN collation order, 未填 / 未分工 last. */
  result(): AggregateResult {
    return {
      total: this.total,
      counties: sortGroups(this.countyGroups, UNSET_COUNTY),
      sectors: sortGroups(this.sectorGroups),
      departments: sortGroups(this.departmentGroups, UNASSIGNED_DEPARTMENT),
      spans: { total: this.totalSpans, county: (name) => this.countySpans[this.counties.idOf(name) ?? -1] ?? new SpanCounter() },
    };
  }
}

export interface AggregateResult {
  total: Group;
  counties: Group[];
  sectors: Group[];
  departments: Group[];
  /** 达标 spans overall and per county name (an empty counter for a county without any). */
  spans: { total: SpanCounter; county(name: string): SpanCounter };
}

export const collator = new Intl.Collator("zh-CN");

/** zh-CN collation; `last` (a placeholder such as 未填) sorts after everything. */
export function compareNames(a: string, b: string, last?: string): number {
  if (a === b) return 0;
  if (last !== undefined) {
    if (a === last) return 1;
    if (b === last) return -1;
  }
  return collator.compare(a, b) || (a < b ? -1 : 1);
}

function sortGroups(groups: Array<Group | undefined>, last?: string): Group[] {
  return groups.filter((g): g is Group => g !== undefined).sort((a, b) => compareNames(a.name, b.name, last));
}

/** Row sums (合计 per category) and the grand total (总计 = qualified). */
export function tableTotals(table: Table): { perCategory: number[]; perColumn: number[]; total: number } {
  const perCategory = table.map((r) => r.reduce((s, x) => s + x, 0));
  const perColumn = TABLE_COLUMNS.map((_, j) => table.reduce((s, r) => s + r[j]!, 0));
  return { perCategory, perColumn, total: perCategory.reduce((s, x) => s + x, 0) };
}

/** Qualified ÷ enterprises, exact (0 for an empty group). */
export function rate(g: { enterprises: number; qualified: number }): Rational {
  return g.enterprises === 0 ? Rational.ZERO : Rational.of(g.qualified, g.enterprises);
}

/** Rate as a percentage with one decimal, rounded half up: 5 of 6 → "83.3". */
export function ratePercent(g: { enterprises: number; qualified: number }): string {
  return percent(rate(g));
}

/**
 * The 达标率 as shown in tables: one decimal, or more where one decimal would print a figure
 * that reaches the milestone in force while it is not met (1299 of 2000 is "64.95", not "65.0").
 */
export function rateShown(r: { rate: Rational; target?: TargetStatus }): string {
  const cur = r.target?.current;
  return percent(r.rate, cur && !cur.met ? cur.rate : undefined);
}

export type Dimension = "total" | ScopeKind;

export interface RateRow {
  dimension: Dimension;
  name: string;
  enterprises: number;
  /** Rejected rows counted in `enterprises` as not 达标 (total and counties; 0 elsewhere). */
  rejectedCounted: number;
  qualified: number;
  rate: Rational;
  target?: TargetStatus;
}

/** The 达标率 table: the total, then per county, sector and lead department, each against its milestones. */
export function rateRows(agg: AggregateResult, targets: Targets | undefined, asOf: string): RateRow[] {
  const rows: RateRow[] = [];
  const push = (dimension: Dimension, g: Group) => {
    const r: RateRow = { dimension, name: g.name, enterprises: g.enterprises, rejectedCounted: g.rejectedCounted, qualified: g.qualified, rate: rate(g) };
    if (targets) r.target = evaluateTargets(milestonesFor(targets, dimension, g.name), asOf, g.enterprises, g.qualified);
    rows.push(r);
  };
  push("total", agg.total);
  for (const g of agg.counties) push("county", g);
  for (const g of agg.sectors) push("sector", g);
  for (const g of agg.departments) push("department", g);
  return rows;
}
