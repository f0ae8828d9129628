import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedSpans, textDiff } from "../../src/core/lib/text-diff.js";

const side = (segs: ReturnType<typeof textDiff>, op: "-" | "+") =>
  segs
    .filter((s) => s.op === "=" || s.op === op)
    .map((s) => s.text)
    .join("");

describe("textDiff", () => {
  it("marks exactly the changed characters", () => {
    expect(textDiff("消防设施完好有效", "消防设施齐全有效")).toEqual([
      { op: "=", text: "消防设施" },
      { op: "-", text: "完好" },
      { op: "+", text: "齐全" },
      { op: "=", text: "有效" },
    ]);
    expect(textDiff("未制定目标", "未制定年度目标")).toEqual([
      { op: "=", text: "未制定" },
      { op: "+", text: "年度" },
      { op: "=", text: "目标" },
    ]);
  });
  it("finds separate edits, not one span over both", () => {
    const segs = textDiff("每项扣1分，上限4分", "每处扣2分，上限4分");
    expect(segs.filter((s) => s.op !== "=").map((s) => s.text)).toEqual(["项", "处", "1", "2"]);
  });
  it("rebuilds both texts from the script, whatever they are (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("安", "全", "生", "产", "a", "b", "，", "🙂") }),
        fc.string({ unit: fc.constantFrom("安", "全", "生", "a", "c", "。", "🙂") }),
        (a, b) => {
          const segs = textDiff(a, b);
          expect(side(segs, "-")).toBe(a);
          expect(side(segs, "+")).toBe(b);
        },
      ),
    );
  });
});

describe("changedSpans", () => {
  it("shows the changed span with context, not the common beginning", () => {
    expect(
      changedSpans("设置安全管理机构，配备专职安全生产管理人员，消防设施完好有效", "设置安全管理机构，配备专职安全生产管理人员，消防设施齐全有效", 2),
    ).toEqual({ old: "…设施完好有效", new: "…设施齐全有效" });
  });
  it("gives both texts whole when nothing differs", () => {
    expect(changedSpans("同", "同")).toEqual({ old: "同", new: "同" });
  });
});
