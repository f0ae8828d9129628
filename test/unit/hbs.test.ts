import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { InputError, type Diagnostic } from "../../src/diagnostics.js";
import { compileTemplate, createEnvironment, listTemplates, mdEscape, renderTemplateFile, resolveTemplate } from "../../src/render/formats/hbs.js";
import type { ScoreResult } from "../../src/core/scoring/result.js";
import { FIXTURES } from "../helpers/paths.js";

const TPL = join(FIXTURES, "templates");
const acme = JSON.parse(readFileSync(join(FIXTURES, "results", "acme-self.json"), "utf8")) as ScoreResult;

function failure(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  throw new Error("expected an InputError");
}

/** Render a template given as text, through a fresh environment with stdz's helpers. */
function inline(src: string, data: object = {}, lang: "zh" | "en" = "zh"): string {
  const hb = createEnvironment();
  return hb.compile(src)(data, { data: { lang, format: "html" } });
}

describe("helpers", () => {
  it("format numbers, rates and dates", () => {
    expect(inline("{{fmt 91.6 1}}|{{fmt 55 1}}|{{fmt 1.005 2}}|{{fmt x}}|{{fmt 12.5}}", {})).toBe("91.6|55.0|1.01|—|12.5");
    expect(inline("{{percent 0.65}}|{{percent 0.973333 2}}|{{percent null}}")).toBe("65.0%|97.33%|—");
    expect(inline('{{cnDate "2024-06-30"}}|{{cnDate "2024-01-05"}}|{{localDate "2024-06-30"}}')).toBe("2024年6月30日|2024年1月5日|2024年6月30日");
    expect(inline('{{localDate "2024-06-30"}}|{{cnDate "2024-06-30"}}', {}, "en")).toBe("2024-06-30|2024年6月30日");
    expect(inline("{{fileSize 512}}|{{fileSize 2048}}|{{fileSize 3145728}}")).toBe("512 B|2.0 KB|3.0 MB");
  });

  it("label grades, statuses and kinds in both languages", () => {
    const src =
      '{{gradeLabel "二级"}}|{{gradeLabel "未达标"}}|{{statusLabel "na"}}|{{kindLabel "review"}}|{{conditionLabel "veto"}}|{{tierLabel "provincial"}}|{{gradeClass "一级"}}';
    expect(inline(src)).toBe("二级|未达标|不适用|评审|否决项|省级标准|grade-1");
    expect(inline(src, {}, "en")).toBe("Level 2|Not qualified|not applicable|review|veto item|provincial|grade-1");
    expect(inline('{{t "得分" "Score"}}|{{label "score"}}|{{label "report_" kind}}', { kind: "review" })).toBe("得分|得分|安全生产标准化评审报告");
    expect(inline('{{t "得分" "Score"}}|{{label "score"}}', {}, "en")).toBe("Score|Score");
  });

  it("compare, combine and group", () => {
    expect(inline('{{#if (eq a "x")}}Y{{else}}N{{/if}}{{#if (ne a "x")}}Y{{else}}N{{/if}}', { a: "x" })).toBe("YN");
    expect(inline("{{#if (and (gt a 1) (lt a 3) (gte a 2) (lte a 2))}}Y{{/if}}{{#if (or (not a) b)}}Y{{else}}N{{/if}}", { a: 2, b: [] })).toBe("YN");
    expect(inline('{{add 1 2 3}}|{{sub 5 2}}|{{inc 0}}|{{len xs}}|{{join xs}}|{{join xs "/"}}|{{default missing "—"}}', { xs: ["甲", "乙"] })).toBe(
      "6|3|1|2|甲、乙|甲/乙|—",
    );
    const data = {
      xs: [
        { e: "5.1", n: 1 },
        { e: "5.2", n: 2 },
        { e: "5.1", n: 3 },
      ],
    };
    expect(inline('{{#each (groupBy xs "e")}}[{{key}}:{{#each items}}{{n}}{{/each}}]{{/each}}', data)).toBe("[5.1:13][5.2:2]");
    expect(inline('{{countBy xs "e" "5.1"}}|{{countBy xs}}|{{#each (filter xs "e" "5.2")}}{{n}}{{/each}}', data)).toBe("2|3|2");
  });

  it("escape what they return: a label or grade cannot inject markup", () => {
    expect(inline("{{gradeLabel g}}", { g: "<b>一级</b>" })).toBe("&lt;b&gt;一级&lt;/b&gt;");
    expect(inline("{{join xs}}", { xs: ["<i>", "&"] })).toBe("&lt;i&gt;、&amp;");
  });

  it("chart returns SVG built and escaped by our code", () => {
    const out = inline("{{chart elements}}", { elements: [{ id: "1", title: "<script>", rate: 0.5 }] });
    expect(out.startsWith("<svg")).toBe(true);
    expect(out).toContain("1 &lt;script&gt;");
    expect(out).not.toContain("<script");
  });
});

describe("template lookup", () => {
  it("finds built-in templates by name and custom ones by path", () => {
    expect(resolveTemplate(undefined).file).toMatch(/templates[\\/]report\.html\.hbs$/);
    expect(resolveTemplate("report.md").format).toBe("md");
    expect(resolveTemplate("rectification").format).toBe("html");
    const custom = resolveTemplate(join(TPL, "custom", "my-report.md.hbs"));
    expect(custom.builtin).toBe(false);
    expect(custom.format).toBe("md");
    const names = listTemplates().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["report", "report.md", "rectification"]));
    expect(listTemplates().find((t) => t.name === "report")!.description).toContain("自评报告");
  });

  it("an unknown name or a missing file is TPL001", () => {
    const [d] = failure(() => resolveTemplate("no-such-template"));
    expect(d!.code).toBe("TPL001");
    expect(message(d!, "zh")).toContain("report.md");
    expect(failure(() => resolveTemplate("./nope/x.html.hbs"))[0]!.code).toBe("TPL001");
    // A name is never a path: no lookups outside templates/.
    expect(failure(() => resolveTemplate("..report"))[0]!.code).toBe("TPL001");
  });
});

