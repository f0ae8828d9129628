import { describe, expect, it } from "vitest";
import { resolveApplicable, type Candidate } from "../../src/core/standard/resolve.js";
import { loadSectorTable } from "../../src/io/standards.js";
import { setLang } from "../../src/i18n.js";

const c = (id: string, tier: Candidate["tier"], region: string, sectors: string[], effective?: string): Candidate => ({
  id,
  title: id,
  tier,
  region,
  sectors,
  ...(effective ? { effective } : {}),
});

const ALL = [
  c("gbt", "national", "全国", ["*"], "2017-04-01"),
  c("aqt", "national", "全国", ["*"], "2011-05-01"),
  c("fj", "provincial", "福建省", ["冶金", "机械"], "2014-08-31"),
  c("qz", "municipal", "福建省泉州市", ["冶金"], "2021-09-01"),
  c("sd", "provincial", "山东省", ["冶金"], "2016-01-01"),
  c("hg", "national", "全国", ["危险化学品"], "2012-01-01"),
];

describe("resolveApplicable (DESIGN.md resolution rule)", () => {
  setLang("zh");
  it("a sector-specific standard beats '*' frameworks; then tier: 省标 before 市标", () => {
    const r = resolveApplicable(ALL, { sector: "冶金", region: "福建省泉州市丰泽区" });
    expect(r.chosen!.id).toBe("fj");
    expect(r.ranked.map((x) => x.candidate.id)).toEqual(["fj", "qz", "gbt", "aqt"]);
    expect(r.rejected.map((x) => `${x.candidate.id}:${x.reason}`)).toEqual(["sd:region", "hg:sector"]);
    expect(r.why[1]![0]).toContain("层级 省级 优先于 市级");
  });
  it("among '*' frameworks of one tier the latest effective wins", () => {
    const r = resolveApplicable(ALL, { sector: "纺织", region: "福建省" });
    expect(r.ranked.map((x) => x.candidate.id)).toEqual(["gbt", "aqt"]);
    expect(r.why[1]![1]).toContain("effective 2017-04-01 is later than 2011-05-01");
  });
  it("a national sector standard beats everything for its sector", () => {
    expect(resolveApplicable(ALL, { sector: "危险化学品", region: "福建省泉州市" }).chosen!.id).toBe("hg");
  });
  it("region is a prefix match: 福建省 does not apply in 山东省", () => {
    expect(resolveApplicable(ALL, { sector: "冶金", region: "山东省济南市" }).chosen!.id).toBe("sd");
  });
  it("sector aliases from the shipped table match the short name", () => {
    const table = loadSectorTable();
    const r = resolveApplicable(ALL, { sector: "危险化学品(危险化学品运输除外)", region: "福建省" }, table);
    expect(r.chosen!.id).toBe("hg");
  });
  it("no candidate → no choice", () => {
    const r = resolveApplicable([c("fj", "provincial", "福建省", ["冶金"])], { sector: "冶金", region: "广东省" });
    expect(r.chosen).toBeUndefined();
    expect(r.why).toEqual([]);
  });
});
