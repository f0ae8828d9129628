// Build: compile TypeScript, then precompile the JSON Schema validators (Ajv standalone) so no
// schema is compiled at start-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
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

// Bundle the CLI and the packages it uses into one CommonJS file, dist/bundle/stdz.cjs, which
// bin/stdz.js compiles through V8's code cache (Node 20 has no compile cache for ES modules).
// Commands stay lazy: esbuild turns each `await import("./x.js")` into a deferred module
// initialiser. ExcelJS (large, only for XLSX) stays a run-time require. The bundle sits two
// levels below the package root like dist/<dir>/, so paths from import.meta.url stay the same.
const { build } = await import("esbuild");
const { createHash } = await import("node:crypto");
// commander requires node:child_process when it loads, for executable subcommands, which stdz
// does not have; loading it (with net, dgram and streams) costs every start ~1.5 ms. Inside
// commander it is replaced by a stand-in that requires the real module on first use.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "lazy-child-process", namespace: "stdz-shim" } : undefined,
    );
    b.onLoad({ filter: /^lazy-child-process$/, namespace: "stdz-shim" }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: "js",
    }));
  },
};
// Our modules use node:module only for createRequire(import.meta.url), for packages and files
// loaded at run time. In the bundle, the bundle's own require does that (it resolves from
// the same package root), and loading node:module would cost every start ~1.3 ms.
const bundleRequire = {
  name: "bundle-require",
  setup(b) {
    b.onResolve({ filter: /^(node:)?module$/ }, (args) =>
      args.importer.startsWith(join(root, "src") + sep) ? { path: "create-require", namespace: "stdz-shim" } : undefined,
    );
    b.onLoad({ filter: /^create-require$/, namespace: "stdz-shim" }, () => ({ contents: "exports.createRequire = () => require;", loader: "js" }));
  },
};
const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["exceljs", "docx", "docx/charts", "playwright-core"],
  define: { "import.meta.url": "__stdzModuleUrl" },
  // Our sources are ES modules, hence strict; the directive must open the file.
  banner: { js: '"use strict";\nvar __stdzModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyChildProcess, bundleRequire],
  // Paths in the output are relative to the staging folder (../src/…, validators/…), not to a
  // folder named after this build's pid: the same sources give the same bytes and build id,
  // so a rebuild keeps the code cache.
  absWorkingDir: staging,
  metafile: true,
  // import() with a computed argument is not in the metafile: esbuild makes every import() a
  // require, and the check below refuses a literal one of a package (an ES module would fail).
  supported: { "dynamic-import": false },
  logLevel: "warning",
};
// The validators just written, as lazy requires that esbuild bundles (see src/io/schema.ts).
const inject = join(staging, "validators-inject.js");
const names = readdirSync(outDir)
  .filter((f) => f.endsWith(".cjs"))
  .map((f) => f.slice(0, -4));
writeFileSync(
  inject,
  `export const __STDZ_VALIDATORS__ = {\n${names.map((n) => `  ${JSON.stringify(n)}: () => require(${JSON.stringify(join(outDir, `${n}.cjs`))}),`).join("\n")}\n};\n`,
);
const bundles = [
  ["stdz.cjs", join(root, "src", "cli.ts")],
  ["hash-worker.cjs", join(root, "src", "io", "hash-worker.ts")],
];
for (const [name, entry] of bundles) {
  const outfile = join(staging, "bundle", name);
  const { metafile } = await build({ ...common, entryPoints: [entry], outfile, inject: name === "stdz.cjs" ? [inject] : [] });
  // The code runs in a vm.Script, where import() would need a loader of its own: only imports
  // of bundled modules (which become deferred initialisers) may be dynamic.
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports)
      if (imp.kind === "dynamic-import" && imp.external) throw new Error(`${name}: ${file} imports ${imp.path} dynamically; require it instead`);
  }
  // The first line names the build: the code cache is kept per build.
  const code = readFileSync(outfile, "utf8");
  const id = createHash("sha256").update(code).digest("hex").slice(0, 16);
  writeFileSync(outfile, `// stdz-build ${id}\n${code}`);
}

rmSync(inject);

// The cache folder code, alone and CommonJS, for bin/stdz.js: it runs before the bundle loads
// (and its own require is the fallback for createRequire, as in the bundle).
await build({
  ...common,
  plugins: [bundleRequire],
  banner: { js: '"use strict";' },
  define: {},
  entryPoints: [join(root, "src", "runtime", "cache.ts")],
  outfile: join(staging, "runtime", "cache.cjs"),
});

const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
