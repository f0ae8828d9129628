import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse as csvParse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { CsvReader, detectDelimiter, parseCsvText, type Delimiter } from "../../src/io/csv-reader.js";
import { RegisterDecoder, DecodeError, NotTextError } from "../../src/io/register-decode.js";
import { CreditCodeIndex, NameIndex } from "../../src/core/register/dedup.js";
import { withCheckChar } from "../../src/core/lib/credit-code.js";

/** Parse with the text cut into pieces at the given positions (chunk boundaries anywhere). */
function parseInPieces(text: string, cuts: number[], delimiter?: Delimiter) {
  const out: Array<{ fields: string[]; line: number; unclosed?: number }> = [];
  const r = new CsvReader(
    {
      record: (fields, line) => out.push({ fields, line }),
      unclosed: (fields, line, column) => out.push({ fields, line, unclosed: column }),
    },
    delimiter,
  );
  let prev = 0;
  for (const c of [...new Set(cuts)].filter((x) => x > 0 && x < text.length).sort((a, b) => a - b)) {
    r.push(text.slice(prev, c));
    prev = c;
  }
  r.push(text.slice(prev));
  r.end();
  return out;
}

describe("CsvReader", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks, and the line each record starts on", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n\r\n3,"lf\nonly",w\r\n';
    expect(parseCsvText(text)).toEqual([
      { fields: ["a", "b", "c"], line: 1 },
      { fields: ["1", "x, y", 'say "hi"'], line: 2 },
      { fields: ["2", "two\r\nlines", "z"], line: 3 },
      { fields: ["3", "lf\nonly", "w"], line: 6 },
    ]);
  });
  it("gives the same records whatever the chunk boundaries", () => {
    const text = '\uFEFFa,b\r\n"q""x",2\r\n"multi\r\nline",3\r\nlast,"4"';
    const whole = parseInPieces(text, []);
    for (let i = 1; i < text.length; i++) expect(parseInPieces(text, [i]), `cut at ${i}`).toEqual(whole);
    expect(
      parseInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toEqual(whole);
  });
  it("handles LF, CRLF and CR-only line ends and a last line without one", () => {
    expect(parseCsvText("a,b\nc,d").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(parseCsvText("a,b\rc,d\r").map((r) => [r.line, ...r.fields])).toEqual([
      [1, "a", "b"],
      [2, "c", "d"],
    ]);
    expect(parseCsvText("a,b,\r\n").map((r) => r.fields)).toEqual([["a", "b", ""]]);
  });
  it("detects comma or tab from the first line", () => {
    expect(detectDelimiter("单位名称\t所属行业\t备注,说明")).toBe("\t");
    expect(detectDelimiter('单位名称,所属行业,"a\tb"')).toBe(",");
    expect(parseCsvText("a\tb\r\n1\t2,3\r\n").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2,3"],
    ]);
  });
  it("is lenient like Excel: quotes inside unquoted fields, text after a closing quote", () => {
    expect(parseCsvText('a,b\r\nab"c,"x"y\r\n').map((r) => r.fields)).toEqual([
      ["a", "b"],
      ['ab"c', "xy"],
    ]);
  });
  it("reports a quote that never closes and resumes on the next line", () => {
    const text = 'h1,h2\r\nok,1\r\n"broken,2\r\nafter,3\r\n';
    const out = parseInPieces(text, [15, 20]);
    expect(out).toEqual([
      { fields: ["h1", "h2"], line: 1 },
      { fields: ["ok", "1"], line: 2 },
      { fields: ['"broken,2'], line: 3, unclosed: 1 },
      { fields: ["after", "3"], line: 4 },
    ]);
  });
  it("agrees with csv-parse on what csv-stringify writes (property)", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom("", ",", '"', "\r\n", "\n", "泉州,有限公司", '引"号'));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(200)),
        fc.boolean(),
        (rows, cuts, crlf) => {
          // A row of empty cells is a blank line to the reader; give every row some text.
          const data = rows.map((r, i) => [`r${i}`, ...r]);
          const text = stringify(data, { record_delimiter: crlf ? "\r\n" : "\n", quoted_match: /[\r\n]/ });
          const mine = parseInPieces(text, cuts).map((r) => r.fields);
          const theirs = csvParse(text, { relax_column_count: true }) as string[][];
          expect(mine).toEqual(theirs);
          expect(mine).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("RegisterDecoder", () => {
  const decode = (buf: Buffer, enc: "auto" | "utf8" | "gbk" | "gb18030" = "auto", chunk = 7) => {
    const d = new RegisterDecoder(enc);
    let s = "";
    for (let i = 0; i < buf.length; i += chunk) s += d.write(buf.subarray(i, i + chunk));
    s += d.end();
    return { text: s, encoding: d.encoding };
  };
  const text = "单位名称,所属行业\r\n泉州𠀀机械有限公司,机械\r\n";
  it("detects UTF-8 with and without BOM (BOM dropped)", () => {
    expect(decode(Buffer.from("\uFEFF" + text, "utf8"))).toEqual({ text, encoding: "utf8" });
    expect(decode(Buffer.from(text, "utf8"))).toEqual({ text, encoding: "utf8" });
  });
  it("detects GBK / GB18030, also when the first non-ASCII byte comes late", () => {
    const gbk = "单位名称,所属行业\r\n泉州机械,机械\r\n";
    expect(decode(iconv.encode(gbk, "gbk"))).toEqual({ text: gbk, encoding: "gb18030" });
    expect(decode(iconv.encode(text, "gb18030"))).toEqual({ text, encoding: "gb18030" });
    const late = "name,sector\r\n" + "x,y\r\n".repeat(50) + gbk;
    expect(decode(iconv.encode(late, "gbk"), "auto", 64)).toEqual({ text: late, encoding: "gb18030" });
  });
  it("detects UTF-16LE with BOM (Excel's Unicode text)", () => {
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), "auto", 5)).toEqual({ text, encoding: "utf16le" });
  });
  it("honours --encoding and reports where UTF-8 breaks", () => {
    expect(decode(iconv.encode("名称", "gbk"), "gbk").text).toBe("名称");
    const bad = Buffer.concat([Buffer.from("abc,def\r\n", "utf8"), iconv.encode("名称", "gbk")]);
    expect(() => decode(bad, "utf8", 4)).toThrow(DecodeError);
    try {
      decode(bad, "utf8", 4);
    } catch (e) {
      expect((e as DecodeError).offset).toBe(9);
    }
  });
  it("refuses workbooks and binary files", () => {
    expect(() => decode(Buffer.from("PK\x03\x04rest", "latin1"))).toThrow(NotTextError);
    expect(() => decode(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).toThrow(NotTextError);
    expect(() => decode(Buffer.from([1, 0, 0, 2, 0, 0, 3, 0]))).toThrow(NotTextError);
  });
});

