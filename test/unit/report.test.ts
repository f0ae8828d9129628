import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScoreResult } from "../../src/core/scoring/result.js";
import { renderReport } from "../../src/render/report/report.js";
import { reportModel } from "../../src/render/report/report-model.js";
import { FIXTURES } from "../helpers/paths.js";

const load = (name: string) => JSON.parse(readFileSync(join(FIXTURES, "results", `${name}.json`), "utf8")) as ScoreResult;
const acme = load("acme-self");
const weighted = load("review-weighted");
const hostile = load("hostile");

/** Text of the element that carries data-testid="id". */
function testid(html: string, id: string): string | undefined {
  return new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

describe("report model", () => {
  it("derives counts, 不适用 reasons and failed element rates (hand-checked in the fixtures' README)", () => {
    const m = reportModel(acme);
    expect(m.view.title).toBe("安全生产标准化自评报告");
    expect(m.view.summary).toEqual({ items: 84, conform: 71, nonconform: 9, na: 4, nonconformities: 9, veto: 1, na_points: 45 });
    expect(m.view.na_items.map((i) => [i.id, i.by_condition])).toEqual([
      ["5.4.4.2", false],
      ["5.5.2.1", false],
      ["5.5.2.2", true],
      ["5.5.2.3", true],
    ]);
    expect(m.view.na_items[2]!.reason_text).toBe("不满足标准规定的适用条件");
    expect(m.view.items_earned).toBe(885); // Σ items_earned: 146+62+82+269+118+98+50+60
    expect(m.view.accidents_total).toEqual({ deaths: 0, serious_injuries: 0, minor_injuries: 1, direct_loss: 1.5 });
    expect(m.view.nonconformity_groups.map((g) => [g.element, g.items.map((i) => i.seq)])).toEqual([
      ["5.1", [1, 2]],
      ["5.2", [3]],
      ["5.3", [4]],
      ["5.4", [5, 6, 7]],
      ["5.5", [8]],
      ["5.6", [9]],
    ]);
    const w = reportModel(weighted);
    expect(w.view.title).toBe("安全生产标准化评审报告");
    expect(w.view.low_elements).toEqual({ "1": true });
    expect(w.view.min_element_rate).toBe(0.6);
    expect(w.view.weight_total).toBe(1); // 0.3 + 0.3 + 0.2 + 0.2, exactly
    expect(w.view.qualified).toBe(false);
  });
});

describe("HTML report", () => {
  it("shows the cover facts, score, grade and every section", async () => {
    const { text, format } = await renderReport(acme);
    expect(format).toBe("html");
    expect(text.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(testid(text, "score")).toBe("91.6");
    expect(testid(text, "grade")).toBe("二级");
    expect(testid(text, "enterprise")).toBe("泉州某某钢铁有限公司");
    for (const s of ["913505031458763299", "冶金", "福建省泉州市丰泽区", "gbt33000-2016", acme.standard.fingerprint, "2024年6月30日", "张三、李四、陈五"])
      expect(text).toContain(s);
    for (const h of ["一、评定结论", "二、各要素得分情况", "三、不符合项及整改清单", "四、不适用内容", "五、安全绩效", "六、证据文件索引", "七、签字确认"])
      expect(text).toContain(h);
    expect(text).toContain("得分 &#x3D; 875 ÷ 955 × 100 &#x3D; 91.623037 → 91.6"); // "=" is escaped too
    // Element table: 8 rows; 5.2 has 追加扣分 10 and earns 52 of 80 = 65.0 %.
    expect(text.match(/<tr data-element=/g)).toHaveLength(8);
    expect(text).toMatch(/<tr data-element="5.2">[\s\S]*?−10[\s\S]*?>52<[\s\S]*?65\.0%/);
    // Chart: one bar per element, inline SVG, no script anywhere.
    expect(text.match(/<rect class="bar/g)).toHaveLength(8);
    expect(text).not.toMatch(/<script|<link|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    // 整改清单: 9 rows with deadlines; the veto item is tagged.
    const ncTable = text.slice(text.indexOf('data-testid="nonconformity-table"'), text.indexOf("</table>", text.indexOf('data-testid="nonconformity-table"')));
    expect(ncTable.match(/<tr data-item="[^"]+"( class="veto")?>\s*<td class="center">\d+<\/td>/g)).toHaveLength(9);
    const naTable = text.slice(text.indexOf('data-testid="na-table"'), text.indexOf("</table>", text.indexOf('data-testid="na-table"')));
    expect(naTable.match(/<tr data-item=/g)).toHaveLength(4);
    expect(text).toMatch(/<tr data-item="5.4.1.3" class="veto">[\s\S]*?否决项[\s\S]*?2024年7月10日/);
    expect(text).toContain("经辨识，企业无重大危险源");
    // Evidence: every file with its SHA-256.
    expect(text.match(/<td class="mono">[0-9a-f]{64}<\/td>/g)).toHaveLength(acme.evidence.length);
    // Print: A4, repeated table headers.
    expect(text).toContain("size: A4");
    expect(text).toContain("thead { display: table-header-group; }");
  });

  it("names the review organisation, shows weights, a 不适用 element and the failed rate", async () => {
    const { text } = await renderReport(weighted);
    expect(text).toContain("<title>安全生产标准化评审报告 — 福建某某化工有限公司</title>");
    expect(text).toContain("泉州某某安全技术服务有限公司");
    expect(testid(text, "grade")).toBe("未达标");
    expect(testid(text, "score")).toBe("55.0");
    expect(text).toMatch(/<tr data-element="4">[\s\S]*?不适用<\/td>/);
    expect(text).toMatch(/<td class="num low">0\.0%<\/td>/);
    expect(text).toContain('class="bar bar-na"');
    expect(text).toContain("<th>权重</th>");
    expect(text).toContain("未报告生产安全事故。");
  });

  it("renders hostile data inert", async () => {
    const { text } = await renderReport(hostile);
    expect(text).not.toMatch(/<script|<svg onload|<img src|<b>标准|<b>张三|<i>某市|onerror=alert\(1\)>/);
    expect(text).toContain("&lt;b&gt;张三&lt;/b&gt;");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(text).toContain("{{constructor.constructor &#x27;alert(3)&#x27;}}");
    expect(text).toContain("{{#each items}}注入{{/each}}");
    expect(text).toContain("{{&gt; header}} 与 {{{raw}}}");
    expect(text).toContain("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(5)&lt;/script&gt;");
  });

  it("switches labels to English with lang en", async () => {
    const { text } = await renderReport(acme, { lang: "en" });
    expect(text).toContain('<html lang="en">');
    expect(text).toContain("Work-Safety Standardization Self-Assessment Report");
    expect(testid(text, "grade")).toBe("Level 2");
    expect(text).toContain("1. Conclusion");
  });

  it("the rectification form has one row per nonconformity and blank columns to fill in", async () => {
    const { text } = await renderReport(acme, { template: "rectification" });
    expect(text).toContain("size: A4 landscape");
    for (const h of ["整改责任人", "整改措施", "完成日期"]) expect(text).toContain(`>${h}</th>`);
    expect(text.match(/<tr data-item=/g)).toHaveLength(9);
    expect(text.match(/<td class="fill"><\/td>/g)).toHaveLength(9 * 4);
  });
});

describe("Markdown report", () => {
  it("carries the same figures and escapes hostile data", async () => {
    const { text, format } = await renderReport(acme, { template: "report.md" });
    expect(format).toBe("md");
    expect(text).toContain("> **得分：91.6** / 100　　**评定等级：二级**");
    expect(text).toContain("| 5.2 | 制度化管理 | 80 | — | 80 | 62 | −10 | 52 | 65.0% |");
    expect(text).toContain("| 5.2 制度化管理 | 65.0% | █████████████░░░░░░░ |");
    // Helpers see the data unescaped: condition names with "_" still select their labels.
    const w = (await renderReport(weighted, { template: "report.md" })).text;
    expect(w).toContain("| 一级 | 要素得分率 | 0.0% | 60% | 要素 1 风险管理 得分率 0.0% 低于 60% |");
    expect(w).toContain("| 一级 | 得分 | 55.0 | 90 |");
    const h = (await renderReport(hostile, { template: "report.md" })).text;
    expect(h).not.toMatch(/(^|[^\\])<script/);
    expect(h).toContain("| 企业名称 | \\<script\\>alert(1)\\</script\\> |");
    expect(h).toContain("\\[链接\\](javascript:alert(4))");
    expect(h).toContain("\\| 表格 \\|");
  });
});
