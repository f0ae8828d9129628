import { describe, expect, it } from "vitest";
import { barChart, escapeXml, percentText, radarChart, shiftRound, textBar } from "../../src/render/formats/chart.js";

describe("decimal text rounding (no binary drift in reports)", () => {
  it("rounds half up on the decimal digits", () => {
    expect(percentText(0.575, 1)).toBe("57.5%"); // 0.575 × 100 in floating point is 57.49999…
    expect(percentText(0.973333, 1)).toBe("97.3%");
    expect(percentText(0.9995, 1)).toBe("100.0%"); // carries into a new digit
    expect(percentText(0, 1)).toBe("0.0%");
    expect(percentText(1, 0)).toBe("100%");
    expect(shiftRound(1.005, 0, 2)).toBe("1.01"); // (1.005).toFixed(2) is "1.00"
    expect(shiftRound(89.95, 0, 1)).toBe("90.0"); // DESIGN.md: 89.95 rounds to 90.0
    expect(shiftRound(2.5, 0, 0)).toBe("3");
    expect(shiftRound(-1.25, 0, 1)).toBe("-1.3"); // away from zero
    expect(shiftRound(55, 0, 1)).toBe("55.0");
    expect(shiftRound(1e-7, 2, 1)).toBe("0.0");
  });
});

describe("barChart", () => {
  const data = [
    { id: "5.1", label: "5.1 目标职责", value: 1 },
    { id: "5.2", label: "5.2 制度化管理", value: 0.5 },
    { id: "5.3", label: "5.3 教育培训", value: null },
  ];
  const svg = barChart(data, { width: 640, title: "各要素得分率" });

  it("draws one bar per datum with its id and value", () => {
    const bars = [...svg.matchAll(/<rect class="bar[^"]*" data-id="([^"]+)" data-value="([^"]*)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    expect(bars.map((b) => b[1])).toEqual(["5.1", "5.2", "5.3"]);
    expect(bars.map((b) => b[2])).toEqual(["1", "0.5", ""]);
    // The 50 % bar is half as wide as the 100 % bar (to the 0.1 px the SVG is written with).
    const full = Number(bars[0]![4]);
    const half = Number(bars[1]![4]);
    expect(Math.abs(half * 2 - full)).toBeLessThanOrEqual(0.2);
    // A 不适用 element gets a dashed placeholder across the plot and a label, not a 0 bar.
    expect(bars[2]![0]).toContain("bar bar-na");
    expect(svg).toContain(">不适用</text>");
  });

  it("prints the percentages and the title", () => {
    expect(svg).toContain(">100.0%</text>");
    expect(svg).toContain(">50.0%</text>");
    expect(svg).toContain("<title>各要素得分率</title>");
  });

  it("is self-contained: no script, link, image or external reference", () => {
    expect(svg).not.toMatch(/<script|href=|<image|url\(|@import/i);
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  it("escapes every text it writes", () => {
    const evil = barChart([{ id: '"><script>', label: "<script>alert(1)</script> & 'x'", value: 0.3 }], { title: "</title><script>" });
    expect(evil).not.toContain("<script");
    expect(evil).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;");
    expect(evil).toContain('data-id="&quot;&gt;&lt;script&gt;"');
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
  });

  it("marks rates below the threshold and draws the reference line", () => {
    const t = barChart(
      [
        { label: "a", value: 0.59 },
        { label: "b", value: 0.6 },
      ],
      { threshold: 0.6 },
    );
    expect(t.match(/class="bar bar-low"/g)).toHaveLength(1);
    expect(t).toContain('class="threshold"');
  });

  it("shortens labels that would not fit, keeping the full text in the tooltip", () => {
    const long = "5.5 安全风险管控及隐患排查治理和其他很长很长的要素名称";
    const t = barChart([{ label: long, value: 0.9 }]);
    expect(t).toContain(`<title>${long}：90.0%</title>`);
    expect(t).toMatch(/class="label"[^>]*>[^<]*…<\/text>/);
  });
});

describe("radarChart", () => {
  it("puts one mark per axis and falls back to bars with fewer than 3", () => {
    const five = radarChart([1, 0.8, 0.6, null, 0.4].map((v, i) => ({ id: String(i), label: `要素${i}`, value: v })));
    expect(five).toContain("stdz-radar-chart");
    expect(five.match(/<circle class="bar/g)).toHaveLength(5);
    const two = radarChart([
      { label: "a", value: 1 },
      { label: "b", value: 0 },
    ]);
    expect(two).toContain("stdz-bar-chart");
  });
});

describe("textBar", () => {
  it("fills in proportion to the rate", () => {
    expect(textBar(0.5, 10)).toBe("█████░░░░░");
    expect(textBar(1, 4)).toBe("████");
    expect(textBar(null, 4)).toBe("不适用");
  });
});
