// `npm run bench`: runs every bench/*.bench.mjs (or those named on the command line) and
// prints each figure as a ratio against a baseline measured in the same run.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, results, TMP } from "./lib.mjs";

const only = process.argv.slice(2);
const files = readdirSync(join(ROOT, "bench"))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n## ${f}`);
  const mod = await import(pathToFileURL(join(ROOT, "bench", f)).href);
  await mod.default();
}
const rows = results();
writeFileSync(join(TMP, "results.json"), JSON.stringify(rows, null, 1));
const missed = rows.filter((r) => r.met === false);
console.log(`\n${rows.length} figures, ${missed.length} goals missed${missed.length ? ": " + missed.map((r) => r.name).join(", ") : ""}`);
