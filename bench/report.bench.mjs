// Rendering a 300-content result to HTML inside the process (start-up excluded): goal ≤ 100 ms.
// The result is generated here (8 first-level elements, 300 contents, every 5th nonconforming,
// every 17th 不适用, two evidence files per conforming content); the renderer is warmed up once
// (template compile), then each render is timed and the median reported.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median, reportAbsolute, ROOT } from "./lib.mjs";

function makeResult(n = 300) {
  const titles = ["目标职责", "制度化管理", "教育培训", "现场管理", "安全风险管控及隐患排查治理", "应急管理", "事故管理", "持续改进"];
  const elements = titles.map((title, i) => ({
    id: `5.${i + 1}`,
    title,
    points: 0,
    applicable_points: 0,
    na_points: 0,
    items_earned: 0,
    element_deductions: 0,
    earned_points: 0,
    rate: null,
  }));
  const items = [];
  const nonconformities = [];
  const evidence = [];
  for (let k = 0; k < n; k++) {
    const el = elements[k % 8];
    const id = `${el.id}.${Math.floor(k / 8) + 1}`;
    const points = 2 + (k % 5);
    const title = `考评内容 ${id}：建立并落实相应的安全生产管理制度，按规定开展检查、记录和考核，发现问题及时整改（${k}）`;
    el.points += points;
    if (k % 17 === 0) {
      el.na_points += points;
      items.push({ id, title, element: el.id, status: "na", points, earned: 0, deductions: [], reason: "企业无此类设施", veto: false, evidence: [] });
      continue;
    }
    el.applicable_points += points;
    if (k % 5 === 0) {
      const ded = [{ id: "a", text: "每缺一项扣1分", points: 1, count: 2, lost: 2, note: "现场检查发现两处问题" }];
      el.items_earned += points - 2;
      items.push({ id, title, element: el.id, status: "nonconform", points, earned: points - 2, deductions: ded, veto: k === 25, evidence: [] });
      nonconformities.push({
        item: id,
        title,
        element: el.id,
        element_title: el.title,
        veto: k === 25,
        points,
        earned: points - 2,
        lost: 2,
        element_deductions: 0,
        deductions: ded,
        rectify_by: "2024-09-30",
        evidence: [],
      });
    } else {
      el.items_earned += points;
      const ev = [`files/${el.id}/${id}-制度.pdf`, `files/${el.id}/${id}-记录.pdf`];
      for (const p of ev) evidence.push({ path: p, sha256: "0123456789abcdef".repeat(4), bytes: 123456 });
      items.push({ id, title, element: el.id, status: "conform", points, earned: points, deductions: [], veto: false, evidence: ev });
    }
  }
  let appl = 0,
    earned = 0,
    na = 0,
    total = 0;
  for (const e of elements) {
    e.earned_points = e.items_earned;
    e.rate = e.applicable_points ? Math.round((e.earned_points / e.applicable_points) * 1e6) / 1e6 : null;
    appl += e.applicable_points;
    earned += e.earned_points;
    na += e.na_points;
    total += e.points;
  }
  const score = Math.round((earned / appl) * 1000) / 10;
  return {
    stdz: 1,
    kind: "result",
    generated_by: { tool: "stdz", version: "bench" },
    standard: {
      id: "bench-300",
      title: "基准测试评分标准",
      version: "1",
      tier: "provincial",
      region: "福建省",
      fingerprint: "sha256:" + "ab".repeat(32),
      model: "points",
      scale: 100,
      round: 1,
      levels: ["一级", "二级", "三级"],
    },
    enterprise: { name: "基准测试有限公司", credit_code: "913505031458763299", sector: "机械", region: "福建省泉州市" },
    assessment: { kind: "self", date: "2024-06-30", assessors: ["张三", "李四"] },
    accidents: [],
    total,
    applicable_points: appl,
    na_points: na,
    earned_points: earned,
    element_deductions: 0,
    raw_score: String(score),
    score,
    grade: "二级",
    grade_reasons: [{ level: "一级", condition: "veto", actual: "5.2.4", required: "符合", item: "5.2.4", message: "否决项不符合" }],
    formula: `得分 = ${earned} ÷ ${appl} × 100`,
    elements,
    items,
    nonconformities,
    evidence,
    diagnostics: [],
  };
}

export default async function () {
  const { renderReport } = await import(pathToFileURL(join(ROOT, "dist", "render", "report", "report.js")).href);
  const result = makeResult(300);
  const first = performance.now();
  const warm = await renderReport(result, { template: "report", lang: "zh" });
  const firstMs = performance.now() - first;
  if (!warm.text.includes("基准测试有限公司") || (warm.text.match(/<tr data-element=/g) ?? []).length !== 8)
    throw new Error("bench: the report did not render as expected");
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await renderReport(result, { template: "report", lang: "zh" });
    times.push(performance.now() - t0);
  }
  console.log(
    `  (300 contents, ${result.nonconformities.length} nonconformities, ${result.evidence.length} evidence files; ${(warm.text.length / 1024).toFixed(0)} KB of HTML; first render with compile ${firstMs.toFixed(1)} ms)`,
  );
  reportAbsolute({ name: "report: render 300-content result to HTML (median, in-process)", value: median(times), unit: "ms", goal: 100 });
}
