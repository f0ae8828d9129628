// A result proves itself: its digest over the canonical form, an optional Ed25519 signature,
// the field-by-field comparison with re-scoring, the report's banner for an edited file, and a
// files/ listing that never silently drops a folder it cannot read.
import { createHash, generateKeyPairSync } from "node:crypto";
import type { Dirent } from "node:fs";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { checkDigest, resultCanonical, withDigest, type ScoreResult } from "../../src/core/scoring/result.js";
import { resultDifferences } from "../../src/core/scoring/result-compare.js";
import { InputError } from "../../src/diagnostics.js";
import { resultIntegrity, verifyBundle } from "../../src/flows/bundle.js";
import { listBundle, type ReadDir } from "../../src/io/bundle.js";
import { checkSignature, readEd25519Key, signResult } from "../../src/io/result-file.js";
import { renderReport } from "../../src/render/report/report.js";
import { renderReportDocx } from "../../src/render/report/report-docx.js";
import { FIXTURES } from "../helpers/paths.js";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const fixture = (): ScoreResult => JSON.parse(readFileSync(join(FIXTURES, "results", "acme-self.json"), "utf8")) as ScoreResult;
const tmp = mkdtempSync(join(tmpdir(), "stdz-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the result's digest", () => {
  it("is the last field, and survives writing and reading back in any key order", () => {
    const r = withDigest(fixture(), sha);
    expect(Object.keys(r).at(-1)).toBe("digest");
    expect(r.digest).toEqual({ alg: "sha256", value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const back = JSON.parse(JSON.stringify(r, null, 2)) as ScoreResult;
    expect(checkDigest(back, sha)).toEqual({ state: "ok" });
    const reordered = Object.fromEntries(Object.entries(back).reverse()) as unknown as ScoreResult;
    expect(checkDigest(reordered, sha)).toEqual({ state: "ok" });
  });

  it("leaves out only itself and the signature", () => {
    const r = withDigest(fixture(), sha);
    const canonical = resultCanonical(r);
    expect(canonical).not.toContain('"digest"');
    expect(resultCanonical({ ...r, signature: { alg: "ed25519", value: "x", key: "y" } })).toBe(canonical);
    expect(canonical.startsWith('{"accidents":')).toBe(true);
  });

  it("notices an edit, a missing digest and an algorithm it does not know", () => {
    const r = withDigest(fixture(), sha);
    expect(checkDigest({ ...r, score: 99.9 }, sha)).toMatchObject({ state: "mismatch", found: r.digest!.value });
    const { digest: _d, ...old } = r;
    expect(checkDigest(old, sha)).toEqual({ state: "missing" });
    expect(checkDigest({ ...r, digest: { alg: "sha3-256", value: "ab" } }, sha)).toEqual({ state: "unknown-alg", alg: "sha3-256" });
  });

  it("gives report and deviation a warning and verify an error for the same edit", () => {
    const r = { ...withDigest(fixture(), sha), score: 99.9 };
    const warn = resultIntegrity(r, "r.json", undefined, "warning");
    expect(warn).toMatchObject({ digest: "mismatch", edited: true });
    expect(warn.diagnostics.map((d) => [d.code, d.severity])).toEqual([["BUN093", "warning"]]);
    expect(resultIntegrity(r, "r.json", undefined, "error").diagnostics.map((d) => d.severity)).toEqual(["error"]);
    const { digest: _d, ...old } = withDigest(fixture(), sha);
    expect(resultIntegrity(old, "r.json", undefined, "error")).toMatchObject({
      digest: "missing",
      edited: false,
      diagnostics: [{ code: "BUN094", severity: "info" }],
    });
  });
});

describe("Ed25519 signatures", () => {
  const write = (name: string, text: string | Buffer) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const pair = (name: string) => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    return {
      priv: write(`${name}.pem`, privateKey.export({ type: "pkcs8", format: "pem" })),
      pub: write(`${name}.pub.pem`, publicKey.export({ type: "spki", format: "pem" })),
    };
  };

  it("sign with the private key, check with the public one (or the private file); the key id is the same", async () => {
    const k = pair("a");
    const signer = await readEd25519Key(k.priv, "sign");
    const signed = signResult(withDigest(fixture(), sha), signer);
    expect(Object.keys(signed).slice(-2)).toEqual(["digest", "signature"]);
    const back = JSON.parse(JSON.stringify(signed)) as ScoreResult;
    const pub = await readEd25519Key(k.pub, "verify");
    expect(pub.id).toBe(signer.id);
    expect(checkSignature(back, pub)).toEqual({ state: "ok" });
    expect(checkSignature(back, await readEd25519Key(k.priv, "verify"))).toEqual({ state: "ok" });
    // The digest still checks: the signature is outside the canonical form.
    expect(checkDigest(back, sha)).toEqual({ state: "ok" });
  });

  it("refuses an edited result, another key, a damaged signature, and reports a missing one", async () => {
    const k = pair("b");
    const other = await readEd25519Key(pair("c").pub, "verify");
    const pub = await readEd25519Key(k.pub, "verify");
    const signed = signResult(fixture(), await readEd25519Key(k.priv, "sign"));
    expect(checkSignature({ ...signed, grade: "一级" }, pub)).toMatchObject({ state: "bad" });
    expect(checkSignature(signed, other)).toMatchObject({ state: "bad", reason: { en: expect.stringContaining("another key") } });
    expect(checkSignature({ ...signed, signature: { ...signed.signature!, value: "AAAA" } }, pub)).toMatchObject({ state: "bad" });
    expect(checkSignature(fixture(), pub)).toEqual({ state: "missing" });
    const integrity = resultIntegrity({ ...signed, grade: "一级" }, "r.json", pub, "warning");
    expect(integrity.signature).toBe("bad");
    expect(integrity.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(["BUN096", "error"]);
  });

  it("a file that is not an Ed25519 key of the right kind is BUN097", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ec = write("ec.pem", privateKey.export({ type: "pkcs8", format: "pem" }));
    const cases: [string, "sign" | "verify"][] = [
      [ec, "sign"],
      [ec, "verify"],
      [write("junk.pem", "hello\n"), "verify"],
      [pair("d").pub, "sign"],
    ];
    for (const [file, use] of cases) {
      const e = await readEd25519Key(file, use).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e, `${file} ${use}`).toBeInstanceOf(InputError);
      expect((e as InputError).diagnostics[0]).toMatchObject({ code: "BUN097", args: { file } });
    }
  });
});

describe("comparing a result with re-scoring", () => {
  const base = () => withDigest(fixture(), sha);

  it("finds nothing in the same result, whatever the tool version, evidence hashes or diagnostic wording", () => {
    const r = base();
    const other = JSON.parse(JSON.stringify(r)) as ScoreResult;
    other.generated_by.version = "9.9.9";
    other.evidence = [];
    other.diagnostics = other.diagnostics.map((d) => ({ ...d, message: "reworded", file: "elsewhere/bundle.yaml" }));
    delete other.digest;
    expect(resultDifferences(r, other)).toEqual([]);
  });

  it("names each field by its path, entries by their id", () => {
    const r = base();
    const e = JSON.parse(JSON.stringify(r)) as ScoreResult;
    e.score = 99.9;
    e.items.find((i) => i.id === "5.1.1.2")!.deductions[0]!.count = 1;
    e.elements[0]!.rate = 1;
    e.grade_reasons = [];
    expect(resultDifferences(r, e).map((d) => d.path)).toEqual(["score", "grade_reasons[0]", "elements[5.1].rate", "items[5.1.1.2].deductions[b].count"]);
  });

  it("notices a 整改清单 re-ordered, an entry added and a diagnostic dropped", () => {
    const r = base();
    const e = JSON.parse(JSON.stringify(r)) as ScoreResult;
    e.nonconformities.reverse();
    e.items.push({ ...e.items[0]!, id: "9.9.9" });
    e.diagnostics = [];
    const diffs = resultDifferences(r, e);
    expect(diffs.find((d) => d.path === "nonconformities (order)")).toMatchObject({
      expected: r.nonconformities.map((n) => n.item),
      found: [...r.nonconformities].reverse().map((n) => n.item),
    });
    const added = diffs.find((d) => d.path === "items[9.9.9]")!;
    expect(added).toMatchObject({ found: { id: "9.9.9" } });
    expect("expected" in added).toBe(false);
    expect(diffs.some((d) => d.path === "diagnostics[0]")).toBe(true);
  });
});

describe("the report of an edited result", () => {
  it("carries the banner in HTML, Markdown and Word, and nowhere when the result is intact", async () => {
    const r = fixture();
    const md = await renderReport(r, { template: "report.md", lang: "zh", edited: true });
    expect(md.text.split("\n").slice(0, 3)).toEqual(["# 安全生产标准化自评报告", "", expect.stringMatching(/^> \*\*结果文件已被修改：/)]);
    expect((await renderReport(r, { template: "report.md", lang: "zh" })).text).not.toContain("结果文件已被修改");
    const html = await renderReport(r, { lang: "en", edited: true });
    expect(html.text).toMatch(/<div class="edited" role="alert" data-testid="edited">The result file has been edited: /);
    const form = await renderReport(r, { template: "rectification", lang: "zh", edited: true });
    expect(form.text).toContain('data-testid="edited">结果文件已被修改');
    for (const template of ["report", "rectification"] as const) {
      const zip = await JSZip.loadAsync(await renderReportDocx(r, { template, lang: "zh", edited: true }));
      const doc = (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
      expect(doc, template).toContain("结果文件已被修改：其内容与 stdz 评分时写入的摘要不符");
      const clean = await JSZip.loadAsync(await renderReportDocx(r, { template, lang: "zh" }));
      expect(await clean.file("word/document.xml")!.async("string")).not.toContain("结果文件已被修改");
    }
  });
});

describe("listing files/", () => {
  // Root reads any folder whatever its mode, so the failure is injected through the listing's seam.
  const failing =
    (bad: string, code: string): ReadDir =>
    async (dir: string): Promise<Dirent[]> => {
      if (dir.endsWith(bad)) throw Object.assign(new Error(`${code}: ${dir}`), { code });
      return readdir(dir, { withFileTypes: true });
    };

  it("names an unreadable folder instead of giving a short or empty listing", async () => {
    const b = join(tmp, "bundle");
    mkdirSync(join(b, "files", "locked"), { recursive: true });
    mkdirSync(join(b, "files", "open"), { recursive: true });
    writeFileSync(join(b, "files", "locked", "x.txt"), "x");
    writeFileSync(join(b, "files", "open", "y.txt"), "y");
    writeFileSync(join(b, "files", "z.txt"), "z");
    const l = await listBundle(b, "files", failing("locked", "EACCES"));
    expect(l.all).toEqual(["files/open/y.txt", "files/z.txt"]);
    expect(l.unreadable).toEqual([{ path: "files/locked", reason: "EACCES" }]);
    expect((await listBundle(b)).unreadable).toEqual([]);
    expect((await listBundle(b)).all).toEqual(["files/locked/x.txt", "files/open/y.txt", "files/z.txt"]);
    // No files/ folder: nothing to list, nothing wrong.
    expect(await listBundle(join(tmp, "none"))).toEqual({ all: [], regular: new Set(), unreadable: [] });
    // files/ itself unreadable is an error too.
    expect((await listBundle(b, "files", failing("files", "EACCES"))).unreadable).toEqual([{ path: "files", reason: "EACCES" }]);
  });

  it("verify reports the folder (BUN098) and still finds a file added after scoring", async () => {
    const b = join(tmp, "bundle");
    const result = { ...fixture(), evidence: [], uncited: ["files/locked/x.txt", "files/open/y.txt"] } as ScoreResult;
    delete result.manifest;
    const check = await verifyBundle(result, b, failing("locked", "EACCES"));
    expect(check.added).toEqual(["files/z.txt"]);
    expect(check.diagnostics.map((d) => [d.code, d.args.path])).toEqual([
      ["BUN098", "files/locked"],
      ["BUN063", "files/z.txt"],
    ]);
  });
});
