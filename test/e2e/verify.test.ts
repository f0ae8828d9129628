// `stdz verify`: the hashes recorded by `stdz score` against the bundle as it is now.
import { generateKeyPairSync } from "node:crypto";
import { appendFileSync, chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const tmp = mkdtempSync(join(tmpdir(), "stdz-verify-"));
const bundle = join(tmp, "b");
const result = join(tmp, "result.json");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeEach(() => {
  rmSync(bundle, { recursive: true, force: true });
  cpSync(join(ROOT, "examples", "bundles", "fj-machinery-level3"), bundle, { recursive: true });
  const r = stdz(["score", bundle, "-f", "json", "-o", result]);
  expect(r.code, r.stderr).toBe(0);
});

const verify = (...extra: string[]) => stdz(["verify", result, bundle, ...extra]);
const report = () =>
  JSON.parse(verify("-f", "json").stdout) as { ok: boolean; unchanged: number; changed: { path: string }[]; missing: { path: string }[]; added: string[] };

describe("stdz verify", () => {
  it("passes on an untouched bundle (4 cited files and bundle.yaml)", () => {
    const r = verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("评分结果得到证实");
    expect(report()).toMatchObject({ ok: true, unchanged: 5, changed: [], missing: [], added: [] });
  });

  it("reports a changed evidence file (exit 1)", () => {
    appendFileSync(join(bundle, "files", "现场检查照片说明.txt"), "补充一张照片\n");
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BUN061");
    expect(report().changed.map((c) => c.path)).toEqual(["files/现场检查照片说明.txt"]);
  });

  it("reports a missing file and an added one", () => {
    unlinkSync(join(bundle, "files", "重大危险源辨识报告.txt"));
    writeFileSync(join(bundle, "files", "新增.txt"), "x");
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BUN062");
    expect(r.stderr).toContain("BUN063");
    const j = report();
    expect(j.missing.map((m) => m.path)).toEqual(["files/重大危险源辨识报告.txt"]);
    expect(j.added).toEqual(["files/新增.txt"]);
  });

  it("does not call a file that was there but uncited at scoring time 'added'", () => {
    expect(report().added).toEqual([]);
  });

  it("notices an edited bundle.yaml (findings changed after scoring)", () => {
    const f = join(bundle, "bundle.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace('item: "5.7.3.2"\n    status: nonconform', 'item: "5.7.3.2"\n    status: conform'));
    expect(verify().code).toBe(1);
    expect(report().changed.map((c) => c.path)).toEqual(["bundle.yaml"]);
  });

  it("refuses a file that is not a result (exit 2)", () => {
    writeFileSync(join(tmp, "not-result.json"), '{"score": 1}');
    const r = stdz(["verify", join(tmp, "not-result.json"), bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BUN060");
    expect(stdz(["verify", join(tmp, "none.json"), bundle]).code).toBe(2);
  });
});

// A result as a consultant might hand-edit it; the digest is left as it was.
type Json = Record<string, unknown>;
const edited = (edit: (r: Json & { items: Json[]; nonconformities: Json[] }) => void): string => {
  const r = JSON.parse(readFileSync(result, "utf8")) as Json & { items: Json[]; nonconformities: Json[] };
  edit(r);
  const file = join(tmp, "edited.json");
  writeFileSync(file, JSON.stringify(r, null, 2) + "\n");
  return file;
};
interface Difference {
  path: string;
  expected?: unknown;
  found?: unknown;
}
const differencesOf = (file: string, ...extra: string[]) => {
  const r = stdz(["verify", file, bundle, "-f", "json", ...extra]);
  const j = JSON.parse(r.stdout) as { ok: boolean; digest: string; rescored: boolean; differences: Difference[]; diagnostics: { code: string }[] };
  return { ...j, code: r.code };
};

describe("stdz verify re-scores the bundle", () => {
  it("confirms an untouched result: digest, files and re-scoring all agree", () => {
    const j = differencesOf(result);
    expect(j).toMatchObject({ ok: true, digest: "ok", rescored: true, differences: [], code: 0 });
  });

  const cases: { name: string; edit: (r: Json & { items: Json[]; nonconformities: Json[] }) => void; want: Difference[] }[] = [
    { name: "the score", edit: (r) => (r.score = 99.9), want: [{ path: "score", expected: 61.9, found: 99.9 }] },
    { name: "the grade", edit: (r) => (r.grade = "一级"), want: [{ path: "grade", expected: "三级", found: "一级" }] },
    {
      name: "one content's status",
      edit: (r) => (r.items.find((i) => i.id === "5.1.1.3")!.status = "conform"),
      want: [{ path: "items[5.1.1.3].status", expected: "nonconform", found: "conform" }],
    },
    {
      name: "one deduction",
      edit: (r) => ((r.nonconformities.find((n) => n.item === "5.4.2.2")!.deductions as Json[])[0]!.count = 1),
      want: [{ path: "nonconformities[5.4.2.2].deductions[a].count", expected: 4, found: 1 }],
    },
  ];
  for (const c of cases) {
    it(`lists ${c.name} changed by hand, field by field (exit 1)`, () => {
      const file = edited(c.edit);
      const j = differencesOf(file);
      expect(j.code).toBe(1);
      expect(j.ok).toBe(false);
      expect(j.digest).toBe("mismatch");
      expect(j.differences).toEqual(c.want);
      expect(j.diagnostics.map((d) => d.code)).toEqual(["BUN093", "BUN091"]);
    });
  }

  it("lists a nonconformity removed from the 整改清单, in both languages", () => {
    const file = edited((r) => (r.nonconformities = r.nonconformities.filter((n) => n.item !== "5.5.3.4")));
    const j = differencesOf(file);
    expect(j.differences).toHaveLength(1);
    expect(j.differences[0]).toMatchObject({ path: "nonconformities[5.5.3.4]", expected: { item: "5.5.3.4", lost: expect.any(Number) } });
    expect(j.differences[0]!.found).toBeUndefined();
    const zh = stdz(["verify", file, bundle]);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain("结果文件摘要：不符：结果文件已被修改");
    expect(zh.stdout).toContain("重新评分（标准 fj-gm-2014 版本 2014）：1 处不一致");
    expect(zh.stdout).toMatch(/nonconformities\[5\.5\.3\.4\] {2}应为 \{"item":"5\.5\.3\.4".*，结果中为 （无）/);
    expect(zh.stdout).toContain("结论：评分结果未得到证实");
    expect(zh.stderr).toContain("error BUN093 结果文件");
    expect(zh.stderr).toContain("error BUN091 评分结果中的 nonconformities[5.5.3.4] 与重新评分不一致");
    const en = stdz(["--lang", "en", "verify", file, bundle]);
    expect(en.code).toBe(1);
    expect(en.stdout).toContain("Result digest: does not match: the result file was edited");
    expect(en.stdout).toContain("Re-scored against fj-gm-2014 (version 2014): 1 difference");
    expect(en.stdout).toMatch(/nonconformities\[5\.5\.3\.4\] {2}expected \{"item":"5\.5\.3\.4".*, found \(absent\)/);
    expect(en.stdout).toContain("Result: not confirmed");
    expect(en.stderr).toContain("error BUN091 nonconformities[5.5.3.4] in the result differs from re-scoring");
  });

  it("names each edited field in English too", () => {
    const file = edited((r) => {
      r.score = 99.9;
      r.grade = "一级";
    });
    const en = stdz(["--lang", "en", "verify", file, bundle]);
    expect(en.code).toBe(1);
    expect(en.stdout).toContain("  score  expected 61.9, found 99.9");
    expect(en.stdout).toContain("  grade  expected 三级, found 一级");
    expect(en.stderr).toContain("error BUN091 score in the result differs from re-scoring: re-scoring gives 61.9, the result file says 99.9");
  });

  it("still catches an edit whose digest was recomputed: re-scoring disagrees", async () => {
    const { createHash } = await import("node:crypto");
    const { resultCanonical } = await import("../../src/core/scoring/result.js");
    const file = edited((r) => {
      r.score = 99.9;
      r.digest = { alg: "sha256", value: createHash("sha256").update(resultCanonical(r)).digest("hex") };
    });
    const j = differencesOf(file);
    expect(j.digest).toBe("ok");
    expect(j.code).toBe(1);
    expect(j.differences).toEqual([{ path: "score", expected: 61.9, found: 99.9 }]);
  });

  it("takes a result written by an older build (no digest) with a note, not an error", () => {
    const file = edited((r) => delete r.digest);
    const r = stdz(["verify", file, bundle]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("info BUN094");
    expect(r.stdout).toContain("结果文件摘要：无（较早版本生成）");
  });

  it("re-scores with the standard of the result's fingerprint, and refuses (exit 2) when none is found", () => {
    // The bundle names its own copy of the standard; revising that copy changes its fingerprint.
    const std = join(tmp, "stds", "own.yaml");
    mkdirSync(join(tmp, "stds"), { recursive: true });
    const original = readFileSync(join(ROOT, "standards", "fj-gm-2014.yaml"), "utf8").replace(/^id: fj-gm-2014$/m, "id: fj-own");
    writeFileSync(std, original);
    const manifest = join(bundle, "bundle.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/^standard: .*$/m, `standard: ${std}`));
    expect(stdz(["score", bundle, "-f", "json", "-o", result]).code).toBe(0);
    expect(stdz(["verify", result, bundle]).code).toBe(0);
    writeFileSync(std, original.replace(/^title: .*$/m, "title: 修订后的标准"));
    const r = stdz(["verify", result, bundle]);
    expect(r.code).toBe(2);
    const fp = (JSON.parse(readFileSync(result, "utf8")) as { standard: { fingerprint: string } }).standard.fingerprint;
    expect(r.stderr).toContain(`error BUN090 找不到评分时所用的标准 fj-own（版本 2014，指纹 ${fp}）`);
    expect(r.stdout).toBe("");
    // The original, kept in another folder, is found through --path by the result's id.
    mkdirSync(join(tmp, "kept"), { recursive: true });
    writeFileSync(join(tmp, "kept", "own.yaml"), original);
    const kept = stdz(["verify", result, bundle, "--path", join(tmp, "kept"), "-f", "json"]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ ok: true, standard: { id: "fj-own", ref: "fj-own" } });
  });
});

describe("report and deviation read an edited result", () => {
  it("warn (exit 0) and the report says so on its first page, in every format", async () => {
    const file = edited((r) => (r.score = 99.9));
    const html = join(tmp, "r.html");
    const r = stdz(["report", file, "-o", html]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning BUN093 结果文件 ${file} 已被修改`);
    expect(readFileSync(html, "utf8")).toContain('data-testid="edited">结果文件已被修改');
    const docx = join(tmp, "r.docx");
    expect(stdz(["--lang", "en", "report", file, "-o", docx]).code).toBe(0);
    const { default: JSZip } = await import("jszip");
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file("word/document.xml")!.async("string");
    expect(xml.replace(/<[^>]+>/g, "")).toContain("The result file has been edited");
    const d = stdz(["deviation", file, result]);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain(`warning BUN093 结果文件 ${file} 已被修改`);
    // The deviation page names the edited side at its top; the JSON marks it; the intact side is not marked.
    const page = join(tmp, "d.html");
    expect(stdz(["deviation", file, result, "--html", page]).code).toBe(0);
    const shown = readFileSync(page, "utf8");
    expect(shown).toContain(`data-testid="edited">评审（上报）结果文件 ${file} 已被修改`);
    expect(shown.match(/data-testid="edited"/g)).toHaveLength(1);
    const j = JSON.parse(stdz(["deviation", file, result, "-f", "json"]).stdout) as { reported: { edited?: boolean }; audited: { edited?: boolean } };
    expect(j.reported.edited).toBe(true);
    expect(j.audited.edited).toBeUndefined();
    const en = join(tmp, "d-en.html");
    expect(stdz(["--lang", "en", "deviation", result, file, "--html", en]).code).toBe(0);
    expect(readFileSync(en, "utf8")).toContain(`data-testid="edited">The audited result file ${file} has been edited`);
    // An intact pair: no banner.
    expect(stdz(["deviation", result, result, "--html", page]).code).toBe(0);
    expect(readFileSync(page, "utf8")).not.toContain('data-testid="edited"');
    // An intact result: no warning, no banner.
    const clean = stdz(["report", result, "-t", "report.md"]);
    expect(clean.stderr).toBe("");
    expect(clean.stdout).not.toContain("结果文件已被修改");
  });
});

describe("signatures", () => {
  const keys = join(tmp, "keys");
  const pem = (name: string, text: string) => {
    mkdirSync(keys, { recursive: true });
    writeFileSync(join(keys, name), text);
    return join(keys, name);
  };
  const pair = (name: string) => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    return {
      priv: pem(`${name}.pem`, privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
      pub: pem(`${name}.pub.pem`, publicKey.export({ type: "spki", format: "pem" }).toString()),
    };
  };

  it("score --sign, then verify/report/deviation --verify-key: a round trip, a wrong key, a missing signature", () => {
    const mine = pair("mine");
    const other = pair("other");
    const signed = join(tmp, "signed.json");
    expect(stdz(["score", bundle, "-f", "json", "-o", signed, "--sign", mine.priv]).code).toBe(0);
    const sig = (JSON.parse(readFileSync(signed, "utf8")) as { signature: { alg: string; key: string } }).signature;
    expect(sig.alg).toBe("ed25519");
    expect(sig.key).toMatch(/^[0-9a-f]{64}$/);

    const ok = stdz(["verify", signed, bundle, "--verify-key", mine.pub, "-f", "json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, signature: "ok" });
    expect(stdz(["report", signed, "--verify-key", mine.pub, "-t", "report.md"]).code).toBe(0);
    expect(stdz(["deviation", signed, signed, "--verify-key", mine.pub]).code).toBe(0);

    const wrong = stdz(["verify", signed, bundle, "--verify-key", other.pub]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`error BUN096 结果文件 ${signed} 的签名用公钥 ${other.pub} 校验失败`);
    const wrongReport = stdz(["report", signed, "--verify-key", other.pub, "-o", join(tmp, "wrong.html")]);
    expect(wrongReport.code).toBe(1);
    expect(wrongReport.stderr).toContain("BUN096");
    expect(() => readFileSync(join(tmp, "wrong.html"))).toThrow();
    const wrongDeviation = stdz(["--lang", "en", "deviation", signed, result, "--verify-key", other.pub]);
    expect(wrongDeviation.code).toBe(1);
    expect(wrongDeviation.stderr).toContain(`error BUN096 the signature of the result file ${signed} does not verify with the public key ${other.pub}`);

    // Edited after signing: the signature no longer verifies, even with a recomputed digest.
    const tampered = join(tmp, "tampered.json");
    const t = JSON.parse(readFileSync(signed, "utf8")) as Json;
    t.score = 99.9;
    writeFileSync(tampered, JSON.stringify(t));
    const bad = stdz(["verify", tampered, bundle, "--verify-key", mine.pub, "-f", "json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ signature: "bad", digest: "mismatch" });

    const unsigned = stdz(["verify", result, bundle, "--verify-key", mine.pub]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(`error BUN095 指定了 --verify-key ${mine.pub}，但结果文件 ${result} 没有签名`);
  });

  it("a key file that is not Ed25519 is a usage error (exit 2), before any work", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const rsa = pem("rsa.pem", privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const rsaPub = pem("rsa.pub.pem", publicKey.export({ type: "spki", format: "pem" }).toString());
    const junk = pem("junk.pem", "not a key\n");
    const out = join(tmp, "never.json");
    for (const args of [
      ["score", bundle, "-f", "json", "-o", out, "--sign", rsa],
      ["score", bundle, "-f", "json", "-o", out, "--sign", junk],
      ["score", bundle, "-f", "json", "-o", out, "--sign", pair("pubonly").pub],
      ["verify", result, bundle, "--verify-key", rsaPub],
      ["report", result, "--verify-key", junk],
      ["deviation", result, result, "--verify-key", rsa],
    ]) {
      const r = stdz(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("BUN097");
      expect(r.stderr).toContain("openssl genpkey -algorithm ed25519");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(() => readFileSync(out)).toThrow();
    const en = stdz(["--lang", "en", "score", bundle, "-f", "json", "--sign", rsa]);
    expect(en.stderr).toContain(`error BUN097 --sign ${rsa} is not a usable Ed25519 private key (PEM): the key type is rsa`);
    const table = stdz(["score", bundle, "--sign", pair("t").priv]);
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("--sign 只用于 --format json");
  });
});

describe("an unreadable folder under files/", () => {
  const root = process.getuid?.() === 0;
  // As root, chmod does not stop reading; test/unit/bundle-listing.test.ts injects the failure instead.
  it.skipIf(root)("is an error, so a file added after scoring is not missed (chmod 000; skipped as root, see the unit test)", () => {
    const locked = join(bundle, "files", "locked");
    mkdirSync(locked);
    writeFileSync(join(locked, "x.txt"), "x");
    expect(stdz(["score", bundle, "-f", "json", "-o", result]).code).toBe(0);
    writeFileSync(join(bundle, "files", "added-later.txt"), "y");
    chmodSync(locked, 0o000);
    try {
      const r = stdz(["verify", result, bundle, "-f", "json"]);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout) as { added: string[]; diagnostics: { code: string; message: string }[] };
      expect(j.added).toEqual(["files/added-later.txt"]);
      expect(j.diagnostics.map((d) => d.code)).toContain("BUN098");
      const s = stdz(["score", bundle]);
      expect(s.code).toBe(1);
      expect(s.stderr).toContain("BUN098");
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe("hashing many files", () => {
  it("gives every file its SHA-256, with and without worker threads", async () => {
    const { createHash } = await import("node:crypto");
    const { mkdirSync } = await import("node:fs");
    const dir = join(tmp, "many");
    mkdirSync(join(dir, "files"), { recursive: true });
    const expected: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const data = Buffer.alloc(1024 * 1024 + i, i);
      const p = `files/f${i}.bin`;
      writeFileSync(join(dir, p), data);
      expected[p] = createHash("sha256").update(data).digest("hex");
    }
    // One finding per content, citing all of its files.
    const byItem = new Map<string, string[]>();
    for (let i = 0; i < 40; i++) {
      const item = ["1.1", "1.2", "2.1", "2.2", "2.3"][i % 5]!;
      byItem.set(item, [...(byItem.get(item) ?? []), `files/f${i}.bin`]);
    }
    const { CONFORMANCE } = await import("../helpers/paths.js");
    writeFileSync(
      join(dir, "bundle.yaml"),
      `stdz: 1\nstandard: ${join(CONFORMANCE, "standards", "cf-basic.yaml")}\nenterprise: { name: 甲, employees: 120 }\nassessment: { kind: self, date: "2024-06-30" }\nfindings:\n` +
        [...byItem].map(([item, ps]) => `  - { item: "${item}", status: conform, evidence: [${ps.join(", ")}] }`).join("\n") +
        "\n",
    );
    for (const threads of ["0", "1", "3"]) {
      const r = stdz(["score", dir, "-f", "json"], { env: { STDZ_HASH_THREADS: threads } });
      expect(r.code, r.stderr).toBe(0);
      const got = Object.fromEntries((JSON.parse(r.stdout) as { evidence: { path: string; sha256: string }[] }).evidence.map((e) => [e.path, e.sha256]));
      expect(got).toEqual(expected);
    }
  });
});
