// Baseline for bench/batch.bench.mjs: a raw csv-parse streaming pass that only counts records.
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

let n = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true }));
for await (const _record of parser) n++;
process.stdout.write(`${n}\n`);
