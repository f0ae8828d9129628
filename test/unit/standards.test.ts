import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { findStandard, indexStandards, loadSectorTable, searchPath, SHIPPED_STANDARDS } from "../../src/io/standards.js";

const mini = (id: string) => `stdz: 1
id: ${id}
title: 测试
tier: municipal
total: 10
grading: { levels: [{ name: 一级, min_score: 90 }] }
elements:
  - id: "1"
    title: 要素
    items: [{ id: "1.1", title: 内容, points: 10, deductions: [{ id: a, text: 扣分, points: 10 }] }]
`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "stdz-std-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("standards index", () => {
  it("searches shipped, then --standards-path, then STDZ_STANDARDS_PATH", () => {
    expect(searchPath(["/x"], "/y:/z")).toEqual([SHIPPED_STANDARDS, "/x", "/y", "/z"]);
  });

  it("finds the five shipped standards by id", async () => {
    const index = await indexStandards([], "");
    expect([...index.byId.keys()].sort()).toEqual(["aqt9006-2010", "fj-gm-2014", "gbt33000-2016", "nm-xw", "qz-gm-2021", "wh-ps-2011", "xw-gw-2016"]);
  });

  it("finds standards in nested folders of extra paths and the environment", async () => {
    const a = tree({ "sub/one.yaml": mini("t-one") });
    const b = tree({ "two.yml": mini("t-two") });
    const index = await indexStandards([a], b);
    expect(index.byId.get("t-one")?.file).toBe(join(a, "sub", "one.yaml"));
    expect(index.byId.get("t-two")?.file).toBe(join(b, "two.yml"));
  });

  it("an id found twice is an STD003 error naming both files, and findStandard refuses to pick", async () => {
    const a = tree({ "x.yaml": mini("t-dup") });
    const b = tree({ "y.yaml": mini("t-dup") });
    const index = await indexStandards([a, b], "");
    const dups = index.diagnostics.filter((d) => d.code === "STD003");
    expect(dups.length).toBe(1);
    expect(message(dups[0]!, "zh")).toContain(join(a, "x.yaml"));
    expect(message(dups[0]!, "zh")).toContain(join(b, "y.yaml"));
    expect(dups[0]!.file).toBe(join(b, "y.yaml"));
    const found = await findStandard("t-dup", { index });
    expect(found.diagnostics.map((d) => d.code)).toEqual(["STD003"]);
  });

  it("a shipped id defined again in an extra folder is a duplicate too", async () => {
    const a = tree({ "copy.yaml": mini("gbt33000-2016") });
    const index = await indexStandards([a], "");
    expect(index.duplicates.get("gbt33000-2016")?.length).toBe(1);
  });
});

describe("sector table (泉州 附件2)", () => {
  it("has the 46 sectors, their full names and aliases", () => {
    const t = loadSectorTable();
    expect(t.names.size).toBe(46);
    expect(t.names.has("冶金")).toBe(true);
    expect(t.aliases.get("危化")).toBe("危险化学品");
    expect(t.aliases.get("纺织(以染整行业为重点)")).toBe("纺织");
  });
});
