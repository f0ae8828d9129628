import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { MAX_DEPTH, parseFast } from "../../src/io/yaml-fast.js";
import { MAX_NESTING, tooDeep } from "../../src/core/lib/nesting.js";
import { parseYaml } from "../../src/io/yaml.js";
import { CONFORMANCE, FIXTURES, ROOT } from "../helpers/paths.js";

function yamlFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** The fast reader either declines or agrees with the general loader exactly. */
function agree(text: string): boolean {
  const fast = parseFast(text);
  if (!fast) return false;
  const slow = parseYaml(text, "x.yaml", { fast: false });
  expect(slow.diagnostics).toEqual([]);
  expect(fast.value).toEqual(slow.value);
  // Same entries (the order they were recorded in does not matter).
  const fp = fast.positions();
  const sp = slow.positions();
  expect(Object.fromEntries(fp.node)).toEqual(Object.fromEntries(sp.node));
  expect(Object.fromEntries(fp.key)).toEqual(Object.fromEntries(sp.key));
  expect(Object.fromEntries(fast.numText)).toEqual(Object.fromEntries(slow.numText));
  return true;
}

describe("fast YAML reader", () => {
  const files = [...yamlFiles(join(ROOT, "standards")), ...yamlFiles(FIXTURES), ...yamlFiles(CONFORMANCE), ...yamlFiles(join(ROOT, "examples"))];

  it("agrees with the general loader on every YAML file of the project (or declines)", () => {
    let fast = 0;
    for (const f of files) if (agree(readFileSync(f, "utf8"))) fast++;
    // Most files take the fast path; the rest (anchors, tabs, errors …) the general one.
    expect(fast).toBeGreaterThan(files.length / 2);
  });

  it("reads every shipped standard itself", () => {
    for (const f of yamlFiles(join(ROOT, "standards"))) expect(parseFast(readFileSync(f, "utf8")), f).toBeDefined();
  });

  it("agrees on CRLF line ends, comments, empty values, quoted keys and compact nesting", () => {
    const cases = [
      "a: 1\r\nb:\r\n  - x # c\r\n  - { k: v, n: [1, 2.50] }\r\n",
      "a:\n  e:\n\n  f: 1\nb:\n",
      "'q k': \"v\"\nx: 'it''s'   \nlist:\n- 1\n- -2.5\nafter: true\n",
      "- 1\n",
      'items:\n  - id: "1.1"\n    title: 标题：含全角冒号 # 注释\n    deductions: [{ id: a, text: 扣分, points: 0.25 }]\n  -\n    id: x\n',
      "k: a:b\nu: http://x/y#z\n",
      "1.0: x\n007: y\ntrue: z\n",
    ];
    for (const c of cases) agree(c);
    expect(parseFast(cases[0]!)).toBeDefined();
    expect(parseFast(cases[4]!)).toBeDefined();
  });

  it("declines what it does not handle", () => {
    for (const t of [
      "a: &x 1\nb: *x\n",
      "a: |\n  text\n",
      'a: "esc\\n"\n',
      "a: b: c\n",
      "a: 1\na: 2\n",
      "a:\n\tb: 1\n",
      "--- \na: 1\n",
      "a: [1,\n  2]\n",
      "a: plain\n  continued\n",
      "- a\n",
      "a: 0x1F\n",
    ]) {
      expect(parseFast(t), JSON.stringify(t)).toBeUndefined();
    }
  });

  it("agrees with the general loader on random documents (property)", () => {
    const scalar = fc.oneof(
      fc.integer({ min: -1000, max: 100000 }),
      fc.integer({ min: 0, max: 99999 }).map((n) => n / 100),
      fc.boolean(),
      fc.constant(null),
      fc.stringMatching(/^[a-z0-9 .:#'"\-[\]{},&*!|>%@`?一二三扣分要素，：、\u2028\u2029]{0,12}$/),
    );
    const key = fc.stringMatching(/^[a-z_][a-z0-9_ ]{0,6}$|^[一-龥]{1,3}$|^[0-9]{1,3}$/);
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("arr"), tie("obj")),
      arr: fc.array(tie("node"), { maxLength: 4 }),
      obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
    })).node;
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });
    let fastCount = 0;
    fc.assert(
      fc.property(doc, fc.integer({ min: 0, max: 4 }), (d, flowLevel) => {
        const text = stringify(d, { flowLevel: flowLevel === 4 ? undefined : flowLevel, lineWidth: 0 } as never);
        if (agree(text)) fastCount++;
      }),
      { numRuns: Number(process.env.FAST_YAML_RUNS ?? 400) },
    );
    expect(fastCount).toBeGreaterThan(50);
  });

  it("never accepts what the general loader rejects: random edits of a real standard (property)", () => {
    const base =
      readFileSync(join(FIXTURES, "lint", "good-extends.yaml"), "utf8") +
      readFileSync(join(FIXTURES, "lint", "duplicate-evidence.yaml"), "utf8").replace(/^stdz: 1[\s\S]*?elements:\n/m, "more:\n");
    const bases = [
      base,
      readFileSync(join(ROOT, "standards", "qz-gm-2021.yaml"), "utf8"),
      readFileSync(join(CONFORMANCE, "standards", "cf-basic.yaml"), "utf8"),
    ];
    const edit = fc.record({
      at: fc.nat(),
      del: fc.integer({ min: 0, max: 3 }),
      ins: fc.constantFrom(
        "",
        " ",
        "  ",
        "\n",
        "#",
        " #",
        ":",
        ": ",
        "- ",
        "-",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "x",
        "\r\n",
        "\r",
        "  - ",
        "1.5",
        "&a ",
        "*a",
        "\n  ",
        "\n\n",
        "~",
        "null",
        "0.1",
        "k: v\n",
        "\u2028",
        ":\u2028",
        "\u2029",
        "\u0085",
        "\ufeff",
      ),
    });
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 3 }), (start, edits) => {
        let t = start;
        for (const e of edits) {
          const at = e.at % (t.length + 1);
          t = t.slice(0, at) + e.ins + t.slice(at + e.del);
        }
        const fast = parseFast(t);
        if (!fast) return;
        agree(t);
      }),
      { numRuns: Number(process.env.FAST_YAML_RUNS ?? 400) },
    );
  });
});

