import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { join } from "node:path";
import { scanRegister } from "../../src/flows/register.js";
import { InputError } from "../../src/diagnostics.js";

const BAD = join(import.meta.dirname, "..", "fixtures", "register", "bad-values.csv");

describe("the one register scan", () => {
  it("row diagnostics carry their row and print in the language asked for (REG012 in English, as batch always did)", async () => {
    const scan = await scanRegister(BAD, { encoding: "auto", keep: 1000, by: "county" }, { accept: () => undefined });
    const reg012 = scan.rowDiagnostics.filter((d) => d.code === "REG012");
    expect(reg012.length).toBeGreaterThan(0);
    for (const d of reg012) {
      const en = message(d, "en");
      expect(en).not.toMatch(/[位应]/);
      expect(en).toContain(`(row ${d.row})`);
      expect(message(d, "zh")).toContain(`（第 ${d.row} 行数据）`);
    }
  });

  it("counts rejections only, unless warnings are asked for, and keeps at most `keep`", async () => {
    const only = await scanRegister(BAD, { encoding: "auto", keep: 2 });
    const all = await scanRegister(BAD, { encoding: "auto", keep: 1000, warnings: true });
    expect(only.rowDiagnostics).toHaveLength(2);
    expect(only.rowProblems).toBe(Object.values(only.rejectedByCode).reduce((a, b) => a + b, 0));
    expect(all.rowDiagnostics.length).toBe(only.rowProblems + all.counts.warnings);
    expect(only.rowProblems).toBeGreaterThan(2);
    expect(all.counts.read).toBe(only.counts.read);
  });

  it("refuses a --by column the register does not have (SMP001 as an input error)", async () => {
    await expect(scanRegister(BAD, { encoding: "auto", keep: 20, by: "没有这一列" }, {})).rejects.toBeInstanceOf(InputError);
  });
});
