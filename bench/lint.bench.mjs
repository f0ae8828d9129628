// `stdz lint` of a generated 1,000-content standard against bare `node -e 0` (goal ≤ 2.5×).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bareNode, report, stdz, timePair, TMP } from "./lib.mjs";

/** 20 first-level elements × 5 second-level × 10 contents = 1,000 contents of 1 point each. */
export function generate(elements = 20, subs = 5, items = 10) {
  const out = [
    "stdz: 1",
    "id: bench-1000",
    "title: 基准测试用标准（1000 项考评内容）",
    "tier: municipal",
    "region: 示例市",
    "sectors: [冶金, 机械]",
    `total: ${elements * subs * items}`,
    "grading:",
    "  levels:",
    "    - { name: 一级, min_score: 90, min_element_rate: 0.6, performance: { months: 12, max_total: { deaths: 0, serious_injuries: 0 } } }",
    "    - { name: 二级, min_score: 75 }",
    "    - { name: 三级, min_score: 60 }",
    "elements:",
  ];
  for (let e = 1; e <= elements; e++) {
    out.push(`  - id: "${e}"`, `    title: 一级要素${e}`, "    elements:");
    for (let s = 1; s <= subs; s++) {
      out.push(`      - id: "${e}.${s}"`, `        title: 二级要素${e}.${s}`, "        items:");
      for (let i = 1; i <= items; i++) {
        const id = `${e}.${s}.${i}`;
        out.push(
          `          - id: "${id}"`,
          `            title: 考评内容${id}：建立并落实相应的安全生产管理制度和记录`,
          "            points: 1",
          "            method: 查文件、记录，现场检查",
          "            evidence: [制度文件, 检查记录]",
          "            deductions:",
          "              - { id: a, text: 未建立制度, points: 1 }",
          "              - { id: b, text: 记录不全，每处扣0.25分, points: 0.25, max: 1 }",
        );
        if (i === 10) out.push("            applies_when: { employees: { gt: 100 } }");
      }
    }
  }
  return out.join("\n") + "\n";
}

export default async function () {
  const file = join(TMP, "bench-1000.yaml");
  writeFileSync(file, generate());
  // The first (warm-up) run writes the code cache that later runs use, as a user's second run would.
  const [lint, node] = timePair(stdz(["lint", file]), bareNode(), 10);
  report({ name: "stdz lint (1,000 contents)", value: lint, unit: "ms", baselineName: "node -e 0", baseline: node, goal: 2.5 });
  // For reference: a run that compiles everything itself (first run of a build, or STDZ_NO_CACHE=1).
  const [cold, node2] = timePair(stdz(["lint", file], { env: { ...process.env, STDZ_NO_CACHE: "1" } }), bareNode(), 10);
  report({ name: "stdz lint (1,000 contents), no code cache", value: cold, unit: "ms", baselineName: "node -e 0", baseline: node2 });
}
