import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { diag, sortDiagnostics } from "../diagnostics.js";
import { allItems, TIERS, type Tier } from "../core/standard/model.js";
import { Rational } from "../core/lib/rational.js";
import { t } from "../i18n.js";
import { writeFileAtomic } from "../io/atomic.js";
import { exitCode } from "../flows/outcome.js";
import { compileStandard } from "../flows/standard.js";
import { displayPath, relativizeDiagnostics } from "../io/display.js";
import { PACKAGE_ROOT } from "../io/schema.js";
import { isPathRef } from "../io/standards.js";
import { printDiagnostics, usageError } from "./output.js";

export interface InitStandardOptions {
  extends: string;
  id: string;
  title?: string;
  tier?: Tier;
  region?: string;
  output?: string;
  force?: boolean;
  standardsPath: string[];
  path: string[];
}

const q = (s: string) => JSON.stringify(s);

export async function run(opts: InitStandardOptions): Promise<number> {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(opts.id))
    throw usageError(t(`--id “${opts.id}” 只能含小写字母、数字、'.'、'-'`, `--id '${opts.id}' may hold only lower-case letters, digits, '.' and '-'`));
  const out = resolve(opts.output ?? `${opts.id}.yaml`);
  if (existsSync(out) && !opts.force) {
    printDiagnostics([diag("STD008", { file: displayPath(out) }, { file: displayPath(out) })]);
    return exitCode("cannot-run");
  }
  const { value: base, diagnostics, outcome } = await compileStandard(opts.extends, [...opts.standardsPath, ...opts.path]);
  printDiagnostics(sortDiagnostics(relativizeDiagnostics(diagnostics.filter((d) => d.suppressed === undefined))));
  if (!base) return exitCode(outcome);

  const tier: Tier = opts.tier ?? TIERS[Math.min(TIERS.indexOf(base.tier) + 1, TIERS.length - 1)]!;
  const title = opts.title ?? t(`${base.title}（${opts.id}）`, `${base.title} (${opts.id})`);
  const region = opts.region ?? base.region;
  const ext = isPathRef(opts.extends) ? relative(dirname(out), resolve(opts.extends)).split("\\").join("/") : opts.extends;
  const schema = relative(dirname(out), join(PACKAGE_ROOT, "schema", "standard.schema.json"))
    .split("\\")
    .join("/");
  const items = [...allItems(base)];
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const parent = base.elements.length ? findParent(base.elements, first.item.id) : undefined;
  const taken = new Set(items.map((x) => x.item.id));
  let n = 1;
  while (taken.has(`${parent ?? first.top.id}.n${n}`)) n++;
  const newId = `${parent ?? first.top.id}.n${n}`;
  const example = 5;
  const newTotal = base.total.add(Rational.of(example)).toString();

  const lines = [
    `# yaml-language-server: $schema=${schema}`,
    "#",
    t(`# ${title}`, `# ${title}`),
    t(
      `# 基于 ${base.id}《${base.title}》（总分 ${base.total.toString()}，${items.length} 项考评内容）。`,
      `# Extends ${base.id} "${base.title}" (total ${base.total.toString()}, ${items.length} contents).`,
    ),
    t(
      "# 用 patch 按顺序修改基础标准：remove 删除、set 修改字段、add 新增要素或考评内容。",
      "# `patch` changes the base in order: remove deletes, set changes fields, add inserts an element or content.",
    ),
    t(
      "# 分值变了就在 total 写出新的总分。检查：stdz lint 本文件；编译：stdz compile 本文件 -o 输出.json",
      "# When points change, state the new total. Check: stdz lint this-file; compile: stdz compile this-file -o out.json",
    ),
    "stdz: 1",
    `id: ${opts.id}`,
    `title: ${q(title)}`,
    `tier: ${tier}`,
    `region: ${q(region)}`,
    `sectors: [${base.sectors.map(q).join(", ")}]`,
    `version: "1"`,
    `extends: ${q(ext)}`,
    t(
      `total: ${newTotal}   # 基础标准 ${base.total.toString()} + 下面示例新增的 ${example} 分`,
      `total: ${newTotal}   # the base's ${base.total.toString()} + the ${example} points of the example below`,
    ),
    "patch:",
    t("  # 示例：新增一项考评内容（请改成实际内容，或删除并改回 total）", "  # Example: add a content (make it real, or delete it and restore total)"),
    "  - op: add",
    `    parent: ${q(parent ?? first.top.id)}`,
    `    after: ${q(first.item.id)}`,
    "    item:",
    `      id: ${q(newId)}`,
    `      title: ${q(t("示例考评内容（请修改）", "Example content (edit me)"))}`,
    `      points: ${example}`,
    `      method: ${q(t("查文件、记录", "check documents and records"))}`,
    `      evidence: [${q(t("相关文件", "the relevant document"))}]`,
    "      deductions:",
    `        - { id: a, text: ${q(t(`未做到，扣${example}分`, `not done: ${example} points`))}, points: ${example} }`,
    t("  # 示例：修改一项考评内容的分值（同时调整 total）", "  # Example: change a content's points (and adjust total)"),
    "  # - op: set",
    `  #   id: ${q(first.item.id)}`,
    `  #   fields: { points: ${first.item.points.toString()} }`,
    t("  # 示例：删除一项考评内容（同时从 total 减去它的分值）", "  # Example: remove a content (and subtract its points from total)"),
    "  # - op: remove",
    `  #   id: ${q(last.item.id)}`,
    "",
  ];
  await writeFileAtomic(out, lines.join("\n"));
  process.stdout.write(t(`已写入 ${displayPath(out)}\n`, `wrote ${displayPath(out)}\n`));
  return exitCode(outcome);
}

function findParent(list: import("../core/standard/model.js").Element[], itemId: string): string | undefined {
  for (const el of list) {
    if (el.items.some((i) => i.id === itemId)) return el.id;
    const inner = findParent(el.elements, itemId);
    if (inner) return inner;
  }
  return undefined;
}
