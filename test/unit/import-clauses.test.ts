import { describe, expect, it } from "vitest";
import { parseAmount, parseCell, parseClause, splitClauses } from "../../src/core/import/clauses.js";
import { R } from "../../src/core/lib/rational.js";

/** A parsed deduction as plain strings, for table-driven expectations. */
function plain(cell: string, points: string) {
  const p = parseCell(cell, R(points));
  return {
    deductions: p.deductions.map((d) => ({
      text: d.text,
      points: d.points.toString(),
      ...(d.max ? { max: d.max.toString() } : {}),
      ...(d.element_points ? { element_points: d.element_points.toString() } : {}),
      ...(d.zeroes ? { zeroes: d.zeroes } : {}),
    })),
    caps: p.caps.map((c) => ({ deductions: c.deductions, max: c.max.toString() })),
    exhausted_penalty: p.exhausted_penalty?.toString(),
    veto: p.veto ? (p.veto.blocks ?? "all") : undefined,
    na: p.na,
    notes: p.notes,
    method: p.method,
    unparsed: p.unparsed,
  };
}

describe("clause parser: published phrasings → deductions", () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ["未建立安全生产目标管理制度的，不得分", "10", { deductions: [{ text: "未建立安全生产目标管理制度的，不得分", points: "10" }] }],
    ["未设置机构，扣5分", "10", { deductions: [{ text: "未设置机构，扣5分", points: "5" }] }],
    ["每缺一项制度扣2分", "10", { deductions: [{ text: "每缺一项制度扣2分", points: "2" }] }],
    ["现场发现违章作业，每人次扣0.5分", "4", { deductions: [{ text: "现场发现违章作业，每人次扣0.5分", points: "0.5" }] }],
    ["未签订责任书，每个部门扣１分", "6", { deductions: [{ text: "未签订责任书，每个部门扣１分", points: "1" }] }],
    ["每处扣二分", "6", { deductions: [{ text: "每处扣二分", points: "2" }] }],
    ["每次扣十五分", "30", { deductions: [{ text: "每次扣十五分", points: "15" }] }],
    ["每缺一项扣2分，扣完为止", "10", { deductions: [{ text: "每缺一项扣2分，扣完为止", points: "2", max: "10" }] }],
    ["每缺一项扣2分，最多扣6分", "10", { deductions: [{ text: "每缺一项扣2分，最多扣6分", points: "2", max: "6" }] }],
    ["每缺一项扣1分，扣至5分为止", "10", { deductions: [{ text: "每缺一项扣1分，扣至5分为止", points: "1", max: "5" }] }],
    ["瞒报事故的，不得分，并追加扣除20分", "12", { deductions: [{ text: "瞒报事故的，不得分，并追加扣除20分", points: "12", element_points: "20" }] }],
    [
      "瞒报、谎报事故的，除不得分外，追加扣除30分",
      "12",
      { deductions: [{ text: "瞒报、谎报事故的，除不得分外，追加扣除30分", points: "12", element_points: "30" }] },
    ],
    ["未编制应急预案，扣20分\n扣满20分的，追加扣除10分", "20", { deductions: [{ text: "未编制应急预案，扣20分", points: "20" }], exhausted_penalty: "10" }],
    [
      "运输设备未经检验投入使用的，“运输设备”大项不得分",
      "20",
      { deductions: [{ text: "运输设备未经检验投入使用的，“运输设备”大项不得分", points: "20", zeroes: "category" }] },
    ],
    ["未开展风险评价的，本项目不得分", "20", { deductions: [{ text: "未开展风险评价的，本项目不得分", points: "20", zeroes: "project" }] }],
    // 小微 rubrics (内蒙古 评分细则): 一级否定 zeroes the 一级要素, 二级否定 the 二级要素.
    ["无该项制度的，一级否定", "12", { deductions: [{ text: "无该项制度的，一级否定", points: "12", zeroes: "category" }] }],
    ["未按规定检查的，二级否定", "10", { deductions: [{ text: "未按规定检查的，二级否定", points: "10", zeroes: "project" }] }],
    // A bracketed remark after the full stop stays with its sentence (危化 2011: A级否决项).
    [
      "未设置安全管理部门，扣100分。（A级否决项）",
      "100",
      { deductions: [{ text: "未设置安全管理部门，扣100分。（A级否决项）", points: "100", zeroes: "category" }] },
    ],
    [
      "未设置安全管理机构，扣100分（A级否决项）",
      "20",
      { deductions: [{ text: "未设置安全管理机构，扣100分（A级否决项）", points: "100", zeroes: "category" }] },
    ],
    [
      "未按规定的频次开展风险评价的，本B级要素不得分（B级否决项）",
      "20",
      { deductions: [{ text: "未按规定的频次开展风险评价的，本B级要素不得分（B级否决项）", points: "20", zeroes: "project" }] },
    ],
    ["特种作业人员无证上岗，每人扣10分（否决项）", "20", { deductions: [{ text: "特种作业人员无证上岗，每人扣10分（否决项）", points: "10" }], veto: "all" }],
    ["未检验，每台扣10分\n一级否决项", "25", { deductions: [{ text: "未检验，每台扣10分", points: "10" }], veto: ["一级"] }],
    ["★否决项", "10", { deductions: [], veto: "all" }],
    ["发生死亡事故的，该项目不得分", "10", { deductions: [{ text: "发生死亡事故的，该项目不得分", points: "10", zeroes: "project" }] }],
    ["现场发现一处扣2分/处", "10", { deductions: [{ text: "现场发现一处扣2分/处", points: "2" }] }],
    ["查文件、记录；未建立制度，扣5分", "10", { deductions: [{ text: "未建立制度，扣5分", points: "5" }], method: ["查文件、记录"] }],
    ["企业不涉及的为缺项", "10", { deductions: [], notes: ["企业不涉及的为缺项"] }],
    ["本项不得作为缺项", "10", { deductions: [], notes: ["本项不得作为缺项"], na: "forbidden" }],
    [
      "1.未建立台账，扣3分；2.台账不全，每处扣1分；单项扣至4分为止",
      "10",
      {
        deductions: [
          { text: "未建立台账，扣3分", points: "3" },
          { text: "台账不全，每处扣1分", points: "1" },
        ],
        caps: [{ deductions: [0, 1], max: "4" }],
      },
    ],
    ["（1）缺一项扣1分。（2）扣完为止。", "3", { deductions: [{ text: "缺一项扣1分", points: "1", max: "3" }] }],
  ];
  for (const [cell, points, expected] of cases) {
    it(`${cell.replace(/\n/g, " / ")} (${points} 分)`, () => {
      const got = plain(cell, points);
      for (const [k, v] of Object.entries(expected)) expect(got[k as keyof typeof got], k).toEqual(v);
      if (!("unparsed" in expected)) expect(got.unparsed).toEqual([]);
    });
  }
});

