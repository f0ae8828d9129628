import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { diag } from "../diagnostics.js";
import { loadStandardRef } from "../flows/bundle.js";
import { exitCode } from "../flows/outcome.js";
import { itemsOf, type Comparison, type Condition, type Element, type Item, type Standard } from "../core/standard/model.js";
import { Rational } from "../core/lib/rational.js";
import { writeFileAtomic } from "../io/atomic.js";
import { MANIFEST } from "../io/bundle.js";
import { WORKBOOK } from "../io/self-assessment-names.js";
import { PACKAGE_ROOT } from "../io/schema.js";
import { isPathRef } from "../io/standards.js";
import { t } from "../i18n.js";
import { printDiagnostics } from "./output.js";

export interface InitBundleOptions {
  standard: string;
  path: string[];
  force?: boolean;
  format: "yaml" | "xlsx";
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ").trim();

const OPS: Record<keyof Comparison, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", in: "∈" };

/** An `applies_when` condition as readable text, for a comment. */
export function describeCondition(c: Condition): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (k === "all")
      parts.push(
        (v as Condition[])
          .map(describeCondition)
          .map((s) => `(${s})`)
          .join(t(" 且 ", " and ")),
      );
    else if (k === "any")
      parts.push(
        (v as Condition[])
          .map(describeCondition)
          .map((s) => `(${s})`)
          .join(t(" 或 ", " or ")),
      );
    else if (k === "not") parts.push(t(`非(${describeCondition(v as Condition)})`, `not (${describeCondition(v as Condition)})`));
    else
      for (const [op, val] of Object.entries(v as Comparison)) {
        parts.push(`${k} ${OPS[op as keyof Comparison] ?? op} ${Array.isArray(val) ? `[${val.join(", ")}]` : String(val)}`);
      }
  }
  return parts.join(t(" 且 ", " and "));
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const pts = (r: { toString(): string }) => t(`${r.toString()} 分`, `${r.toString()} pts`);

function itemBlock(item: Item, std: Standard): string[] {
  const out: string[] = [];
  out.push(`  # ${item.id} ${oneLine(item.title)}（${pts(item.points)}）`);
  for (const d of item.deductions) {
    const extra = [
      d.max !== undefined ? t(`上限 ${d.max.toString()}`, `max ${d.max.toString()}`) : "",
      d.element_points !== undefined ? t(`追加 ${d.element_points.toString()}`, `+${d.element_points.toString()} to element`) : "",
      d.zeroes !== undefined ? t(`要素 ${d.zeroes} 不得分`, `element ${d.zeroes} earns nothing`) : "",
    ]
      .filter(Boolean)
      .join(t("，", ", "));
    out.push(`  #   ${d.id}: ${oneLine(d.text)}（${t("每次", "each")} ${pts(d.points)}${extra ? t("，", ", ") + extra : ""}）`);
  }
  for (const c of item.caps ?? [])
    out.push(
      `  #   ${t(`${c.deductions.join("、")} 合计扣至 ${c.max.toString()} 分为止`, `${c.deductions.join(", ")} together lose at most ${c.max.toString()}`)}`,
    );
  if (item.exhausted_penalty !== undefined)
    out.push(`  #   ${t(`本项扣完追加扣 ${item.exhausted_penalty.toString()} 分`, `${item.exhausted_penalty.toString()} more to the element when emptied`)}`);
  if (item.applies_when) out.push(`  #   ${t("适用条件", "applies when")}: ${describeCondition(item.applies_when)}`);
  if (item.veto !== false) out.push(`  #   ${t("否决项", "veto")}${item.veto === "all" ? "" : `: ${item.veto.blocks.join(t("、", ", "))}`}`);
  if ((item.na ?? std.scoring.na) === "forbidden") out.push(`  #   ${t("不允许判为不适用", "na not allowed")}`);
  out.push(`  - item: ${JSON.stringify(item.id)}`);
  out.push(`    status:`);
  out.push(`    evidence: []`);
  return out;
}

function elementBlock(el: Element, depth: number, std: Standard): string[] {
  const points = Rational.sum([...itemsOf(el)].map((it) => it.points));
  const out: string[] = [`  # ${depth === 0 ? "══" : "──"} ${el.id} ${oneLine(el.title)}（${pts(points)}） ${depth === 0 ? "══" : "──"}`];
  for (const it of el.items) out.push(...itemBlock(it, std));
  for (const child of el.elements) out.push(...elementBlock(child, depth + 1, std));
  return out;
}

