// Diagnostics carry arguments; the text is chosen when printed (issue 10 item 4).
import { describe, expect, it } from "vitest";
import { diag, diagnosticKey, text } from "../../src/diagnostics.js";
import { diagnosticJson, message } from "../../src/render/formats/message.js";

describe("message(d, lang)", () => {
  const d = diag(
    "REG012",
    { value: "9135", detail: text("应为 18 位，实际 4 位", "must have 18 characters, not 4") },
    { file: "r.csv", range: { line: 3, column: 2 } },
  );

  it("fills the registry's template, a {zh, en} argument in the printed language", () => {
    expect(d).not.toHaveProperty("message");
    expect(message(d, "zh")).toContain("应为 18 位，实际 4 位");
    expect(message(d, "zh")).not.toContain("must have");
    expect(message(d, "en")).toContain("must have 18 characters, not 4");
    expect(message(d, "en")).not.toContain("应为");
  });

  it("names the register row in the printed language", () => {
    const r = { ...d, row: 7 };
    expect(message(r, "zh").endsWith("（第 7 行数据）")).toBe(true);
    expect(message(r, "en").endsWith(" (row 7)")).toBe(true);
  });

  it("writes the contract's JSON form with the message rendered", () => {
    expect(diagnosticJson(d, "en")).toEqual({ code: "REG012", severity: "error", message: message(d, "en"), file: "r.csv", line: 3, column: 2 });
  });

  it("compares diagnostics by code, arguments and pointer, not by their text", () => {
    const same = diag("REG012", { value: "9135", detail: text("应为 18 位，实际 4 位", "must have 18 characters, not 4") }, { file: "other.csv" });
    const other = diag("REG012", { value: "9136", detail: text("应为 18 位，实际 4 位", "must have 18 characters, not 4") });
    expect(diagnosticKey(same)).toBe(diagnosticKey(d));
    expect(diagnosticKey(other)).not.toBe(diagnosticKey(d));
    expect(diagnosticKey({ ...same, path: "/x" })).not.toBe(diagnosticKey(d));
  });
});
