// Evidence paths on disk: inside the bundle, existing, regular files, links that stay inside;
// uncited files; streamed SHA-256 checked against sha256sum-style known values.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEvidence, hashEvidence, listBundle, listBundleFiles, readBundle } from "../../src/io/bundle.js";
import { mapLimit, sha256File } from "../../src/io/hash.js";

let root: string;
let outside: string;

function manifest(evidence: string[]): string {
  return `stdz: 1
standard: x
enterprise: { name: 甲 }
assessment: { kind: self, date: "2024-06-30" }
findings:
  - item: "1"
    status: conform
    evidence:
${evidence.map((e) => `      - ${JSON.stringify(e)}`).join("\n")}
`;
}

async function evidenceOf(evidence: string[], withListing = false) {
  writeFileSync(join(root, "bundle.yaml"), manifest(evidence));
  const lb = await readBundle(root);
  expect(lb.diagnostics).toEqual([]);
  return checkEvidence(lb, withListing ? await listBundle(root) : undefined);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "stdz-ev-"));
  outside = mkdtempSync(join(tmpdir(), "stdz-out-"));
  mkdirSync(join(root, "files", "目标"), { recursive: true });
  writeFileSync(join(root, "files", "目标", "2024年目标.pdf"), "abc");
  writeFileSync(join(root, "files", "unused.txt"), "x");
  writeFileSync(join(outside, "secret.txt"), "secret");
  symlinkSync(join(outside, "secret.txt"), join(root, "files", "leak.txt"));
  symlinkSync(join(root, "files", "目标", "2024年目标.pdf"), join(root, "files", "alias.pdf"));
  symlinkSync(outside, join(root, "files", "outdir"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("evidence paths", () => {
  it("accepts a relative path to a regular file and hashes it", async () => {
    const ev = await evidenceOf(["files/目标/2024年目标.pdf"]);
    expect(ev.diagnostics).toEqual([]);
    const h = await hashEvidence(ev.files);
    // sha256("abc") is the FIPS 180-2 test vector.
    expect(h.evidence).toEqual([{ path: "files/目标/2024年目标.pdf", sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", bytes: 3 }]);
  });

  it("refuses '..', absolute paths, missing files and folders, each on its line", async () => {
    const ev = await evidenceOf(["../x.pdf", "/etc/passwd", "files/none.pdf", "files/目标"]);
    expect(ev.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["9:9 BUN051", "10:9 BUN050", "11:9 BUN053", "12:9 BUN054"]);
  });

  it("refuses a link that resolves outside the bundle, also through a linked folder", async () => {
    const ev = await evidenceOf(["files/leak.txt", "files/outdir/secret.txt"]);
    expect(ev.diagnostics.map((d) => d.code)).toEqual(["BUN055", "BUN055"]);
    expect(ev.files).toEqual([]);
  });

  it("accepts a link that stays inside the bundle", async () => {
    const ev = await evidenceOf(["files/alias.pdf"]);
    expect(ev.diagnostics).toEqual([]);
    expect(ev.files.map((f) => f.path)).toEqual(["files/alias.pdf"]);
  });

  it("gives the same answers when regular files are taken from the listing of files/", async () => {
    const ev = await evidenceOf(["files/目标/2024年目标.pdf", "files/leak.txt", "files/outdir/secret.txt", "files/alias.pdf", "files/none.pdf"], true);
    expect(ev.diagnostics.map((d) => d.code)).toEqual(["BUN055", "BUN055", "BUN053"]);
    expect(ev.files.map((f) => f.path)).toEqual(["files/目标/2024年目标.pdf", "files/alias.pdf"]);
    expect((await listBundle(root)).regular).toEqual(new Set(["files/unused.txt", "files/目标/2024年目标.pdf"]));
  });

  it("lists every file under files/, links included, for the uncited check", async () => {
    expect(await listBundleFiles(root)).toEqual(["files/alias.pdf", "files/leak.txt", "files/outdir", "files/unused.txt", "files/目标/2024年目标.pdf"]);
  });
});

describe("hashing", () => {
  it("streams large files in chunks with the same digest as hashing them whole", async () => {
    const big = Buffer.alloc(3 * (1 << 20) + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const f = join(root, "big.bin");
    writeFileSync(f, big);
    const h = await sha256File(f, Buffer.alloc(4096));
    expect(h).toEqual({ sha256: createHash("sha256").update(big).digest("hex"), bytes: big.length });
  });

  it("mapLimit keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6, 0]);
    expect(peak).toBe(2);
  });
});
