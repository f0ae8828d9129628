// Which encoding a register is read in, and what is reported when bytes do not fit it.
import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { DecodeError, gb18030Stats, RegisterDecoder, utf8Stats, type EncodingOption } from "../../src/io/register-decode.js";

const HEAD = "单位名称,统一社会信用代码,所属行业,所属区县,达标等级\r\n";
const rows = (n: number) => Array.from({ length: n }, (_, i) => `泉州第${i + 1}机械有限公司,,机械,鲤城区,三级\r\n`).join("");
const register = HEAD + rows(30);

/** Decode in chunks of `chunk` bytes: text, encoding chosen, broken sequences counted. */
function decode(buf: Buffer, enc: EncodingOption = "auto", chunk = 1 << 20) {
  const d = new RegisterDecoder(enc);
  let text = "";
  for (let i = 0; i < buf.length; i += chunk) text += d.write(buf.subarray(i, i + chunk));
  text += d.end();
  return { text, encoding: d.encoding, invalid: d.invalid };
}

function thrown(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("no DecodeError");
}

/** The UTF-8 register with row 17's 第 cut to its first two bytes. */
function oneBadRow(): Buffer {
  const buf = Buffer.from(register, "utf8");
  const at = buf.indexOf(Buffer.from("泉州第17", "utf8")) + 6;
  return Buffer.concat([buf.subarray(0, at), Buffer.from([0xe7, 0xac]), buf.subarray(at + 3)]);
}

describe("sequence counts", () => {
  it("UTF-8: well-formed and broken sequences, the first broken one's offset", () => {
    expect(utf8Stats(Buffer.from("ab名称", "utf8"))).toEqual({ valid: 2, invalid: 0, firstInvalid: -1 });
    expect(utf8Stats(Buffer.concat([Buffer.from("名a", "utf8"), Buffer.from([0xe5, 0x90]), Buffer.from("a称", "utf8")]))).toEqual({
      valid: 2,
      invalid: 1,
      firstInvalid: 4,
    });
    // Overlong and surrogate forms are broken, not well-formed.
    expect(utf8Stats(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80])).valid).toBe(0);
  });
  it("GB18030: two- and four-byte sequences", () => {
    expect(gb18030Stats(iconv.encode("名称𠀀a", "gb18030"))).toEqual({ valid: 3, invalid: 0, firstInvalid: -1 });
    expect(gb18030Stats(Buffer.from([0x61, 0xc3, 0x2c, 0xc3, 0xfb])).invalid).toBe(1);
  });
});

describe("deciding the encoding (auto)", () => {
  it("a UTF-8 register with one broken sequence in one row stays UTF-8; only that cell is marked", () => {
    for (const chunk of [7, 64, 1 << 20]) {
      const r = decode(oneBadRow(), "auto", chunk);
      expect(r.encoding).toBe("utf8");
      expect(r.invalid).toBe(1);
      const lines = r.text.split("\r\n");
      expect(lines[17]).toBe("泉州\uFFFD17机械有限公司,,机械,鲤城区,三级");
      expect(lines.filter((l) => l.includes("\uFFFD"))).toHaveLength(1);
      expect(lines[18]).toBe("泉州第18机械有限公司,,机械,鲤城区,三级");
    }
  });
  it("GBK is read as GB18030 (it decodes cleanly, and is not UTF-8 in many places)", () => {
    expect(decode(iconv.encode(register, "gbk"), "auto", 100)).toEqual({ text: register, encoding: "gb18030", invalid: 0 });
  });
  it("a GBK file with one damaged pair stays GB18030 and counts the damage", () => {
    const buf = iconv.encode(register, "gbk");
    const at = buf.indexOf(iconv.encode("第17", "gbk"));
    buf[at] = 0xff; // not a GB18030 lead byte
    const r = decode(buf);
    expect(r.encoding).toBe("gb18030");
    expect(r.invalid).toBeGreaterThanOrEqual(1);
  });
  it("a U+FFFD written in a valid UTF-8 file is text, not damage", () => {
    const r = decode(Buffer.from(HEAD + "泉州\uFFFD公司,,机械,鲤城区,三级\r\n", "utf8"));
    expect([r.encoding, r.invalid]).toEqual(["utf8", 0]);
  });
  it("bytes broken in every candidate: DecodeError at the first broken byte with its line and column", () => {
    const junk = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 2 ? 0x2c : 0xff)));
    const e = thrown(() => decode(Buffer.concat([Buffer.from("name,sector\r\nab,", "latin1"), junk])));
    expect([e.encoding, e.found, e.line, e.column, e.offset]).toEqual(["utf8", undefined, 2, 4, 16]);
  });
});

describe("an encoding that does not fit the file", () => {
  it("--encoding utf8 on GBK names GB18030 and the first byte that is not UTF-8 (line, column)", () => {
    const buf = Buffer.concat([Buffer.from("name,sector\r\nx,y\r\nabc,", "latin1"), iconv.encode("泉州机械,机械\r\n".repeat(20), "gbk")]);
    const e = thrown(() => decode(buf, "utf8", 5));
    expect(e.found).toEqual({ encoding: "gb18030", by: "decodes" });
    // 泉 in GBK (C8 AA) happens to be well-formed UTF-8; 州 (D6 DD) is where UTF-8 breaks.
    expect([e.line, e.column, e.offset]).toEqual([3, 6, 24]);
  });
  it("--encoding gbk on UTF-8 names UTF-8", () => {
    const e = thrown(() => decode(Buffer.from(register, "utf8"), "gbk"));
    expect(e.encoding).toBe("gbk");
    expect(e.found).toEqual({ encoding: "utf8", by: "decodes" });
    expect(e.line).toBe(1);
  });
  it("a byte order mark that contradicts --encoding", () => {
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(register, "utf16le")]);
    expect(thrown(() => decode(u16, "gbk")).found).toEqual({ encoding: "utf16le", by: "bom" });
    expect(thrown(() => decode(u16, "utf8")).found).toEqual({ encoding: "utf16le", by: "bom" });
    const u8 = Buffer.from("\uFEFF" + register, "utf8");
    expect(thrown(() => decode(u8, "gb18030")).found).toEqual({ encoding: "utf8", by: "bom" });
    expect(decode(u8, "utf8").text).toBe(register);
    expect(decode(u16).encoding).toBe("utf16le");
  });
  it("UTF-16 without a byte order mark is named by its zero bytes", () => {
    expect(thrown(() => decode(Buffer.from(register, "utf16le"))).found).toEqual({ encoding: "utf16le", by: "zeros" });
    expect(thrown(() => decode(Buffer.from(register, "utf16le").swap16())).found).toEqual({ encoding: "utf16be", by: "zeros" });
  });
});
