import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withCheckChar } from "../../src/core/lib/credit-code.js";
import { stdz } from "../helpers/run.js";

describe("stdz sample on a register without 所属区县", () => {
  it("puts every row in 未填, as batch does, instead of refusing the default --by county", () => {
    const dir = mkdtempSync(join(tmpdir(), "stdz-nocounty-"));
    const rows = ["单位名称,统一社会信用代码,所属行业,达标等级"];
    // Five qualified rows: n = max(3, ⌈0.1 × 5⌉) = 3.
    for (let i = 1; i <= 5; i++) rows.push(`某某${i}号机械有限公司,${withCheckChar(`91350500100000${i}00`)},机械,三级`);
    const file = join(dir, "register.csv");
    writeFileSync(file, rows.join("\r\n") + "\r\n");
    const r = stdz(["sample", file, "--seed", "s", "--format", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { groups: { group: string; size: number; n: number }[] };
    expect(out.groups.map((g) => [g.group, g.size, g.n])).toEqual([["未填", 5, 3]]);
  });
});
