import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { invalidUtf8Offset } from "../../src/io/text.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { parseYaml, parseYamlBytes } from "../../src/io/yaml.js";
import { readStandardBytes } from "../../src/io/standards.js";
import { FIXTURES } from "../helpers/paths.js";

const Y = (name: string) => parseYamlBytes(readFileSync(join(FIXTURES, "yaml", name)), name);
const codes = (name: string) => Y(name).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);

describe("YAML loader: every kind of bad file is a coded diagnostic", () => {
  it("syntax error (unclosed flow sequence) → YML001", () => expect(codes("syntax.yaml")[0]).toMatch(/^YML001@/));
  it("duplicate key → YML002 at the second key, naming it", () => {
    const d = Y("duplicate-key.yaml").diagnostics;
    expect(d.map((x) => `${x.code}@${x.line}:${x.column}`)).toEqual(["YML002@4:1"]);
    expect(message(d[0]!, "zh")).toBe("键 “title” 重复出现");
  });
  it("tab indentation → YML003 on the tab's line", () => expect(codes("tabs.yaml")).toEqual(["YML003@4:1"]));
  it("alias bomb (10^7 nodes through aliases) → YML004, refused without expanding", () => {
    const t0 = Date.now();
    expect(codes("alias-bomb.yaml").map((c) => c.split("@")[0])).toEqual(["YML004"]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
  it("GBK bytes → YML005 naming the first bad byte offset", () => {
    const d = Y("gbk.yaml").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["YML005"]);
    // "stdz: 1\nid: gbk\ntitle: " is 23 ASCII bytes; the first GBK byte follows.
    expect(message(d[0]!, "zh")).toContain("第 23 字节");
  });
  it("empty file and comments only → YML006", () => {
    expect(codes("empty.yaml")).toEqual(["YML006@1:1"]);
    expect(codes("comments-only.yaml")).toEqual(["YML006@1:1"]);
  });
  it("a list at the top → YML007; two documents → YML008", () => {
    expect(codes("list-root.yaml")).toEqual(["YML007@1:1"]);
    expect(codes("two-docs.yaml")[0]).toMatch(/^YML008@3:/);
  });
  it("quoted duplicate keys are named without quotes", () => {
    expect(message(parseYaml('"a b": 1\n"a b": 2\n', "q.yaml").diagnostics[0]!, "zh")).toBe("键 “a b” 重复出现");
  });
  it("numbers that do not print back as written keep their source text, so decimals are exact", () => {
    const long = "0.1000000000000000055511151231257827";
    const y = parseYaml(`a: 0.10\nb: [1.25, 3, ${long}, 1e2]\n`, "n.yaml");
    expect(y.numText.get("/a")).toBe("0.10");
    expect(y.numText.get("/b/2")).toBe(long);
    expect(y.numText.get("/b/3")).toBe("1e2");
    // 1.25 and 3 read exactly from the value itself.
    expect(y.numText.has("/b/0")).toBe(false);
    expect(y.numText.has("/b/1")).toBe(false);
  });
  it("':' before U+2028 or U+2029 is not a key separator (JavaScript's multiline $ would say it is)", () => {
    for (const sep of ["\u2028", "\u2029"]) {
      const y = parseYaml(`stdz: 1\ntitle:${sep}小数位\n`, "u.yaml");
      expect(y.diagnostics.map((d) => d.code)).toEqual(["YML001"]);
    }
  });
  it("suppression comments map to the next non-comment line, with the reason", () => {
    const y = parseYaml("a: 1\n# stdz-disable-next-line STD012, STD036 -- 原文如此\n\n# another comment\nb: 2\n", "s.yaml");
    expect(y.suppressions.get(5)).toEqual({ codes: ["STD012", "STD036"], reason: "原文如此", line: 2 });
  });
  it("a key such as __proto__ stays plain data", () => {
    const y = parseYaml("__proto__: { polluted: true }\n", "p.yaml");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(y.value as object)).toEqual(["__proto__"]);
  });
});

describe("readStandardBytes: schema errors are positioned", () => {
  it("an unknown key is reported on the key", () => {
    const sf = readStandardBytes(Buffer.from("stdz: 1\nid: x\ntitle: t\ntier: national\nextends: y\ncolour: red\n"), "u.yaml");
    expect(sf.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["STD001@6:1"]);
    expect(message(sf.diagnostics[0]!, "zh")).toContain("colour");
  });
  it("a bad id pattern, a missing required key", () => {
    const sf = readStandardBytes(Buffer.from("stdz: 1\nid: Bad_Id\ntitle: t\ntier: national\n"), "i.yaml");
    expect(sf.diagnostics.map((d) => d.code)).toEqual(["STD001", "STD001", "STD001", "STD001"]);
    expect(sf.diagnostics.some((d) => d.line === 2 && /小写字母/.test(message(d, "zh")))).toBe(true);
    expect(sf.diagnostics.filter((d) => /缺少必填字段/.test(message(d, "zh"))).map((d) => message(d, "zh"))).toEqual([
      "文档顶层：缺少必填字段 “total”",
      "文档顶层：缺少必填字段 “grading”",
      "文档顶层：缺少必填字段 “elements”",
    ]);
  });
});

describe("UTF-8 check", () => {
  it("the offset finder agrees with Node's own check on random bytes (property)", () => {
    // Bytes near the multi-byte boundaries, so overlongs, surrogates and truncations come up often.
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
      fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4, 0xf5),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const off = invalidUtf8Offset(buf);
        expect(off < 0).toBe(isUtf8(buf));
        if (off >= 0) expect(isUtf8(buf.subarray(0, off))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("source document: locate(pointer, prefer)", () => {
  const text = "a:\n  b:\n    - 1\n    - x: 2\nc: 3\n";
  for (const fast of [true, false]) {
    const y = parseYaml(text, "x.yaml", { fast });
    const at = (ptr: string, prefer?: "key" | "value") => {
      const r = y.locate(ptr, prefer);
      return r ? `${r.line}:${r.column}` : undefined;
    };
    it(`${fast ? "fast reader" : "general loader"}: value by default, the key when preferred and written, else the nearest ancestor`, () => {
      expect(at("/c")).toBe("5:4");
      expect(at("/c", "key")).toBe("5:1");
      expect(at("/a/b", "key")).toBe("2:3");
      expect(at("/a/b")).toBe("3:5");
      // A list item has no key: its value either way.
      expect(at("/a/b/1", "key")).toBe("4:7");
      // Missing data: the nearest ancestor that is written, key preference or not.
      expect(at("/a/b/1/y")).toBe("4:7");
      expect(at("/a/b/1/y", "key")).toBe("4:7");
      expect(at("/a/zz/0")).toBe(at("/a"));
      expect(at("/nope")).toBe("1:1");
    });
  }
  it("an unreadable file has no positions", () => {
    const y = parseYamlBytes(Buffer.from([0xff, 0xfe, 0x00]), "bad.yaml");
    expect(y.locate("/a")).toBeUndefined();
  });
  it("the fast reader builds positions only when first asked", () => {
    const y = parseYaml("a: 1\n", "x.yaml");
    expect(y.locate("/a")).toEqual({ line: 1, column: 4, end_line: 1, end_column: 5 });
    expect(y.positions()).toBe(y.positions());
  });
});
