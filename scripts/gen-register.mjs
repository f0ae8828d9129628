#!/usr/bin/env node
// Synthetic enterprise registers (基础台账) for tests and benchmarks: valid credit codes
// (GB 32100-2015 check character), plausible names, sectors, counties, grades, dates and
// certificate numbers in the 2014 format. Deterministic for a given --seed.
//
//   npm run gen:register -- --rows 100000 --encoding gbk --out big.csv
//
// Options:
//   --rows N            data rows (default 1000)
//   --out FILE          output file (default: stdout)
//   --encoding E        utf8bom (default, Excel's "CSV UTF-8") | utf8 | gbk | gb18030
//   --delimiter D       comma (default) | tab
//   --headers H         zh (default) | en (English aliases)
//   --bad RATE          share of rows with a deliberate problem (default 0: none)
//   --warn-all          every row draws a warning (a graded row's score below its grade's threshold,
//                       REG031; any other row a certificate number not in the 2014 format, REG030)
//   --mixed-dates       write dates in several of the forms Excel users type (2024/6/30, 2024年6月30日, serials)
//   --seed S            PRNG seed (default 1)
//   --lf                LF line ends instead of Excel's CRLF
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = {
    rows: 1000,
    out: undefined,
    encoding: "utf8bom",
    delimiter: "comma",
    headers: "zh",
    bad: 0,
    warnAll: false,
    mixedDates: false,
    seed: 1,
    lf: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--rows") o.rows = Number(v());
    else if (a === "--out" || a === "-o") o.out = v();
    else if (a === "--encoding") o.encoding = v().toLowerCase();
    else if (a === "--delimiter") o.delimiter = v();
    else if (a === "--headers") o.headers = v();
    else if (a === "--bad") o.bad = Number(v());
    else if (a === "--mixed-dates") o.mixedDates = true;
    else if (a === "--warn-all") o.warnAll = true;
    else if (a === "--seed") o.seed = Number(v());
    else if (a === "--lf") o.lf = true;
    else if (a === "-h" || a === "--help") {
      process.stdout.write(readHelp());
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.rows) || o.rows < 0) throw new Error("--rows must be a non-negative integer");
  if (!["utf8", "utf8bom", "gbk", "gb18030"].includes(o.encoding)) throw new Error("--encoding: utf8bom | utf8 | gbk | gb18030");
  if (!["comma", ",", "tab", "\\t"].includes(o.delimiter)) throw new Error("--delimiter: comma | tab");
  return o;
}

function readHelp() {
  return "usage: node scripts/gen-register.mjs [--rows N] [--out FILE] [--encoding utf8bom|utf8|gbk|gb18030] [--delimiter comma|tab] [--headers zh|en] [--bad RATE] [--warn-all] [--mixed-dates] [--seed S] [--lf]\n";
}

// mulberry32: small, fast, deterministic.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function checkChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}
// GB 11714 organisation code check character, for realism of characters 9–17.
function orgCode(body8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(body8[i]) * w[i];
  const c = 11 - (s % 11);
  return body8 + (c === 10 ? "X" : c === 11 ? "0" : String(c));
}

// 泉州 counties with their administrative division codes.
const COUNTIES = [
  ["鲤城区", "350502", 6],
  ["丰泽区", "350503", 7],
  ["洛江区", "350504", 5],
  ["泉港区", "350505", 6],
  ["惠安县", "350521", 9],
  ["安溪县", "350524", 9],
  ["永春县", "350525", 6],
  ["德化县", "350526", 7],
  ["石狮市", "350581", 10],
  ["晋江市", "350582", 18],
  ["南安市", "350583", 14],
];
// Sectors (from the 泉州 附件2 table) with a weight and the 2014 certificate sector code (blank: no
// certificate in that format, e.g. 建筑业 and 交通运输 have their own schemes).
const SECTORS = [
  ["机械", 14, "JX"],
  ["轻工", 14, "QG"],
  ["纺织", 12, "FZ"],
  ["建材", 10, "JC"],
  ["冶金", 4, "YJ"],
  ["有色", 3, "YS"],
  ["危险化学品", 6, "WH"],
  ["烟花爆竹", 1, "YH"],
  ["非煤矿山", 2, "KS"],
  ["商贸", 9, "SM"],
  ["建筑业", 7, ""],
  ["道路交通运输", 5, ""],
  ["城镇燃气", 1, ""],
  ["电力", 1, ""],
  ["烟草", 1, "YC"],
  ["医疗机构", 2, ""],
  ["学校", 2, ""],
];
const SECTOR_WORD = {
  机械: ["机械", "机电", "精密机械", "五金"],
  轻工: ["鞋业", "食品", "工艺品", "包装", "制衣"],
  纺织: ["纺织", "织造", "印染", "服饰"],
  建材: ["石材", "陶瓷", "建材", "水泥制品"],
  冶金: ["钢铁", "铸造", "冶金"],
  有色: ["铝业", "铜业", "有色金属"],
  危险化学品: ["化工", "化学", "石化"],
  烟花爆竹: ["烟花", "花炮"],
  非煤矿山: ["矿业", "石料"],
  商贸: ["商贸", "贸易", "百货"],
  建筑业: ["建设工程", "建筑工程", "建工"],
  道路交通运输: ["运输", "物流", "客运"],
  城镇燃气: ["燃气", "天然气"],
  电力: ["电力", "能源"],
  烟草: ["烟草"],
  医疗机构: ["医院", "门诊部"],
  学校: ["学校", "中学"],
};
const BRAND = "鑫盛源通顺利恒泰金龙天海祥瑞嘉诚永丰新旺伟业明辉华兴宏达荣昌隆福建安泰德兴合众联创晋峰闽南海峡长城远航".split("");
const SURNAME = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海燕鹏辉玲婷雪梅晨宇浩然".split("");
const SUFFIX = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"];
const PROV = "闽";
const ROMAN = { 一级: "Ⅰ", 二级: "Ⅱ", 三级: "Ⅲ" };