describe("nesting: what the fast reader accepts never needs the nesting check (YML010)", () => {
  // parseYaml skips tooDeep for documents the fast reader reads; that is sound only if every
  // document it accepts is within the check's limit. The deepest shapes it accepts, per kind:
  const shapes: Record<string, (d: number) => string> = {
    mappings: (d) => Array.from({ length: d }, (_, i) => `${"  ".repeat(i)}a${i}:`).join("\n") + " 1\n",
    // A document is a mapping: these hang under a root key.
    "compact sequences": (d) => "root:\n  " + "- ".repeat(d - 1) + "1\n",
    "dash then key": (d) => "root:\n" + Array.from({ length: Math.ceil((d - 1) / 2) }, (_, i) => `${"    ".repeat(i)}  - k${i}:`).join("\n") + " 1\n",
    "one-line flow": (d) => "a: " + "[".repeat(d - 1) + "1" + "]".repeat(d - 1) + "\n",
    "flow maps inside blocks": (d) =>
      Array.from({ length: Math.floor(d / 2) }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") +
      " " +
      "{ x: ".repeat(Math.ceil(d / 2)) +
      "1" +
      " }".repeat(Math.ceil(d / 2)) +
      "\n",
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(`${name}: accepted up to MAX_DEPTH within the limit, deeper left to the general path`, () => {
      let accepted = 0;
      for (let d = 1; d <= MAX_DEPTH + 3; d++) {
        const text = make(d);
        if (parseFast(text) === undefined) continue;
        accepted = d;
        expect(tooDeep(text, MAX_NESTING), `${name} at ${d}`).toBeUndefined();
      }
      // The reader declines nested compact sequences ("- - x") outright.
      if (name !== "compact sequences") expect(accepted, name).toBeGreaterThanOrEqual(MAX_DEPTH - 3);
      expect(accepted, name).toBeLessThanOrEqual(MAX_DEPTH);
    });
  }
  it("a document nested past the limit still gets YML010 (through the general path)", () => {
    const r = parseYaml(shapes.mappings!(MAX_NESTING + 5), "deep.yaml");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["YML010"]);
  });
});
