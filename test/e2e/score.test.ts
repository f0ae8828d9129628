// `stdz score` on the example bundles (hand computations in their comment blocks), the error
// fixtures (codes at file:line:col), options and exit codes.
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ScoreResult } from "../../src/core/scoring/result.js";
import { CONFORMANCE, FIXTURES, ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";
import { validator } from "../../src/io/schema.js";
import * as runtimeCache from "../../src/runtime/cache.js";

const EX = join(ROOT, "examples", "bundles");
const FX = join(FIXTURES, "bundles");
const validate = validator("result");
const tmp = mkdtempSync(join(tmpdir(), "stdz-score-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function json(dir: string, extra: string[] = []): ScoreResult {
  const r = stdz(["score", dir, "--format", "json", ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout) as ScoreResult;
  expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  return result;
}
const elements = (r: ScoreResult) => Object.fromEntries(r.elements.map((e) => [e.id, `${e.earned_points}/${e.applicable_points}`]));
/** `line:col severity CODE` for each diagnostic line on stderr. */
const diagLines = (stderr: string) =>
  stderr
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => /:(\d+):(\d+): (error|warning|info) (\w+)/.exec(l) ?? /(error|warning|info) (\w+)/.exec(l))
    .map((m) => (m && m.length === 5 ? `${m[1]}:${m[2]} ${m[3]} ${m[4]}` : `${m?.[1]} ${m?.[2]}`));

describe("example bundles score to their hand computation", () => {
  it("qz-steel-level1: 989 ÷ 1016 → 97.3, 一级", () => {
    const r = json(join(EX, "qz-steel-level1"));
    expect(r).toMatchObject({
      total: 1086,
      applicable_points: 1016,
      na_points: 70,
      earned_points: 989,
      element_deductions: 0,
      score: 97.3,
      grade: "一级",
      grade_reasons: [],
    });
    expect(r.standard).toMatchObject({ id: "qz-gm-2021", chain: ["qz-gm-2021", "fj-gm-2014", "gbt33000-2016"] });
    expect(r.standard.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(elements(r)).toEqual({
      "5.1": "151/153",
      "5.2": "76/80",
      "5.3": "84/90",
      "5.4": "327/338",
      "5.5": "138/140",
      "5.6": "103/105",
      "5.7": "50/50",
      "5.8": "60/60",
    });
    expect(r.nonconformities.map((n) => n.lost).reduce((a, b) => a + b, 0)).toBe(27);
    expect(r.evidence).toHaveLength(14);
    expect(r.enterprise.risk).toBe("黄");
    expect(r.items.filter((i) => i.reason === "applies_when").map((i) => i.id)).toEqual(["5.1.2.6", "5.4.5.3", "5.5.2.2", "5.5.2.3"]);
  });

  it("fj-machinery-level3: 585 ÷ 945 → 61.9, 三级, with the reasons for 一级 and 二级", () => {
    const r = json(join(EX, "fj-machinery-level3"));
    expect(r).toMatchObject({ total: 1050, applicable_points: 945, na_points: 105, earned_points: 585, element_deductions: 70, score: 61.9, grade: "三级" });
    expect(elements(r)).toEqual({
      "5.1": "105/140",
      "5.2": "37/80",
      "5.3": "63/90",
      "5.4": "181/310",
      "5.5": "78/130",
      "5.6": "53/95",
      "5.7": "47/50",
      "5.8": "21/50",
    });
    expect(r.elements.find((e) => e.id === "5.2")).toMatchObject({ items_earned: 47, element_deductions: 10, rate: 0.4625 });
    expect(r.grade_reasons.map((g) => `${g.level} ${g.message}`)).toEqual([
      "一级 得分 61.9 < 90",
      "一级 类目 5.2 得分率 46.3% < 60%",
      "一级 类目 5.4 得分率 58.4% < 60%",
      "一级 类目 5.6 得分率 55.8% < 60%",
      "一级 类目 5.8 得分率 42.0% < 60%",
      "一级 12个月内重伤 1 人 > 0",
      "二级 得分 61.9 < 75",
      "二级 12个月内重伤 1 人 > 0",
    ]);
    // Capped: 5.1.2.4 b × 8 = 8 capped at 6; content emptied beyond its points: 5.1.3.3 loses 7, not 9.
    const nc = Object.fromEntries(r.nonconformities.map((n) => [n.item, n]));
    expect(nc["5.1.2.4"]!.deductions[0]).toMatchObject({ count: 8, points: 1, max: 6, lost: 6 });
    expect(nc["5.1.3.3"]).toMatchObject({ lost: 7, earned: 0 });
    expect(r.nonconformities.slice(0, 5).map((n) => [n.item, n.lost, n.element_deductions])).toEqual([
      ["5.4.2.2", 35, 20],
      ["5.5.3.4", 10, 20],
      ["5.6.1.2", 20, 10],
      ["5.2.2.1", 18, 10],
      ["5.8.1.1", 15, 10],
    ]);
    expect(r.nonconformities).toHaveLength(28);
    expect(r.uncited).toEqual(["files/未引用/营业执照复印件.txt"]);
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["info BUN052"]);
  });

  it("bj-building-materials-veto: 948 ÷ 970 → 97.7 but 未达标, the veto item first", () => {
    const r = json(join(EX, "bj-building-materials-veto"));
    expect(r).toMatchObject({ applicable_points: 970, earned_points: 948, score: 97.7, grade: "未达标" });
    expect(r.grade_reasons.map((g) => `${g.level} ${g.condition} ${g.message}`)).toEqual([
      "一级 veto 否决项 5.3.3 不符合",
      "二级 veto 否决项 5.3.3 不符合",
      "三级 veto 否决项 5.3.3 不符合",
    ]);
    expect(r.nonconformities[0]).toMatchObject({ item: "5.3.3", veto: true, lost: 3 });
    expect(r.nonconformities[1]).toMatchObject({ item: "4.3.1", lost: 6 });
  });

  it("yt-small-hardware: 73 ÷ 96 → 76.0, 小微达标, exact halves", () => {
    const r = json(join(EX, "yt-small-hardware"));
    expect(r).toMatchObject({
      total: 100,
      applicable_points: 96,
      earned_points: 73,
      element_deductions: 2,
      raw_score: "76.041667",
      score: 76,
      grade: "小微达标",
    });
    expect(r.standard.levels).toEqual(["小微达标"]);
    expect(r.elements.find((e) => e.id === "3")).toMatchObject({ items_earned: 12, element_deductions: 2, earned_points: 10 });
    expect(r.elements.find((e) => e.id === "1")).toMatchObject({ earned_points: 16.5, rate: 0.825 });
  });

  it("every example has a hand computation in its comment block", () => {
    for (const d of readdirSync(EX)) expect(readFileSync(join(EX, d, "bundle.yaml"), "utf8")).toMatch(/# 手工计算[\s\S]*# .*得分 = /);
  });
});

describe("table output", () => {
  it("shows enterprise, standard and fingerprint, score with its arithmetic, grade, elements, reasons and 整改清单", () => {
    const r = stdz(["score", join(EX, "fj-machinery-level3")]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    for (const s of [
      "福州某机械制造有限公司",
      "fj-gm-2014",
      "指纹",
      "得分      61.9",
      "585 ÷ (1050 − 105) × 100 ≈ 61.904762 → 61.9",
      "等级      三级",
      "5.2   制度化管理",
      "46.3%",
      "一级：类目 5.8 得分率 42.0% < 60%",
      "整改清单（共 28 项",
      "5.4.2.2",
    ]) {
      expect(out).toContain(s);
    }
    expect(out).toContain("风险等级  橙");
  });

  it("lists only --top nonconformities", () => {
    const out = stdz(["score", join(EX, "fj-machinery-level3"), "--top", "3"]).stdout;
    expect(out).toContain("前 3 项");
    expect(out).not.toContain("   4  ");
  });

  it("speaks English with --lang en", () => {
    const r = stdz(["score", join(EX, "bj-building-materials-veto"), "--lang", "en"]);
    expect(r.stdout).toContain("Grade       未达标");
    expect(r.stdout).toContain("veto item 5.3.3 not met");
  });
});

describe("options and exit codes", () => {
  it("-o writes the file atomically and prints nothing", () => {
    const out = join(tmp, "out", "result.json");
    const r = stdz(["score", join(EX, "yt-small-hardware"), "-f", "json", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).score).toBe(76);
    expect(readdirSync(join(tmp, "out"))).toEqual(["result.json"]);
  });

  it("an invalid bundle writes no output file", () => {
    const out = join(tmp, "never.json");
    expect(stdz(["score", join(FX, "bad-findings"), "-f", "json", "-o", out]).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it("--standard overrides the bundle's choice (relative to the current folder)", () => {
    expect(stdz(["score", join(FX, "override")]).code).toBe(2);
    const r = json(join(FX, "override"), ["--standard", join(CONFORMANCE, "standards", "cf-basic.yaml")]);
    expect(r).toMatchObject({ score: 100, grade: "一级" });
    expect(r.standard.id).toBe("cf-basic");
  });

  it("--fail-under exits 1 when the grade is lower", () => {
    const c5 = join(CONFORMANCE, "bundles", "c5-performance"); // 二级
    const c4 = join(CONFORMANCE, "bundles", "c4-veto"); // 未达标
    expect(stdz(["score", c5, "--fail-under", "一级"]).code).toBe(1);
    expect(stdz(["score", c5, "--fail-under", "二级"]).code).toBe(0);
    expect(stdz(["score", c5, "--fail-under", "三级"]).code).toBe(0);
    expect(stdz(["score", c4, "--fail-under", "三级"]).code).toBe(1);
    const bad = stdz(["score", c5, "--fail-under", "四级"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("CLI002");
  });

  it("--report renders a report beside the result", () => {
    const out = join(tmp, "report.html");
    const r = stdz(["score", join(EX, "qz-steel-level1"), "--report", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("泉州某某钢铁有限公司");
  });

  it("a missing folder or unparseable YAML cannot run (exit 2)", () => {
    const missing = stdz(["score", join(FX, "does-not-exist")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("CLI001");
    const yaml = stdz(["score", join(FX, "bad-yaml")]);
    expect(yaml.code).toBe(2);
    expect(diagLines(yaml.stderr)).toEqual(["5:1 error YML001"]);
  });
});

describe("bundle errors carry file:line:col and a code (exit 1)", () => {
  it("DESIGN.md step 7", () => {
    const r = stdz(["score", join(FX, "bad-findings"), "--verbose"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("test/fixtures/bundles/bad-findings/bundle.yaml:21:24: error BUN013");
    expect(diagLines(r.stderr)).toEqual([
      "11:1 error BUN010",
      "14:5 error BUN015",
      "15:11 error BUN012",
      "17:11 error BUN011",
      "21:24 error BUN013",
      "21:45 error BUN014",
      "23:13 error BUN016",
      "23:13 warning BUN017",
      "24:11 error BUN019",
    ]);
  });

  it("enterprise profile and dates", () => {
    const r = stdz(["score", join(FX, "bad-profile")]);
    expect(r.code).toBe(1);
    expect(diagLines(r.stderr)).toEqual(["7:16 error BUN030", "8:14 error BUN032", "11:9 error BUN031", "13:35 error BUN033", "16:52 error BUN031"]);
    expect(r.stderr).toContain("校验码应为 G，实际为 H");
  });

  it("schema violations", () => {
    const r = stdz(["score", join(FX, "bad-schema")]);
    expect(r.code).toBe(1);
    expect(diagLines(r.stderr)).toEqual(["5:3 error BUN001", "7:9 error BUN001", "10:28 error BUN001"]);
    expect(r.stderr).toContain("未知字段 “employes”");
  });

  it("evidence paths, including a link that leads outside; uncited files are listed", () => {
    const dir = join(tmp, "bad-evidence");
    cpSync(join(FX, "bad-evidence"), dir, { recursive: true });
    writeFileSync(join(tmp, "secret.txt"), "outside");
    symlinkSync(join(tmp, "secret.txt"), join(dir, "files", "leak.txt"));
    const text = readFileSync(join(dir, "bundle.yaml"), "utf8").replace(
      "../../../conformance/standards/cf-basic.yaml",
      join(CONFORMANCE, "standards", "cf-basic.yaml"),
    );
    writeFileSync(join(dir, "bundle.yaml"), text.replace("[files/ok.txt,", "[files/ok.txt, files/leak.txt,"));
    const r = stdz(["score", dir]);
    expect(r.code).toBe(1);
    expect(diagLines(r.stderr)).toEqual([
      "info BUN052",
      "14:30 error BUN055",
      "14:46 error BUN051",
      "14:62 error BUN050",
      "17:16 error BUN053",
      "17:35 error BUN054",
    ]);
    expect(r.stderr).toContain("files/sub/unused.txt");
  });
});

describe("compiled-standard cache", () => {
  const SHA256 = { size: 32, of: (data: Uint8Array) => createHash("sha256").update(data).digest() };
  const entryNames = (dir: string) => readdirSync(dir).filter((n) => n !== ".stdz-cache");
  /** Rewrite an entry with a cap of 20 instead of 30 and a matching digest, as a forger would. */
  const forge = (file: string) => {
    const data = runtimeCache.decodeEntry(readFileSync(file), SHA256);
    expect(data).toBeDefined();
    const text = data!.toString("utf8");
    expect(text).toContain('"max":30');
    writeFileSync(file, runtimeCache.encodeEntry(Buffer.from(text.replace('"max":30', '"max":20'), "utf8"), SHA256));
  };
  const cache = join(tmp, "cache");
  const env = { STDZ_CACHE_DIR: cache };
  const setup = (name: string, extendsRef: string) => {
    const d = join(tmp, name);
    const stds = join(d, "stds");
    cpSync(join(CONFORMANCE, "standards", "cf-basic.yaml"), join(stds, "base.yaml"));
    writeFileSync(join(stds, "base.yaml"), readFileSync(join(stds, "base.yaml"), "utf8").replace("id: cf-basic", "id: cache-base"));
    writeFileSync(join(stds, "derived.yaml"), `stdz: 1\nid: cache-derived-${name}\ntitle: 缓存测试\ntier: county\nextends: ${extendsRef}\n`);
    // c2-capped: 1.1 a × 4 = 40 capped at 30 → 85.0.
    const bundle = readFileSync(join(CONFORMANCE, "bundles", "c2-capped", "bundle.yaml"), "utf8").replace(
      "standard: ../../standards/cf-basic.yaml",
      "standard: ../stds/derived.yaml",
    );
    cpSync(join(CONFORMANCE, "bundles", "c2-capped"), join(d, "b"), { recursive: true });
    writeFileSync(join(d, "b", "bundle.yaml"), bundle);
    return { dir: join(d, "b"), base: join(stds, "base.yaml") };
  };
  const score = (dir: string, extraEnv: Record<string, string> = {}) => {
    const r = stdz(["score", dir, "-f", "json"], { env: { ...env, ...extraEnv } });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as ScoreResult).score;
  };

  it("serves the second run from the cache, and a changed base (extends by path) is a miss", () => {
    const { dir, base } = setup("bypath", "./base.yaml");
    expect(score(dir)).toBe(85);
    const compiled = join(cache, "compiled-2");
    const entries = readdirSync(compiled);
    expect(entries.length).toBeGreaterThan(0);
    const inodes = entries.map((e) => statSync(join(compiled, e)).ino);
    expect(score(dir)).toBe(85);
    // A hit reads the entry; a miss would have replaced it (a new file by rename).
    expect(readdirSync(compiled).map((e) => statSync(join(compiled, e)).ino)).toEqual(inodes);
    // The cap goes from 30 to 20: 1.1 loses 20 → 180 / 200 = 90.0.
    writeFileSync(base, readFileSync(base, "utf8").replace("points: 10, max: 30", "points: 10, max: 20"));
    expect(score(dir)).toBe(90);
  });

  it("follows extends by id through the folder beside the standard", () => {
    const { dir, base } = setup("byid", "cache-base");
    expect(score(dir)).toBe(85);
    expect(score(dir)).toBe(85);
    writeFileSync(base, readFileSync(base, "utf8").replace("points: 10, max: 30", "points: 10, max: 20"));
    expect(score(dir)).toBe(90);
  });

  it("keeps the newest 100 of its own entries once there are more than 200, and nothing else is pruned", () => {
    const root = join(tmp, "cache-prune");
    const { dir } = setup("prune", "./base.yaml");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    const small = join(root, "compiled-2");
    const [live] = entryNames(small);
    rmSync(join(small, live!));
    for (let i = 0; i < 201; i++) {
      const f = join(small, `${i.toString(16).padStart(64, "0")}.bin`);
      writeFileSync(f, "{}");
      utimesSync(f, new Date(2020, 0, 1), new Date(2020, 0, 1));
    }
    writeFileSync(join(small, "notes.json"), "the user's");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    const left = entryNames(small);
    expect(left.filter((n) => n.endsWith(".bin"))).toHaveLength(100);
    // The entry just written is among the newest; the user's file stays.
    expect(left).toContain(live);
    expect(readFileSync(join(small, "notes.json"), "utf8")).toBe("the user's");
  });

  it("an edited entry is never served: it is recompiled and rewritten", () => {
    const root = join(tmp, "cache-edited");
    const { dir } = setup("edited", "./base.yaml");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    const compiled = join(root, "compiled-2");
    const [name] = entryNames(compiled);
    const file = join(compiled, name!);
    const text = readFileSync(file, "latin1");
    expect(text).toContain('"max":30');
    // Served, a cap of 20 would give 90.0.
    writeFileSync(file, text.replace('"max":30', '"max":20'), "latin1");
    const ino = statSync(file).ino;
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    expect(statSync(file).ino).not.toBe(ino);
    expect(readFileSync(file, "latin1")).toContain('"max":30');
  });

  it("does not use a compiled/ folder it did not make", () => {
    const root = join(tmp, "cache-foreign");
    const { dir } = setup("foreign", "./base.yaml");
    mkdirSync(join(root, "compiled-2"), { recursive: true });
    writeFileSync(join(root, "compiled-2", "mine.txt"), "x");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    expect(readdirSync(join(root, "compiled-2"))).toEqual(["mine.txt"]);
  });

  // A folder another user owns takes root to make (CI runs as root).
  it.runIf(process.getuid?.() === 0)("serves entries only from the user's own folder", () => {
    const root = join(tmp, "cache-shared");
    const { dir } = setup("shared", "./base.yaml");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    const compiled = join(root, "compiled-2");
    const [name] = entryNames(compiled);
    // Forge the entry (digest recomputed): served, it would cap 1.1 at 20 and give 90.0.
    forge(join(compiled, name!));
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(90);
    chownSync(compiled, 12345, 12345);
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
  });

  it("closes the user's own cache folder when others may write to it, then uses it", () => {
    const root = join(tmp, "cache-umask");
    const { dir } = setup("umask", "./base.yaml");
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(85);
    const compiled = join(root, "compiled-2");
    // Forge the entry, digest and all (a cap of 20 gives 90.0), to see that it is served.
    const [name] = entryNames(compiled);
    forge(join(compiled, name!));
    chmodSync(compiled, 0o777);
    expect(score(dir, { STDZ_CACHE_DIR: root })).toBe(90);
    expect(statSync(compiled).mode & 0o777).toBe(0o755);
  });

  it("STDZ_NO_CACHE=1 reads and writes no cache", () => {
    const { dir } = setup("nocache", "./base.yaml");
    const before = readdirSync(join(cache, "compiled-2")).length;
    expect(score(dir, { STDZ_NO_CACHE: "1" })).toBe(85);
    expect(readdirSync(join(cache, "compiled-2"))).toHaveLength(before);
  });
});
