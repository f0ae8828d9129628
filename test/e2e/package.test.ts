// The packed package as a library: `npm pack`, unpacked into <tmp>/node_modules/stdz with the
// repository's node_modules linked in (no network), imported by name from a child node, and
// its declarations compiled by a strict TypeScript file.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { stdz } from "../helpers/run.js";

const tmp = mkdtempSync(join(tmpdir(), "stdz-package-"));
const pkg = join(tmp, "node_modules", "stdz");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NAMES = ["lintStandard", "compileStandard", "scoreBundle", "renderReport", "scanRegister", "summariseRegister", "drawSample", "deviation"];

beforeAll(() => {
  // --ignore-scripts: `prepare` would rebuild dist/ under the other tests; npm test has built it.
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: ROOT, encoding: "utf8" });
  const packed: unknown = JSON.parse(out);
  const name = Array.isArray(packed) && typeof packed[0]?.filename === "string" ? String(packed[0].filename) : "";
  expect(name).toMatch(/\.tgz$/);
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", join(tmp, name), "-C", pkg, "--strip-components=1"]);
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  cpSync(join(ROOT, "examples", "bundles", "qz-steel-level1"), join(tmp, "bundle"), { recursive: true });
}, 120_000);

/** Run an ES module in <tmp> (where `import "stdz"` finds the unpacked package) and parse the JSON it prints. */
function inPackage(code: string): unknown {
  const file = join(tmp, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, [file], {
    cwd: tmp,
    encoding: "utf8",
    env: { ...process.env, STDZ_NO_CACHE: "1", STDZ_STANDARDS_PATH: "" },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe("npm package", () => {
  it("ships the declarations, the data and the templates the API needs", () => {
    for (const f of ["dist/index.js", "dist/index.d.ts", "standards/qz-gm-2021.yaml", "package.json", "bin/stdz.js"])
      expect(existsSync(join(pkg, f)), f).toBe(true);
    for (const d of ["schema", "templates", "data", "dist/validators"]) expect(existsSync(join(pkg, d)), d).toBe(true);
    const dts = readFileSync(join(pkg, "dist", "index.d.ts"), "utf8");
    for (const n of NAMES) expect(dts).toMatch(new RegExp(`export declare function ${n}\\b`));
    // No `any` in the public types (comments may say "any header").
    expect(dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "")).not.toMatch(/\bany\b/);
    const manifest: unknown = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } } });
  });

  it("exports every workflow by name", () => {
    const got = inPackage(`import * as stdz from "stdz"; console.log(JSON.stringify(Object.keys(stdz).filter((k) => typeof stdz[k] === "function").sort()));`);
    expect(got).toEqual(expect.arrayContaining(NAMES));
  });

  it("scores a bundle to the same score and grade as stdz score --format json", () => {
    const cli = stdz(["score", join(tmp, "bundle"), "--format", "json"]);
    expect(cli.code, cli.stderr).toBe(0);
    const want: unknown = JSON.parse(cli.stdout);
    const got = inPackage(`
      import { scoreBundle } from "stdz";
      const r = await scoreBundle("bundle");
      console.log(JSON.stringify({ outcome: r.outcome, diagnostics: r.diagnostics, result: r.value }));`);
    expect(got).toMatchObject({ outcome: "ok", diagnostics: [] });
    const pick = (r: unknown) => {
      const o = r !== null && typeof r === "object" ? (r as Record<string, unknown>) : {};
      return { score: o.score, grade: o.grade, elements: o.elements, texts: o.texts };
    };
    const result = got !== null && typeof got === "object" && "result" in got ? got.result : undefined;
    expect(pick(result)).toEqual(pick(want));
    expect(pick(want).grade).toBe("一级");
  });

  it("lints a shipped standard clean and words diagnostics in the language asked for", () => {
    const got = inPackage(`
      import { lintStandard, compileStandard, InputError, message } from "stdz";
      const lint = await lintStandard("node_modules/stdz/standards/qz-gm-2021.yaml");
      let thrown;
      try { await compileStandard("no-such-standard", { lang: "en" }); } catch (e) { thrown = e instanceof InputError ? e.diagnostics.map((d) => [d.code, message(d, "en")]) : String(e); }
      const compiled = await compileStandard("qz-gm-2021");
      console.log(JSON.stringify({ lint: { outcome: lint.outcome, errors: lint.value.summary.errors, warnings: lint.value.summary.warnings }, thrown, id: compiled.value?.id }));`);
    expect(got).toMatchObject({ lint: { outcome: "ok", errors: 0, warnings: 0 }, id: "qz-gm-2021" });
    expect(JSON.stringify(got)).toMatch(/STD002.*not found/);
  });

  it("draws the same sample as stdz sample --format json", () => {
    const reg = join(ROOT, "examples", "registers", "quanzhou-300.csv");
    const cli = stdz(["sample", reg, "--as-of", "2024-06-30", "--format", "json"]);
    expect(cli.code, cli.stderr).toBe(0);
    const got = inPackage(`
      import { drawSample } from "stdz";
      const r = await drawSample(${JSON.stringify(reg)}, { asOf: "2024-06-30" });
      console.log(JSON.stringify(r.value.json));`);
    expect(got).toEqual(JSON.parse(cli.stdout));
  });

  it("type-checks a strict TypeScript user of the packed declarations", () => {
    writeFileSync(
      join(tmp, "use.ts"),
      [
        'import { scoreBundle, lintStandard, summariseRegister, renderReport, type ApiResult, type ScoreResult } from "stdz";',
        'const scored: ApiResult<ScoreResult | undefined> = await scoreBundle("bundle", { lang: "en" });',
        "const grade: string | undefined = scored.value?.grade;",
        'const errors: number = (await lintStandard(["a.yaml"])).value.summary.errors;',
        'const summary: Record<string, unknown> = (await summariseRegister("r.csv", { asOf: "2024-06-30" })).value;',
        'if (scored.value) { const html: string = (await renderReport(scored.value, { template: "report" })).text; void html; }',
        "// @ts-expect-error: the language is zh or en",
        'await scoreBundle("bundle", { lang: "fr" });',
        "// @ts-expect-error: a result has no field of that name",
        "void scored.value?.no_such_field;",
        "export { grade, errors, summary };",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(tmp, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
          typeRoots: [join(pkg, "node_modules", "@types")],
        },
        files: ["use.ts"],
      }),
    );
    writeFileSync(join(tmp, "package.json"), JSON.stringify({ type: "module", private: true }));
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(tmp, "tsconfig.json")], {
      cwd: tmp,
      encoding: "utf8",
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 120_000);
});