const ZH = [
  "序号",
  "单位名称",
  "统一社会信用代码",
  "法定代表人",
  "从业人员数量",
  "所属行业",
  "所属区县",
  "规模以上",
  "高危",
  "小微企业",
  "达标等级",
  "评审得分",
  "证书编号",
  "发证日期",
  "有效期至",
  "最近自评日期",
  "抽查得分",
  "备注",
];
const EN = [
  "no",
  "name",
  "credit_code",
  "legal_rep",
  "employees",
  "sector",
  "county",
  "above_scale",
  "high_risk",
  "small_micro",
  "grade",
  "score",
  "cert_no",
  "issued",
  "valid_until",
  "last_self_assessment",
  "audit_score",
  "note",
];

function weighted(rand, list, wIndex) {
  const total = list.reduce((s, x) => s + x[wIndex], 0);
  let r = rand() * total;
  for (const x of list) {
    r -= x[wIndex];
    if (r < 0) return x;
  }
  return list[list.length - 1];
}

const pad = (n, w) => String(n).padStart(w, "0");
const DAY = 86_400_000;
function isoFromDay(day) {
  const d = new Date(day * DAY);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}
function dayOf(iso) {
  return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY);
}
function writeDate(rand, iso, mixed) {
  if (!mixed || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const r = rand();
  const [y, m, d] = iso.split("-").map(Number);
  if (r < 0.5) return iso;
  if (r < 0.75) return `${y}/${m}/${d}`;
  if (r < 0.9) return `${y}年${m}月${d}日`;
  return String(dayOf(iso) + 25569); // Excel serial (1900 system)
}

function quote(v, delim) {
  return v.includes(delim) || v.includes('"') || v.includes("\n") || v.includes("\r") ? `"${v.replace(/"/g, '""')}"` : v;
}

export function* generateRows(opts) {
  const rand = prng(opts.seed);
  const end = dayOf("2024-06-30");
  let prevCredit = "";
  for (let i = 1; i <= opts.rows; i++) {
    const [county, code6] = weighted(rand, COUNTIES, 2);
    const [sector, , certSector] = weighted(rand, SECTORS, 1);
    const words = SECTOR_WORD[sector];
    const brand = BRAND[Math.floor(rand() * BRAND.length)] + BRAND[Math.floor(rand() * BRAND.length)];
    const name = `泉州${brand}${words[Math.floor(rand() * words.length)]}${SUFFIX[Math.floor(rand() * SUFFIX.length)]}`;
    // Unique by construction: the row number is the organisation code's body.
    const first17 = "91" + code6 + orgCode(pad(i, 8));
    let credit = first17 + checkChar(first17);
    const rep =
      SURNAME[Math.floor(rand() * SURNAME.length)] + GIVEN[Math.floor(rand() * GIVEN.length)] + (rand() < 0.5 ? GIVEN[Math.floor(rand() * GIVEN.length)] : "");
    const employees = Math.floor(Math.exp(rand() * Math.log(2000))) + 3;
    const above = employees >= 300 || rand() < 0.1;
    const high = ["危险化学品", "烟花爆竹", "非煤矿山", "冶金", "城镇燃气"].includes(sector) || rand() < 0.03;
    const small = !above && employees < 100;
    const g = rand();
    let grade = g < 0.03 ? "一级" : g < 0.18 ? "二级" : g < 0.43 ? "三级" : g < 0.5 ? "小微达标" : g < 0.7 ? "未达标" : "";
    if (grade === "小微达标" && !small) grade = "三级";
    let score = "";
    let cert = "";
    let issued = "";
    let valid = "";
    let selfAssess = "";
    let audit = "";
    if (grade && grade !== "未达标") {
      const min = grade === "一级" ? 90 : grade === "二级" ? 75 : 60;
      const max = grade === "一级" ? 100 : grade === "二级" ? 89.9 : 74.9;
      score = (Math.round((min + rand() * (max - min)) * 10) / 10).toString();
      // Mostly current certificates (issued within 3 years of 2024-06-30), some expired.
      const issuedDay = end - Math.floor(rand() * 1230);
      issued = isoFromDay(issuedDay);
      const [y, m, d] = issued.split("-").map(Number);
      valid = isoFromDay(dayOf(`${y + 3}-${pad(m, 2)}-${pad(Math.min(d, 28), 2)}`) - 1);
      if (grade !== "小微达标" && certSector) cert = `${grade === "一级" ? "" : PROV}AQB${certSector}${ROMAN[grade]}${y}${pad(i % 100000, 5)}`;
      // Most graded enterprises self-assess every year; some are late, a few never did.
      const r = rand();
      const ago = r < 0.85 ? Math.floor(rand() * 330) : r < 0.95 ? 330 + Math.floor(rand() * 400) : -1;
      if (ago >= 0) selfAssess = isoFromDay(Math.max(issuedDay, end - ago));
      if (rand() < 0.1) audit = (Math.round((50 + rand() * 50) * 10) / 10).toString();
    } else if (grade === "未达标") {
      score = (Math.round(rand() * 59.9 * 10) / 10).toString();
    }
    let employeesText = String(employees);
    if (opts.warnAll) {
      // Below the threshold by up to 10 points; otherwise a certificate number in no known format.
      if (grade && grade !== "未达标") score = (Math.round((grade === "一级" ? 80 : grade === "二级" ? 65 : 50) * 10 + rand() * 99) / 10).toString();
      else cert = `待补-${i}`;
    }
    let note = rand() < 0.02 ? "备注：含逗号, 及\n换行" : rand() < 0.05 ? "已整改" : "";
    let nameOut = name;
    let gradeOut = grade;
    let issuedOut = issued;
    // Deliberate problems, each of which a reader must reject.
    if (opts.bad > 0 && rand() < opts.bad) {
      const k = Math.floor(rand() * 6);
      if (k === 0)
        credit = credit.slice(0, 17) + (credit[17] === "0" ? "1" : "0"); // wrong check character
      else if (k === 1) employeesText = "-" + employeesText;
      else if (k === 2) nameOut = "";
      else if (k === 3) gradeOut = "四级";
      else if (k === 4) issuedOut = "2024-13-45";
      else if (prevCredit) credit = prevCredit; // the previous row's code again
    }
    prevCredit = credit;
    const yes = (b) => (b ? "是" : "否");
    yield [
      String(i),
      nameOut,
      credit,
      rep,
      employeesText,
      sector,
      county,
      yes(above),
      yes(high),
      yes(small),
      gradeOut,
      score,
      cert,
      writeDate(rand, issuedOut, opts.mixedDates),
      writeDate(rand, valid, opts.mixedDates),
      writeDate(rand, selfAssess, opts.mixedDates),
      audit,
      note,
    ];
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const delim = opts.delimiter === "tab" || opts.delimiter === "\\t" ? "\t" : ",";
  const eol = opts.lf ? "\n" : "\r\n";
  const iconv = opts.encoding === "gbk" || opts.encoding === "gb18030" ? require("iconv-lite") : undefined;
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  const encode = (s) => (iconv ? iconv.encode(s, opts.encoding) : Buffer.from(s, "utf8"));
  const write = (s) => (out.write(encode(s)) ? Promise.resolve() : new Promise((r) => out.once("drain", r)));
  let buf = (opts.encoding === "utf8bom" ? "\uFEFF" : "") + (opts.headers === "en" ? EN : ZH).join(delim) + eol;
  for (const row of generateRows(opts)) {
    buf += row.map((v) => quote(v, delim)).join(delim) + eol;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  if (opts.out) await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("gen-register.mjs")) {
  main().catch((e) => {
    process.stderr.write(`gen-register: ${e.message}\n`);
    process.exitCode = 2;
  });
}
