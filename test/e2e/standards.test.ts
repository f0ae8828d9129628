import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

describe("stdz standards", () => {
  it("lists the shipped standards with tier, region, sectors, version, contents and total", () => {
    const r = stdz(["standards", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).standards as { id: string; tier: string; items: number; total: number; region: string }[];
    const byId = Object.fromEntries(rows.map((x) => [x.id, x]));
    expect(Object.keys(byId).sort()).toEqual(["aqt9006-2010", "fj-gm-2014", "gbt33000-2016", "nm-xw", "qz-gm-2021", "wh-ps-2011", "xw-gw-2016"]);
    expect(byId["qz-gm-2021"]).toMatchObject({ tier: "municipal", region: "福建省泉州市", items: 94, total: 1086 });
    expect(byId["fj-gm-2014"]).toMatchObject({ items: 87, total: 1050 });
    expect(byId["gbt33000-2016"]).toMatchObject({ tier: "national", region: "全国", items: 84, total: 1000 });
  });

  it("the table aligns CJK text by display width", () => {
    const r = stdz(["standards"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const col = (l: string, text: string) => {
      // display column of `text` in line l (wide characters count 2)
      const i = l.indexOf(text);
      let w = 0;
      for (const ch of l.slice(0, i)) w += /[\u3000-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1;
      return w;
    };
    const fj = lines.find((l) => l.startsWith("fj-gm-2014"))!;
    const gb = lines.find((l) => l.startsWith("gbt33000-2016"))!;
    expect(col(fj, " 2014 ")).toBe(col(gb, " 2016 "));
    expect(col(fj, " 1050")).toBe(col(gb, " 1000"));
  });

  it("--standards-path adds a folder; an id defined twice exits 1 naming both files", () => {
    const dir = mkdtempSync(join(tmpdir(), "stdz-sp-"));
    writeFileSync(join(dir, "copy.yaml"), "stdz: 1\nid: fj-gm-2014\ntitle: 副本\ntier: county\nextends: gbt33000-2016\n");
    const r = stdz(["standards", "--standards-path", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("STD003");
    expect(r.stderr).toContain(join(dir, "copy.yaml"));
    expect(r.stderr).toContain("fj-gm-2014.yaml");
  });

  it("resolve: 冶金 in 福建省泉州市丰泽区 → the 省标 fj-gm-2014, with reasons", () => {
    const r = stdz(["standards", "resolve", "--sector", "冶金", "--region", "福建省泉州市丰泽区"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("适用标准：fj-gm-2014");
    expect(r.stdout).toContain("胜过 qz-gm-2021：层级 省级 优先于 市级");
    expect(r.stdout).toContain("xw-gw-2016: 地区 “山东省” 不是 “福建省泉州市丰泽区” 的前缀");
    const j = JSON.parse(stdz(["standards", "resolve", "--sector", "冶金", "--region", "福建省泉州市丰泽区", "--format", "json"]).stdout);
    expect(j.chosen).toBe("fj-gm-2014");
    expect(j.candidates.map((c: { id: string }) => c.id)).toEqual(["fj-gm-2014", "qz-gm-2021", "gbt33000-2016", "aqt9006-2010"]);
  });

  it("resolve: a sector with no specific standard falls to the latest '*' framework", () => {
    const j = JSON.parse(stdz(["standards", "resolve", "--sector", "医疗机构", "--region", "北京市", "--format", "json"]).stdout);
    expect(j.chosen).toBe("gbt33000-2016");
  });

  it("resolve: missing options are a usage error (2)", () => {
    expect(stdz(["standards", "resolve", "--sector", "冶金"]).code).toBe(2);
  });
});