describe("credit code de-duplication", () => {
  it("matches a Map of strings on many codes (and remembers the first row)", () => {
    const idx = new CreditCodeIndex(16);
    const map = new Map<string, number>();
    const CH = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 31;
    const pool: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = "";
      for (let k = 0; k < 17; k++) s += CH[rnd()];
      pool.push(withCheckChar(s));
    }
    for (let row = 1; row <= 20000; row++) {
      const code = pool[(row * 7919) % pool.length]!;
      const first = map.get(code);
      expect(idx.addOrGet(code, row)).toBe(first ?? 0);
      if (first === undefined) map.set(code, row);
    }
    expect(idx.size).toBe(map.size);
  });
  it("tells codes apart that differ only in the last position before the check character", () => {
    const idx = new CreditCodeIndex();
    expect(idx.addOrGet(withCheckChar("91350502MA2XYP120"), 1)).toBe(0);
    expect(idx.addOrGet(withCheckChar("91350502MA2XYP121"), 2)).toBe(0);
    expect(idx.addOrGet(withCheckChar("91350502MA2XYP120"), 3)).toBe(1);
  });
  it("names without a code", () => {
    const n = new NameIndex();
    expect(n.addOrGet("泉州某公司", 4)).toBe(0);
    expect(n.addOrGet("泉州某公司", 9)).toBe(4);
  });
});

describe("zh-CN name sorting (rank keys checked against the collator)", () => {
  const collator = new Intl.Collator("zh-CN");
  const reference = (names: string[]) => names.map((_, i) => i).sort((x, y) => collator.compare(names[x]!, names[y]!) || x - y);
  it("gives exactly the collator's order, also with case, width and punctuation differences (property)", async () => {
    const { collatedOrder } = await import("../../src/core/register/collate.js");
    const pool = [..."泉州晋江石狮鲤城丰泽机械纺织化工有限公司分厂阿啊吖长重行银aAbBzZ(（)）-－ 1１é𠀀"];
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.constantFrom(...pool), { maxLength: 8 }).map((cs) => cs.join("")),
          { minLength: 0, maxLength: 300 },
        ),
        (names) => {
          expect([...collatedOrder(names, collator)]).toEqual(reference(names));
        },
      ),
      { numRuns: 200 },
    );
  });
  it("orders by pinyin", async () => {
    const { collatedOrder } = await import("../../src/core/register/collate.js");
    const names = Array.from({ length: 100 }, (_, i) => ["石狮", "鲤城", "丰泽", "晋江", "安溪"][i % 5]! + i);
    const sorted = [...collatedOrder(names, collator)].map((i) => names[i]!);
    expect(sorted[0]).toMatch(/^安溪/);
    expect(sorted.at(-1)).toMatch(/^石狮/);
  });
  it("builds the key of a 130,000-character name without overflowing the stack", async () => {
    const { collatedOrder, charRanks, rankKey } = await import("../../src/core/register/collate.js");
    const long = "长" + "名甲".repeat(65_000);
    const ranks = charRanks([long], collator)!;
    const key = rankKey(long, ranks);
    expect(key.length).toBe(long.length);
    expect(key.charCodeAt(1)).toBe(ranks.get("名".codePointAt(0)!));
    expect(key.charCodeAt(long.length - 1)).toBe(ranks.get("甲".codePointAt(0)!));
    const names = [...Array.from({ length: 80 }, (_, i) => `公司${i}`), long];
    expect([...collatedOrder(names, collator)]).toEqual(reference(names));
  });
});
