// `stdz verify` re-scores the bundle besides re-hashing its files: on the score bench's bundle of
// 300 contents citing 1,000 evidence files of ~100 KB, against `stdz score` of the same bundle
// (goal ≤ 2.5×: verify hashes the files once for the recorded hashes and once more in re-scoring).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { report, stdz, timePair, TMP } from "./lib.mjs";

export default async function () {
  const evDir = join(TMP, "score", "evidence");
  // The score bench writes the bundle; run it first when it is not there.
  if (!existsSync(join(evDir, "bundle.yaml"))) await (await import("./score.bench.mjs")).default();
  const result = join(TMP, "verify-result.json");
  const r = spawnSync(process.execPath, [join(TMP, "..", "..", "bin", "stdz.js"), "score", evDir, "--format", "json"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`stdz score exited ${r.status}: ${r.stderr}`);
  writeFileSync(result, r.stdout);
  const [verify, score] = timePair(stdz(["verify", result, evDir]), stdz(["score", evDir, "--format", "json"]), 10);
  report({
    name: "stdz verify (re-scores), 300 contents + 1,000 × 100 KB evidence",
    value: verify,
    unit: "ms",
    baselineName: "stdz score (same bundle)",
    baseline: score,
    goal: 2.5,
  });
}
