// Build: compile TypeScript, then precompile the JSON Schema validators (Ajv standalone) so no
// schema is compiled at start-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });

const { default: Ajv2020 } = await import("ajv/dist/2020.js");
const { default: standaloneCode } = await import("ajv/dist/standalone/index.js");
const outDir = join(root, "dist", "validators");
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
