// Certificate numbers (证书编号) under the 2014 rules.
import type { Grade } from "./values.js";
import { text, type Text } from "../lib/text.js";

export const CERT_SECTOR_CODES = ["KS", "SY", "XK", "CJ", "DZ", "WH", "HG", "YY", "YH", "YJ", "YS", "JC", "JX", "QG", "FZ", "YC", "SM"] as const;
const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼黔滇蜀秦陇";
const CERT_RE = /^(.?)AQB([A-Z]{2})([ⅠⅡⅢ])(\d{4})(\d{5})$/;
const LEVEL_OF: Record<string, Grade> = { Ⅰ: "一级", Ⅱ: "二级", Ⅲ: "三级" };

export type CertCheck = { ok: true; level: Grade } | { ok: false; detail: Text };

/** Check a certificate number against the 2014 format: [province] AQB + sector code + Ⅰ/Ⅱ/Ⅲ + year + 5 digits. */
const LEVEL_OK: Record<string, CertCheck> = { Ⅰ: { ok: true, level: "一级" }, Ⅱ: { ok: true, level: "二级" }, Ⅲ: { ok: true, level: "三级" } };
const SECTOR_CODE_SET = new Set<string>(CERT_SECTOR_CODES);

/** The common well-formed case, checked without a regular expression; undefined to take the full check. */
function fastCert(cert: string): CertCheck | undefined {
  const n = cert.length;
  const p = n === 15 ? 0 : n === 16 ? 1 : -1; // "AQB" position: 一级 has no province
  if (p < 0 || cert.charCodeAt(p) !== 0x41 || cert.charCodeAt(p + 1) !== 0x51 || cert.charCodeAt(p + 2) !== 0x42) return undefined;
  const level = cert[p + 5]!;
  if (!(level in LEVEL_OK) || (level === "Ⅰ") !== (p === 0) || (p === 1 && !PROVINCES.includes(cert[0]!))) return undefined;
  if (!SECTOR_CODE_SET.has(cert.slice(p + 3, p + 5))) return undefined;
  let year = 0;
  for (let k = p + 6; k < n; k++) {
    const d = cert.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return undefined;
    if (k < p + 10) year = year * 10 + d;
  }
  return year >= 2014 && year <= 2099 ? LEVEL_OK[level] : undefined;
}

export function checkCertNo(cert: string): CertCheck {
  const fast = fastCert(cert);
  if (fast) return fast;
  const m = CERT_RE.exec(cert);
  if (!m) {
    if (!cert.includes("AQB")) return { ok: false, detail: text("缺少 “AQB”", "no 'AQB'") };
    if (/[IVX]{1,3}\d{9}$/.test(cert))
      return { ok: false, detail: text("等级应写作罗马数字 Ⅰ/Ⅱ/Ⅲ（全角字符）", "the level must be the Roman numeral character Ⅰ/Ⅱ/Ⅲ") };
    return { ok: false, detail: text("结构不符", "wrong structure") };
  }
  const [, prov, sector, level, year] = m as unknown as [string, string, string, string, string];
  if (!(CERT_SECTOR_CODES as readonly string[]).includes(sector))
    return { ok: false, detail: text(`行业代码 ${sector} 不在 2014 年代码表中`, `sector code ${sector} is not in the 2014 list`) };
  if (level === "Ⅰ" && prov !== "") return { ok: false, detail: text("一级证书不带省份简称", "一级 certificates carry no province") };
  if (level !== "Ⅰ" && (prov === "" || !PROVINCES.includes(prov)))
    return { ok: false, detail: text("二级、三级证书应以省份简称开头", "二级/三级 certificates start with the province abbreviation") };
  const y = Number(year);
  if (y < 2014 || y > 2099) return { ok: false, detail: text(`年份 ${year} 不合理`, `implausible year ${year}`) };
  return { ok: true, level: LEVEL_OF[level]! };
}