describe("bad templates give positioned diagnostics", () => {
  const compile = (f: string) => failure(() => compileTemplate(resolveTemplate(join(TPL, f))));

  it("syntax error: TPL002 with file and line", () => {
    const [d] = compile("syntax-error.html.hbs");
    expect(d!.code).toBe("TPL002");
    expect(d!.file).toBe(join(TPL, "syntax-error.html.hbs"));
    expect(d!.line).toBe(3); // `  {{score}</p>` on line 3
  });

  it("unclosed block: TPL002 at the block that is never closed", () => {
    const [d] = compile("unclosed.html.hbs");
    expect(d!.code).toBe("TPL002");
    expect([d!.line, d!.column]).toEqual([3, 1]); // {{#each elements}} on line 3; {{#if}} is closed on line 7
    expect(message(d!, "zh")).toContain("{{#each}}");
  });

  it("mismatched close: TPL002 at the block", () => {
    const [d] = compile("mismatch.html.hbs");
    expect(d!.code).toBe("TPL002");
    expect(d!.line).toBe(2);
    expect(message(d!, "zh")).toContain("each doesn't match if");
  });

  it("unknown helper: TPL003 with line and column", () => {
    const [d] = compile("unknown-helper.html.hbs");
    expect(d!.code).toBe("TPL003");
    expect(message(d!, "zh")).toContain("shout");
    expect([d!.line, d!.column]).toEqual([3, 4]);
  });

  it("missing partial: TPL004 with line and column", () => {
    const [d] = compile("missing-partial.html.hbs");
    expect(d!.code).toBe("TPL004");
    expect(message(d!, "zh")).toContain("footer-missing");
    expect([d!.line, d!.column]).toEqual([3, 3]);
  });

  it("a partial with an unknown helper is reported in the partial's own file", () => {
    const [d] = compile(join("bad-partial", "report.html.hbs"));
    expect(d!.code).toBe("TPL003");
    expect(d!.file).toBe(join(TPL, "bad-partial", "broken.hbs"));
    expect(d!.line).toBe(2);
  });

  it("partial names never reach the file system", () => {
    const [d] = compile("traversal.html.hbs");
    expect(d!.code).toBe("TPL004");
    expect(message(d!, "zh")).toContain("../../../etc/passwd");
  });

  it("a literal label key that does not exist is TPL005 before rendering, even on a branch that would not run", () => {
    const [d] = compile("bad-label.html.hbs");
    expect(d!.code).toBe("TPL005");
    expect(message(d!, "zh")).toContain("no_such_label");
    expect([d!.line, d!.column]).toEqual([2, 1]);
  });

  it("a helper that fails at render time is TPL005 in the template's file, at the first line using that helper", () => {
    const t = compileTemplate(resolveTemplate(join(TPL, "bad-label-runtime.html.hbs")));
    const [d] = failure(() => t.render(acme));
    expect(d!.code).toBe("TPL005");
    expect(message(d!, "zh")).toContain("report_2024-06-30");
    expect(d!.file).toBe(join(TPL, "bad-label-runtime.html.hbs"));
    // Handlebars does not locate runtime errors; the first use of the helper is line 2 (the failing one is line 3).
    expect(d!.line).toBe(2);
  });
});

describe("custom templates", () => {
  it("partials from the template's folder (and its partials/) override and extend the built-in ones", () => {
    const { text, format } = renderTemplateFile(join(TPL, "custom", "my-report.html.hbs"), {
      ...acme,
      view: { has_weights: false, low_elements: {}, items_earned: 885 },
    });
    expect(format).toBe("html");
    expect(text).toContain('<header class="custom-header">自定义抬头：泉州某某钢铁有限公司（二级）</header>');
    expect(text).not.toContain('class="cover"'); // the built-in header was replaced
    expect(text).toContain('data-testid="element-table"'); // the built-in element table is still there
    expect(text).toContain('<p class="note">自定义说明 91.60</p>');
  });

  it("Markdown templates take the .md partials", () => {
    const { text, format } = renderTemplateFile(join(TPL, "custom", "my-report.md.hbs"), acme);
    expect(format).toBe("md");
    expect(text).toBe("# 泉州某某钢铁有限公司\n\nMarkdown note: 泉州某某钢铁有限公司\n");
  });
});

describe("safety", () => {
  it("keeps prototype access off", () => {
    const { text } = renderTemplateFile(join(TPL, "proto.html.hbs"), acme);
    expect(text.trim()).toBe("[][][][][][]");
  });

  it("renders data that looks like template code as text", () => {
    const hb = createEnvironment();
    const out = hb.compile("<p>{{a}}</p><p>{{{a}}}</p>")({ a: "{{constructor.constructor 'x'}}" });
    expect(out).toBe("<p>{{constructor.constructor &#x27;x&#x27;}}</p><p>{{constructor.constructor 'x'}}</p>");
  });

  it("Markdown escaping defuses links, HTML, emphasis and table cells", () => {
    expect(mdEscape("<script>alert(1)</script>")).toBe("\\<script\\>alert(1)\\</script\\>");
    expect(mdEscape("[x](javascript:y) *a* _b_ `c` a|b\nnext")).toBe("\\[x\\](javascript:y) \\*a\\* \\_b\\_ \\`c\\` a\\|b next");
  });
});
