import { describe, expect, it } from "vitest";
import { displayWidth, renderTable, truncateWidth } from "../../src/render/formats/table.js";

describe("terminal tables", () => {
  it("counts Chinese characters as two columns", () => {
    expect(displayWidth("安全ab")).toBe(6);
  });
  it("cuts long cells to a display width with an ellipsis, never splitting a wide character", () => {
    expect(truncateWidth("建立健全安全生产规章制度", 9)).toBe("建立健全…");
    expect(displayWidth(truncateWidth("建立健全安全生产规章制度", 9))).toBe(9);
    expect(truncateWidth("短", 9)).toBe("短");
  });
  it("applies maxWidth per column and keeps the columns aligned", () => {
    const out = renderTable(
      [
        ["1", "建立健全安全生产规章制度"],
        ["2", "短"],
      ],
      { headers: ["编号", "标题"], maxWidth: [undefined, 8] },
    ).split("\n");
    expect(out[2]).toBe("1     建立健…");
    expect(out[3]).toBe("2     短");
  });
});
