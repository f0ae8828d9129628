// `stdz report` as a user runs it: output files, template choice, listing, exit codes and
// positioned errors, escaping, and the Markdown report pinned by a snapshot.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const RESULTS = join(FIXTURES, "results");
const TPL = join(FIXTURES, "templates");
const acme = join(RESULTS, "acme-self.json");
const tmp = () => mkdtempSync(join(tmpdir(), "stdz-report-"));

describe("stdz report", () => {
  it("writes the HTML report to -o and nothing to stdout", () => {
    const dir = tmp();
    const out = join(dir, "report.html");
    const r = stdz(["report", acme, "-o", out]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<div class="v" data-testid="grade">二级</div>');
    expect(readdirSync(dir)).toEqual(["report.html"]); // no temporary file left
  });

  it("prints to stdout without -o", () => {
    const r = stdz(["report", acme]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("picks the Markdown report for -o *.md and follows -t otherwise", () => {
    const dir = tmp();
    expect(stdz(["report", acme, "-o", join(dir, "r.md")]).code).toBe(0);
    expect(readFileSync(join(dir, "r.md"), "utf8").startsWith("# 安全生产标准化自评报告\n")).toBe(true);
    expect(stdz(["report", acme, "-t", "rectification", "-o", join(dir, "r.html")]).code).toBe(0);
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain("<title>安全生产标准化不符合项整改清单 — 泉州某某钢铁有限公司</title>");
  });

  it("lists the built-in templates", () => {
    const r = stdz(["report", "--list-templates"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^report\s+html\s+安全生产标准化自评报告/m);
    expect(r.stdout).toMatch(/^report\.md\s+md\s+/m);
    expect(r.stdout).toMatch(/^rectification\s+html\s+整改清单/m);
    const j = stdz(["report", "--list-templates", "--format", "json"]);
    const list = JSON.parse(j.stdout) as { name: string; format: string }[];
    expect(list.map((x) => `${x.name}:${x.format}`)).toEqual(expect.arrayContaining(["report:html", "report.md:md", "rectification:html"]));
  });

  it("renders a custom template with partials from its folder", () => {
    const r = stdz(["report", acme, "-t", join(TPL, "custom", "my-report.html.hbs")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("自定义抬头：泉州某某钢铁有限公司（二级）");
    expect(r.stdout).toContain('<p class="note">自定义说明 91.60</p>');
  });

  it("switches labels with --lang en", () => {
    const r = stdz(["--lang", "en", "report", acme, "-t", "report.md"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("# Work-Safety Standardization Self-Assessment Report");
    expect(r.stdout).toContain("**Grade：Level 2**");
  });
});

describe("stdz report: errors are coded, positioned and exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    ["syntax error", ["-t", join(TPL, "syntax-error.html.hbs")], /syntax-error\.html\.hbs:3:\d+: error TPL002 /],
    ["unclosed block", ["-t", join(TPL, "unclosed.html.hbs")], /unclosed\.html\.hbs:3:1: error TPL002 .*\{\{#each\}\}/],
    ["unknown helper", ["-t", join(TPL, "unknown-helper.html.hbs")], /unknown-helper\.html\.hbs:3:4: error TPL003 .*shout/],
    ["missing partial", ["-t", join(TPL, "missing-partial.html.hbs")], /missing-partial\.html\.hbs:3:3: error TPL004 .*footer-missing/],
    ["unknown built-in", ["-t", "no-such"], /error TPL001 .*no-such/],
  ];
  for (const [name, args, re] of cases) {
    it(name, () => {
      const dir = tmp();
      const out = join(dir, "out.html");
      const r = stdz(["report", acme, ...args, "-o", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(out)).toBe(false);
    });
  }

  it("result files that are missing, not JSON or not a result", () => {
    const dir = tmp();
    const missing = stdz(["report", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error CLI001/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "stdz": 1,\n  "kind": "result",\n  oops\n}\n');
    const r = stdz(["report", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:4:\d+: error TPL006 /);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ stdz: 1, kind: "standard" }));
    const o = stdz(["report", other]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/other\.json: error TPL007 .*kind/);
    const wrongType = join(dir, "wrong-type.json");
    writeFileSync(wrongType, JSON.stringify({ ...JSON.parse(readFileSync(acme, "utf8")), elements: [{ id: "5.1" }] }));
    const w = stdz(["report", wrongType]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/wrong-type\.json: error TPL007 .*\/elements\/0/);
    const none = stdz(["report"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error CLI002/);
  });
});

describe("stdz report: data is escaped everywhere", () => {
  it("HTML: an enterprise named <script> and notes with {{ render inert", () => {
    const r = stdz(["report", join(RESULTS, "hostile.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script|onerror=alert\(1\)>|<svg onload/);
    expect(r.stdout).toContain('data-testid="enterprise">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(r.stdout).toContain("{{@root.enterprise.name}} &#x60;code&#x60; &lt;!-- x --&gt;");
  });

  it("Markdown: the same data cannot make HTML, links or extra table cells", () => {
    const r = stdz(["report", join(RESULTS, "hostile.json"), "-t", "report.md"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/(^|[^\\])<(script|svg|img|b>|i>|!--)/m);
    expect(r.stdout).toContain("\\<script\\>alert('d')\\</script\\> \\| 表格 \\| \\*强调\\*");
  });
});

describe("Markdown report snapshot", () => {
  // Any change to the Markdown report shows up here as a diff to review (vitest -u to accept).
  for (const name of ["acme-self", "review-weighted", "hostile"]) {
    it(name, async () => {
      const r = stdz(["report", join(RESULTS, `${name}.json`), "-t", "report.md"]);
      expect(r.code).toBe(0);
      await expect(r.stdout).toMatchFileSnapshot(join(ROOT, "test", "e2e", "__snapshots__", `report-${name}.md`));
    });
  }
});
