// Build: compile TypeScript, then precompile the JSON Schema validators (Ajv standalone) so no
// schema is compiled at start-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
// Build beside dist and swap it in, so a build never leaves dist/ missing or half-written
// for a stdz that is running at the same time.
const dist = join(root, "dist");
const staging = join(root, `.dist-build-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json"), "--outDir", staging], { stdio: "inherit" });

const { default: Ajv2020 } = await import("ajv/dist/2020.js");
const { default: standaloneCode } = await import("ajv/dist/standalone/index.js");
const outDir = join(staging, "validators");
mkdirSync(outDir, { recursive: true });
const schemaDir = join(root, "schema");
for (const f of existsSync(schemaDir) ? readdirSync(schemaDir) : []) {
  if (!f.endsWith(".schema.json")) continue;
  const schema = JSON.parse(readFileSync(join(schemaDir, f), "utf8"));
  const ajv = new Ajv2020({ code: { source: true }, allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  // CommonJS output: Ajv's standalone code calls require() for its runtime helpers even in ESM mode.
  writeFileSync(join(outDir, f.replace(".schema.json", ".cjs")), standaloneCode(ajv, validate));
}

// Bundle the CLI (our code only; packages stay external) into a few ESM files with shared
// chunks: one file per command instead of dozens of modules to resolve at every start.
// Every output sits in dist/bundle/, two levels below the package root like dist/<dir>/, so
// paths computed from import.meta.url stay the same.
const { build } = await import("esbuild");
const commandsDir = join(root, "src", "commands");
const entryPoints = { cli: join(root, "src", "cli.ts") };
for (const f of readdirSync(commandsDir)) {
  // A command is the module a `<name>.cli.ts` lazily imports.
  if (f.endsWith(".cli.ts")) entryPoints[f.slice(0, -7)] = join(commandsDir, f.replace(".cli.ts", ".ts"));
}
await build({
  entryPoints,
  outdir: join(staging, "bundle"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});

const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