/** Declared profile fields (DESIGN.md extension 6), commented out: BUN073 asks for those a condition uses. */
function profileLines(std: Standard): string[] {
  const fields = Object.entries(std.profile ?? {});
  if (fields.length === 0) return [];
  const out = [
    t(
      "  # profile:                     # 标准声明的企业信息（条件用到的必须填写）",
      "  # profile:                     # facts the standard declares (required where a condition uses them)",
    ),
  ];
  for (const [k, d] of fields) {
    const kind =
      d.type === "enum"
        ? (d.values ?? []).join(" / ")
        : d.type === "boolean"
          ? "true / false"
          : d.type === "integer"
            ? t("整数", "integer")
            : d.type === "number"
              ? t("数字", "number")
              : t("文字", "text");
    out.push(`  #   ${k}:${" ".repeat(Math.max(1, 26 - k.length))}# ${oneLine(d.title)}：${kind}`);
  }
  return out;
}

/** The standard's prerequisites, each unmet until the assessor says otherwise: a grade is never awarded by default. */
function prerequisiteLines(std: Standard): string[] {
  const ps = std.prerequisites ?? [];
  if (ps.length === 0) return [];
  const out = [
    t(
      "prerequisites:                   # 基本条件：逐条核实后填写 met: true（满足）或 false",
      "prerequisites:                   # prerequisites: check each and set met: true or false",
    ),
  ];
  for (const p of ps) {
    const blocks = p.blocks === "all" ? t("任何等级", "every level") : p.blocks.join(t("、", ", "));
    out.push(`  # ${p.id} ${oneLine(p.text)}${t(`（未满足时不得评为${blocks}）`, ` (if unmet, withholds ${blocks})`)}`);
    out.push(`  - { id: ${JSON.stringify(p.id)}, met: false }`);
  }
  return out;
}

/** The text of a bundle.yaml that lists every content of the standard as a finding to fill in. */
export function bundleTemplate(std: Standard, standardRef: string, schemaRef: string, date: string): string {
  const count = std.elements.reduce((n, el) => n + [...itemsOf(el)].length, 0);
  const lines = [
    `# yaml-language-server: $schema=${schemaRef}`,
    t(
      `# 证据包：${std.title}（${std.id}，${count} 项考评内容，总分 ${std.total.toString()}）`,
      `# Evidence bundle: ${std.title} (${std.id}, ${count} contents, total ${std.total.toString()})`,
    ),
    t(
      "# 由 stdz init bundle 生成。逐项填写 status：conform 符合；nonconform 不符合（在 deductions 中列出扣分项及次数）；",
      "# Written by stdz init bundle. Fill in each status: conform; nonconform (list the deductions and counts);",
    ),
    t(
      "# na 不适用（写明 reason）。证据文件放在 files/ 下，在 evidence 中写相对路径，例如 files/目标/2024年目标.pdf。",
      "# na (give a reason). Put evidence files under files/ and cite them by relative path, e.g. files/goals/2024.pdf.",
    ),
    t("# 填写完成后运行：stdz score <本文件夹>", "# When done, run: stdz score <this folder>"),
    "stdz: 1",
    `standard: ${JSON.stringify(standardRef)}`,
    "enterprise:",
    `  name: ""${t("                       # 单位名称（必填）", "                       # enterprise name (required)")}`,
    `  # credit_code: ""${t("              # 统一社会信用代码（18 位）", "              # unified social credit code (18 characters)")}`,
    `  # sector: ""${t("                   # 所属行业", "                   # sector")}`,
    `  # region: ""${t("                   # 所在地区，如 福建省泉州市丰泽区", "                   # region, e.g. 福建省泉州市丰泽区")}`,
    `  # employees: 0${t("                 # 从业人员数量（适用条件会用到）", "                 # head count (used by applies_when)")}`,
    "  # above_scale: false",
    "  # high_risk: false",
    "  # small_micro: false",
    `  # risk: 黄${t("                     # 企业安全风险等级：红 / 橙 / 黄 / 蓝", "                     # risk colour: 红 / 橙 / 黄 / 蓝")}`,
    `  # legal_rep: ""${t("                # 法定代表人（报告签字栏）", "                # legal representative (report signature block)")}`,
    ...profileLines(std),
    "assessment:",
    `  kind: self${t("                     # self 自评 / review 评审 / spot-check 抽查", "                     # self / review / spot-check")}`,
    `  date: "${date}"`,
    `  # organisation: ""${t("             # 评审单位（评审、抽查时必填，印在报告封面）", "             # the organisation that assessed (review, spot-check: on the report's cover)")}`,
    "  assessors: []",
    t("  # team:                         # 评审组（报告中逐人留签字栏）", "  # team:                         # the review team (each signs the report)"),
    t(
      "  #   - { name: 张三, role: 组长, qualification: 证书编号 }   # role：组长 / 组员 / 技术专家",
      "  #   - { name: 张三, role: 组长, qualification: certificate no. }   # role: 组长 / 组员 / 技术专家",
    ),
    t(
      "# narrative:                       # 评审组自己的文字，报告按此顺序印出（均可省略）",
      "# narrative:                       # the team's own words, printed in this order (all optional)",
    ),
    t("#   overview: 企业概况", "#   overview: the enterprise (企业概况)"),
    t("#   process: 评审过程", "#   process: how the assessment was done (评审过程)"),
    t("#   problems: 主要问题", "#   problems: main problems (主要问题)"),
    t("#   conclusion: 评审意见/结论", "#   conclusion: opinion (评审意见)"),
    t("#   suggestions: 建议", "#   suggestions: suggestions (建议)"),
    t(
      'accidents: []                    # 生产安全事故，如 - { date: "2024-01-12", serious_injuries: 1 }',
      'accidents: []                    # accidents, e.g. - { date: "2024-01-12", serious_injuries: 1 }',
    ),
    ...prerequisiteLines(std),
    "findings:",
  ];
  for (const el of std.elements) lines.push(...elementBlock(el, 0, std));
  return lines.join("\n") + "\n";
}

