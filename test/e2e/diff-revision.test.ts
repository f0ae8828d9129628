// 修订对照表 (stdz diff --format markdown|html|csv): full old and new text with exactly the
// changed characters marked; the table view shows the changed span; JSON totals are numbers.
import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

const OLD = "test/fixtures/diff/rev-old.yaml";
const NEW = "test/fixtures/diff/rev-new.yaml";

describe("stdz diff as a 修订对照表", () => {
  it("markdown: 条款 / 原内容 / 修订后 / 说明 with ~~removed~~ and **added** text", () => {
    const r = stdz(["diff", OLD, NEW, "--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| 条款 | 原内容 | 修订后 | 说明 |");
    expect(r.stdout).toContain("| 2.1 | 特种设备~~定~~期检验 | 特种设备**按**期检验**，检验合格证完好有效** | 考评内容修改内容 |");
    expect(r.stdout).toContain("a：缺一项制度（每次扣 ~~10~~ 分，上限 30 分） | a：**每**缺一项制度（每次扣 **5** 分，上限 30 分）");
  });

  it("html: a printable page with <del> and <ins>, text escaped", () => {
    const r = stdz(["diff", OLD, NEW, "--format", "html"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(r.stdout).toContain("<td>特种设备<del>定</del>期检验</td><td>特种设备<ins>按</ins>期检验<ins>，检验合格证完好有效</ins></td>");
    expect(r.stdout).toContain("@page { size: A4 landscape");
    expect(r.stdout).toContain("<thead>");
  });

  it("csv: the full texts and the changed spans, Excel-safe", () => {
    const r = stdz(["diff", OLD, NEW, "--format", "csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("条款,原内容,修订后,说明,改动文字");
    expect(lines).toContain("2.1,特种设备定期检验,特种设备按期检验，检验合格证完好有效,考评内容修改内容,删「定」 增「按」 增「，检验合格证完好有效」");
    expect(r.stdout.startsWith("\uFEFF\uFEFF")).toBe(false);
  });

  it("--lang en", () => {
    const r = stdz(["--lang", "en", "diff", OLD, NEW, "--format", "markdown"]);
    expect(r.stdout).toContain("| clause | old text | revised text | note |");
    expect(r.stdout).toContain("content reworded");
  });

  it("the table shows the changed span, not the common beginning", () => {
    const r = stdz(["diff", OLD, NEW]);
    expect(r.code).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("扣分项"))!;
    expect(line).toContain("a：缺一项制度（每次扣 10 分");
    expect(line).toContain("→ a：每缺一项制度（每次扣 5");
  });

  it("json: old.total and the total change's old are both numbers", () => {
    const j = JSON.parse(stdz(["diff", "fj-gm-2014", "qz-gm-2021", "--format", "json"]).stdout);
    expect(typeof j.old.total).toBe("number");
    const total = j.changes.find((c: { node: string }) => c.node === "total");
    expect(typeof total.old).toBe(typeof j.old.total);
    expect(total.old).toBe(j.old.total);
  });
});
