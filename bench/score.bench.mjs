// `stdz score`: a generated 300-content bundle without evidence against bare `node -e 0`
// (goal ≤ 3×), and the same bundle citing 1,000 evidence files of ~100 KB against
// `sha256sum` over the same files (goal ≤ 1.3×). Everything is generated into bench/.tmp.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bareNode, report, stdz, timePair, TMP } from "./lib.mjs";

const ELEMENTS = 10;
const PER_ELEMENT = 30; // 300 contents
const FILES = 1000;
const FILE_BYTES = 100 * 1024;

function standardYaml() {
  const lines = [
    "stdz: 1",
    "id: bench-300",
    "title: 基准测试标准（300 项）",
    "tier: municipal",
    "region: 示例市",
    "sectors: ['*']",
    `total: ${ELEMENTS * PER_ELEMENT * 10}`,
    "grading:",
    "  levels:",
    "    - { name: 一级, min_score: 90, min_element_rate: 0.6, performance: { months: 12, max_total: { deaths: 0, serious_injuries: 0 } } }",
    "    - { name: 二级, min_score: 75, performance: { months: 12, max_total: { deaths: 0 } } }",
    "    - { name: 三级, min_score: 60 }",
    "elements:",
  ];
  for (let e = 1; e <= ELEMENTS; e++) {
    lines.push(`  - id: "${e}"`, `    title: 一级要素${e}`, "    elements:");
    for (let p = 1; p <= 3; p++) {
      lines.push(`      - id: "${e}.${p}"`, `        title: 二级要素${e}.${p}`, "        items:");
      for (let i = 1; i <= PER_ELEMENT / 3; i++) {
        const id = `${e}.${p}.${i}`;
        lines.push(
          `          - id: "${id}"`,
          `            title: 考评内容 ${id}：建立并落实相应的安全生产管理要求，有记录可查`,
          "            points: 10",
          "            deductions:",
          "              - { id: a, text: 每缺一项扣2分, points: 2, max: 8 }",
          "              - { id: b, text: 未落实扣10分, points: 10 }",
          "              - { id: c, text: 瞒报, points: 10, element_points: 5 }",
        );
        if (i === 1) lines.push("            exhausted_penalty: 5");
        if (i === 2) lines.push("            applies_when: { employees: { gt: 100 } }");
      }
    }
  }
  return lines.join("\n") + "\n";
}

function bundleYaml(evidence) {
  const lines = [
    "stdz: 1",
    "standard: ../standard.yaml",
    "enterprise:",
    "  name: 基准测试有限公司",
    "  credit_code: 91350500154326783G",
    "  employees: 230",
    "assessment:",
    "  kind: review",
    '  date: "2024-06-30"',
    "accidents: []",
    "findings:",
  ];
  let n = 0;
  let k = 0;
  for (let e = 1; e <= ELEMENTS; e++)
    for (let p = 1; p <= 3; p++)
      for (let i = 1; i <= PER_ELEMENT / 3; i++, n++) {
        const id = `${e}.${p}.${i}`;
        const cite = [];
        // Spread the files over the findings: 1,000 over 300 contents.
        while (evidence && k < FILES && k < Math.round(((n + 1) * FILES) / (ELEMENTS * PER_ELEMENT))) cite.push(`files/${String(k++).padStart(4, "0")}.bin`);
        const ev = cite.length ? `, evidence: [${cite.join(", ")}]` : "";
        if (n % 17 === 5) lines.push(`  - { item: "${id}", status: nonconform, deductions: [{ id: a, count: 3 }]${ev} }`);
        else lines.push(`  - { item: "${id}", status: conform${ev} }`);
      }
  return lines.join("\n") + "\n";
}

export default async function () {
  const root = join(TMP, "score");
  rmSync(join(root, "plain"), { recursive: true, force: true });
  mkdirSync(join(root, "plain"), { recursive: true });
  writeFileSync(join(root, "standard.yaml"), standardYaml());
  writeFileSync(join(root, "plain", "bundle.yaml"), bundleYaml(false));

  const evDir = join(root, "evidence");
  const files = Array.from({ length: FILES }, (_, i) => join(evDir, "files", `${String(i).padStart(4, "0")}.bin`));
  if (!existsSync(files[FILES - 1])) {
    mkdirSync(join(evDir, "files"), { recursive: true });
    for (const f of files) writeFileSync(f, randomBytes(FILE_BYTES));
  }
  writeFileSync(join(evDir, "bundle.yaml"), bundleYaml(true));

  // Both bundles must score cleanly, or the timings mean nothing.
  for (const d of ["plain", "evidence"]) {
    const r = spawnSync(process.execPath, [join(root, "..", "..", "..", "bin", "stdz.js"), "score", join(root, d), "--format", "json"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`stdz score ${d} exited ${r.status}: ${r.stderr}`);
    const n = JSON.parse(r.stdout).evidence.length;
    if (d === "evidence" && n !== FILES) throw new Error(`expected ${FILES} hashed files, got ${n}`);
  }

  // The compiled standard is cached after the first run (docs/scoring.md); the uncached figure is shown too.
  const [plain, node] = timePair(stdz(["score", join(root, "plain"), "--format", "json"]), bareNode(), 10);
  report({ name: "stdz score, 300 contents, no evidence", value: plain, unit: "ms", baselineName: "node -e 0", baseline: node, goal: 3 });
  const noCache = { env: { ...process.env, STDZ_NO_CACHE: "1" } };
  const [cold, node2] = timePair(stdz(["score", join(root, "plain"), "--format", "json"], noCache), bareNode(), 5);
  report({
    name: "stdz score, 300 contents, no evidence, standard compiled every run (STDZ_NO_CACHE=1)",
    value: cold,
    unit: "ms",
    baselineName: "node -e 0",
    baseline: node2,
  });

  const [withEvidence, sha] = timePair(stdz(["score", evDir, "--format", "json"]), ["sha256sum", files], 10);
  report({
    name: "stdz score, 300 contents + 1,000 × 100 KB evidence",
    value: withEvidence,
    unit: "ms",
    baselineName: "sha256sum (same files)",
    baseline: sha,
    goal: 1.3,
  });
}