export async function run(dirArg: string, opts: InitBundleOptions): Promise<number> {
  const loaded = await loadStandardRef(opts.standard, process.cwd(), opts.path);
  if (!loaded.standard) {
    printDiagnostics(loaded.diagnostics);
    return exitCode(loaded.notFound ? "cannot-run" : "invalid");
  }
  const dir = resolve(dirArg);
  const toPosix = (p: string) => p.split(sep).join("/");
  const ref = isPathRef(opts.standard) ? toPosix(relative(dir, resolve(opts.standard))) : opts.standard;
  if (opts.format === "xlsx") return writeWorkbook(loaded.standard, dir, dirArg, ref, opts.force === true);
  const file = join(dirArg, MANIFEST);
  if (existsSync(join(dir, MANIFEST)) && !opts.force) {
    printDiagnostics([diag("BUN064", { file }, { file })]);
    return exitCode("cannot-run");
  }
  const schema = toPosix(relative(dir, join(PACKAGE_ROOT, "schema", "bundle.schema.json")));
  const text = bundleTemplate(loaded.standard, ref, schema, today());
  await writeFileAtomic(join(dir, MANIFEST), text);
  try {
    await mkdir(join(dir, "files"), { recursive: true });
  } catch {
    /* the manifest is what matters; files/ is a convenience */
  }
  const n = [...loaded.standard.elements].reduce((acc, el) => acc + [...itemsOf(el)].length, 0);
  process.stderr.write(t(`已生成 ${file}（${n} 项考评内容待填写）\n`, `wrote ${file} (${n} contents to fill in)\n`));
  return exitCode("ok");
}

/** 自评表.xlsx instead of bundle.yaml, for enterprises that fill their 自评 in Excel. */
async function writeWorkbook(std: Standard, dir: string, dirArg: string, ref: string, force: boolean): Promise<number> {
  const file = join(dirArg, WORKBOOK);
  const refuse = (d: ReturnType<typeof diag>) => {
    printDiagnostics([d]);
    return exitCode("cannot-run");
  };
  if (existsSync(join(dir, WORKBOOK)) && !force) return refuse(diag("BUN064", { file }, { file }));
  if (existsSync(join(dir, MANIFEST))) return refuse(diag("BUN082", { dir: dirArg }, { file: join(dirArg, MANIFEST) }));
  const { selfAssessmentWorkbook } = await import("../render/score/self-assessment-xlsx.js");
  await writeFileAtomic(join(dir, WORKBOOK), await selfAssessmentWorkbook(std, { standardRef: ref, date: today() }));
  try {
    await mkdir(join(dir, "files"), { recursive: true });
  } catch {
    /* the workbook is what matters; files/ is a convenience */
  }
  const n = std.elements.reduce((acc, el) => acc + [...itemsOf(el)].length, 0);
  process.stderr.write(
    t(
      `已生成 ${file}（${n} 项考评内容待填写；填写后运行 stdz score ${dirArg}）\n`,
      `wrote ${file} (${n} contents to fill in; then run stdz score ${dirArg})\n`,
    ),
  );
  return exitCode("ok");
}