describe("clause parser: what it cannot read is kept, never guessed", () => {
  const unparseable: Array<[string, string]> = [
    ["未建立制度", "10"], // no amount
    ["一般隐患每项扣1分，重大隐患每项扣5分", "10"], // two amounts in one sentence
    ["瞒报重大事故隐患，本项不得分并追加扣分", "10"], // 追加 without a number
    ["扣除总分的40%", "10"], // a share of the total: a prerequisite, not a deduction
    ["扣满5分的，追加扣除10分", "20"], // 扣满 a figure other than the content's points
    ["扣该项分值的50%", "10"],
    ["视情况酌情扣分", "10"],
  ];
  for (const [cell, points] of unparseable) {
    it(cell, () => {
      const got = plain(cell, points);
      expect(got.deductions).toEqual([]);
      expect(got.exhausted_penalty).toBeUndefined();
      expect(got.unparsed).toEqual([cell]);
    });
  }

  it("keeps the sentences it read and lists the one it could not", () => {
    const got = plain("未建立制度，扣5分；情节严重的，由评审组酌定", "10");
    expect(got.deductions.map((d) => d.points)).toEqual(["5"]);
    expect(got.unparsed).toEqual(["情节严重的，由评审组酌定"]);
  });

  it("a standalone cap with nothing before it is kept for the author", () => {
    expect(plain("扣完为止", "10").unparsed).toEqual(["扣完为止"]);
  });
});

describe("clause helpers", () => {
  it("reads Chinese numerals and decimals exactly", () => {
    expect(parseAmount("十")!.toString()).toBe("10");
    expect(parseAmount("二十五")!.toString()).toBe("25");
    expect(parseAmount("两")!.toString()).toBe("2");
    expect(parseAmount("0.25")!.toString()).toBe("0.25");
    expect(parseAmount("x")).toBeUndefined();
  });
  it("splits lines and sentences and drops enumeration markers", () => {
    expect(splitClauses("1.甲扣1分；2、乙扣2分\n(3)丙扣3分。①丁扣4分")).toEqual(["甲扣1分", "乙扣2分", "丙扣3分", "丁扣4分"]);
  });
  it("a sentence of method words is the method", () => {
    expect(parseClause("查文件、询问主要负责人", R("5")).kind).toBe("method");
  });
});
