// The bad-input corpus (see README.md): one case per class of problem, each run through the
// built binary by test/e2e/corpus.test.ts in a fresh folder holding only its inputs.
import { cpSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.js";

export interface CorpusCase {
  name: string;
  /** The class of issue #11 it stands for. */
  klass: string;
  setup(dir: string): void;
  args: string[];
  /** Environment for the run; a function gets the case's folder. */
  env?: Record<string, string> | ((dir: string) => Record<string, string>);
  exit: number;
  /** The diagnostic code the output must carry. */
  code: string;
  /** The place the message must name (a path, a line, a row). */
  place: RegExp;
  /** Files a successful run may create (anything else new fails the case). */
  writes?: string[];
}

const STANDARD = join(ROOT, "standards", "qz-gm-2021.yaml");
const BUNDLE = join(ROOT, "examples", "bundles", "qz-steel-level1");
const REGISTER = join(ROOT, "examples", "registers", "quanzhou-300.csv");
const FILES = join(ROOT, "test", "corpus", "files");

const bundle = (dir: string) => cpSync(BUNDLE, join(dir, "b"), { recursive: true });
const standard = (dir: string) => cpSync(STANDARD, join(dir, "s.yaml"));
const register = (dir: string) => cpSync(REGISTER, join(dir, "reg.csv"));
/** A result of the example bundle, as `stdz score --format json` writes it. */
const result = (dir: string) => {
  bundle(dir);
  const out = execFileSync(process.execPath, [join(ROOT, "bin", "stdz.js"), "score", join(dir, "b"), "--format", "json"], {
    env: { ...process.env, STDZ_NO_CACHE: "1" },
    encoding: "utf8",
  });
  writeFileSync(join(dir, "r.json"), out);
};
const fifo = (file: string) => execFileSync("mkfifo", [file]);
/** A standard whose element list nests `depth` levels deep in flow style (no aliases). */
const deepYaml = (depth: number) => `stdz: 1\nid: deep\nelements: ${"[".repeat(depth)}${"]".repeat(depth)}\n`;

export const CASES: CorpusCase[] = [
  // §2 Outputs never destroy anything: an output that is an input is refused, naming both.
  {
    name: "score -o onto bundle.yaml",
    klass: "output is an input",
    setup: bundle,
    args: ["score", "b", "-o", "b/bundle.yaml"],
    exit: 2,
    code: "CLI005",
    place: /b\/bundle\.yaml.*b\/bundle\.yaml/,
  },
  {
    name: "score -o onto an evidence file",
    klass: "output is an input",
    setup: bundle,
    args: ["score", "b", "-o", "b/files/5.1-目标职责/2024年安全生产目标责任书（汇总）.txt"],
    exit: 2,
    code: "CLI005",
    place: /安全生产目标责任书（汇总）\.txt/,
  },
  {
    name: "compile s.yaml -o s.yaml",
    klass: "output is an input",
    setup: standard,
    args: ["compile", "s.yaml", "-o", "s.yaml"],
    exit: 2,
    code: "CLI005",
    place: /s\.yaml/,
  },
  {
    name: "compile -o onto a symlink to the standard",
    klass: "output is an input",
    setup: (d) => {
      standard(d);
      symlinkSync("s.yaml", join(d, "out.json"));
    },
    args: ["compile", "s.yaml", "-o", "out.json"],
    exit: 2,
    code: "CLI005",
    place: /out\.json.*s\.yaml/,
  },
  {
    name: "lint -o onto the linted file",
    klass: "output is an input",
    setup: standard,
    args: ["lint", "s.yaml", "-o", "s.yaml"],
    exit: 2,
    code: "CLI005",
    place: /s\.yaml/,
  },
  {
    name: "report -o onto a hard link of the result",
    klass: "output is an input",
    setup: (d) => {
      result(d);
      linkSync(join(d, "r.json"), join(d, "r.md"));
    },
    args: ["report", "r.json", "-o", "r.md"],
    exit: 2,
    code: "CLI005",
    place: /r\.md.*r\.json/,
  },
  {
    name: "verify -o onto the result",
    klass: "output is an input",
    setup: result,
    args: ["verify", "r.json", "b", "-o", "r.json"],
    exit: 2,
    code: "CLI005",
    place: /r\.json/,
  },
  {
    name: "sample -o onto the register",
    klass: "output is an input",
    setup: register,
    args: ["sample", "reg.csv", "-o", "reg.csv"],
    exit: 2,
    code: "CLI005",
    place: /reg\.csv/,
  },
  {
    name: "deviation --html onto the register",
    klass: "output is an input",
    setup: (d) => cpSync(join(ROOT, "test", "fixtures", "deviation", "register.csv"), join(d, "reg.csv")),
    args: ["deviation", "--register", "reg.csv", "--html", "reg.csv"],
    exit: 2,
    code: "CLI005",
    place: /reg\.csv/,
  },
  {
    name: "batch -o into the folder whose 达标名单.csv is the register",
    klass: "output is an input",
    setup: (d) => cpSync(REGISTER, join(d, "达标名单.csv")),
    args: ["batch", "达标名单.csv", "-o", "."],
    exit: 2,
    code: "CLI005",
    place: /达标名单\.csv/,
  },
  {
    name: "a full disk on stdout",
    klass: "stdout fails",
    setup: standard,
    args: ["compile", "s.yaml", "-o", "/dev/full"],
    exit: 2,
    code: "CLI003",
    place: /\/dev\/full.*ENOSPC/,
  },
  // §3 Inputs are bounded.
  {
    name: "lint /dev/zero",
    klass: "input not a regular file",
    setup: () => undefined,
    args: ["lint", "/dev/zero"],
    exit: 2,
    code: "CLI006",
    place: /\/dev\/zero/,
  },
  {
    name: "lint a FIFO nobody writes to",
    klass: "input not a regular file",
    setup: (d) => fifo(join(d, "p.yaml")),
    args: ["lint", "p.yaml"],
    exit: 2,
    code: "CLI006",
    place: /p\.yaml/,
  },
  {
    name: "a bundle whose standard is /dev/zero",
    klass: "input not a regular file",
    setup: (d) => {
      bundle(d);
      const f = join(d, "b", "bundle.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/^standard: .*$/m, "standard: /dev/zero"));
    },
    args: ["score", "b"],
    exit: 2,
    code: "CLI006",
    place: /\/dev\/zero/,
  },
  {
    name: "a standard that extends a FIFO",
    klass: "input not a regular file",
    setup: (d) => {
      fifo(join(d, "base.yaml"));
      writeFileSync(join(d, "s.yaml"), readFileSync(STANDARD, "utf8").replace(/^extends: .*$/m, "extends: ./base.yaml"));
    },
    args: ["lint", "s.yaml"],
    exit: 2,
    code: "CLI006",
    place: /base\.yaml/,
  },
  {
    name: "a template that is a FIFO",
    klass: "input not a regular file",
    setup: (d) => {
      result(d);
      fifo(join(d, "t.html.hbs"));
    },
    args: ["report", "r.json", "-t", "t.html.hbs", "-o", "out.html"],
    exit: 2,
    code: "CLI006",
    place: /t\.html\.hbs/,
  },
  {
    name: "a standard over the size limit",
    klass: "input too large",
    setup: (d) => writeFileSync(join(d, "big.yaml"), readFileSync(STANDARD, "utf8") + `# ${"x".repeat(2 * 1024 * 1024)}\n`),
    args: ["lint", "big.yaml"],
    env: { STDZ_MAX_INPUT_MB: "1" },
    exit: 2,
    code: "CLI007",
    place: /big\.yaml/,
  },
  {
    name: "a standard nested 5,000 levels deep",
    klass: "deep nesting",
    setup: (d) => writeFileSync(join(d, "deep.yaml"), deepYaml(5000)),
    args: ["lint", "deep.yaml"],
    exit: 2,
    code: "YML010",
    place: /deep\.yaml[\s\S]*3:1/,
  },
  {
    name: "a result nested 100,000 levels deep",
    klass: "deep nesting",
    setup: (d) => writeFileSync(join(d, "r.json"), `{"x": ${"[".repeat(100000)}${"]".repeat(100000)}}`),
    args: ["report", "r.json", "-o", "out.html"],
    exit: 2,
    code: "YML010",
    place: /r\.json:1:1/,
  },
  {
    name: "a partial that includes itself",
    klass: "self-including partial",
    setup: (d) => {
      result(d);
      mkdirSync(join(d, "t", "partials"), { recursive: true });
      writeFileSync(join(d, "t", "partials", "a.hbs"), "a {{> b}}\n");
      writeFileSync(join(d, "t", "partials", "b.hbs"), "b {{> a}}\n");
      writeFileSync(join(d, "t", "my.html.hbs"), "<html>{{> a}}</html>\n");
    },
    args: ["report", "r.json", "-t", "t/my.html.hbs", "-o", "out.html"],
    exit: 2,
    code: "TPL015",
    place: /a → b → a/,
  },
  {
    name: "a zero-width space in a content title",
    klass: "invisible characters",
    setup: (d) => writeFileSync(join(d, "s.yaml"), readFileSync(join(FILES, "..", "..", "fixtures", "lint", "invisible-chars.yaml"))),
    args: ["lint", "s.yaml", "--format", "json"],
    exit: 0,
    code: "STD060",
    place: /U\+200B/,
  },
  {
    name: "a right-to-left override in an enterprise name",
    klass: "invisible characters",
    setup: (d) => {
      const lines = readFileSync(REGISTER, "utf8").split("\n");
      const cells = lines[1]!.split(",");
      cells[1] = cells[1]!.slice(0, 2) + "\u202e" + cells[1]!.slice(2);
      lines[1] = cells.join(",");
      writeFileSync(join(d, "reg.csv"), lines.join("\n"));
    },
    args: ["batch", "reg.csv"],
    exit: 0,
    code: "REG080",
    place: /reg\.csv:2:2.*U\+202E/,
  },
  {
    name: "a zero-width joiner in the bundle's credit code",
    klass: "invisible characters",
    setup: (d) => {
      bundle(d);
      const f = join(d, "b", "bundle.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/credit_code: "?(\w+)"?/, 'credit_code: "$1\u200d"'));
    },
    args: ["score", "b"],
    exit: 1,
    code: "BUN083",
    place: /bundle\.yaml:\d+:\d+.*U\+200D/,
  },
  // Registers: encodings, long values, width, workbooks.
  {
    name: "a UTF-8 register with one undecodable byte in row 17",
    klass: "encoding",
    setup: (d) => {
      const buf = readFileSync(REGISTER);
      const lines = buf.toString("utf8").split("\n");
      const at = Buffer.byteLength(lines.slice(0, 18).join("\n") + "\n", "utf8");
      const out = Buffer.concat([buf.subarray(0, at + 6), Buffer.from([0xff]), buf.subarray(at + 6)]);
      writeFileSync(join(d, "reg.csv"), out);
    },
    args: ["batch", "reg.csv"],
    exit: 0,
    code: "REG070",
    place: /reg\.csv:19:\d+: error REG070 .*第 17 行数据/,
  },
  {
    // With its BOM a UTF-16 register is read as such; without one it is named, not misread.
    name: "a register saved as UTF-16 without a BOM",
    klass: "encoding",
    setup: (d) => writeFileSync(join(d, "reg.csv"), Buffer.from(readFileSync(REGISTER, "utf8").replace(/^\uFEFF/, ""), "utf16le")),
    args: ["batch", "reg.csv"],
    exit: 2,
    code: "REG072",
    place: /reg\.csv/,
  },
  {
    name: "an enterprise name of 130,000 characters",
    klass: "long values",
    setup: (d) => {
      const lines = readFileSync(REGISTER, "utf8").split("\n");
      const cells = lines[1]!.split(",");
      cells[1] = "泉".repeat(130_000);
      lines[1] = cells.join(",");
      writeFileSync(join(d, "reg.csv"), lines.join("\n"));
    },
    args: ["batch", "reg.csv", "-o", "out"],
    exit: 0,
    code: "REG",
    place: /reg\.csv:\d+:\d+/,
    writes: ["out"],
  },
  {
    name: "a register wider than a worksheet",
    klass: "long values",
    setup: (d) => {
      const lines = readFileSync(REGISTER, "utf8").split(/\r?\n/);
      const extra = Array.from({ length: 16_400 }, (_, i) => `附加${i + 1}`).join(",");
      writeFileSync(join(d, "reg.csv"), [lines[0] + "," + extra, ...lines.slice(1, 4)].join("\n"));
    },
    args: ["batch", "reg.csv", "-o", "out"],
    exit: 2,
    code: "REG073",
    place: /reg\.csv:1:16384/,
  },
  {
    name: "an Excel 97–2003 .xls register",
    klass: "register format",
    setup: (d) => writeFileSync(join(d, "reg.xls"), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])),
    args: ["batch", "reg.xls"],
    exit: 2,
    code: "REG060",
    place: /reg\.xls/,
  },
  // §5 A result edited by hand is caught.
  {
    name: "a result whose score was edited to 99.9",
    klass: "edited result",
    setup: (d) => {
      result(d);
      const f = join(d, "r.json");
      writeFileSync(f, readFileSync(f, "utf8").replace(/"score": [\d.]+/, '"score": 99.9'));
    },
    args: ["verify", "r.json", "b"],
    exit: 1,
    code: "BUN091",
    place: /r\.json.*score.*97\.3.*99\.9/,
  },
  {
    name: "an edited result given to report",
    klass: "edited result",
    setup: (d) => {
      result(d);
      const f = join(d, "r.json");
      writeFileSync(f, readFileSync(f, "utf8").replace(/"score": [\d.]+/, '"score": 99.9'));
    },
    args: ["report", "r.json", "-o", "out.html"],
    exit: 0,
    code: "BUN093",
    place: /r\.json/,
    writes: ["out.html"],
  },
  // §4 Caches are the tool's own: a cache root holding the user's own code/ folder.
  {
    name: "STDZ_CACHE_DIR pointing at a folder with the user's own code/ subfolder",
    klass: "cache ownership",
    setup: (d) => {
      standard(d);
      mkdirSync(join(d, "cache", "code"), { recursive: true });
      writeFileSync(join(d, "cache", "code", "user.txt"), "the user's file\n");
    },
    args: ["lint", "s.yaml", "--format", "json"],
    env: (d) => ({ STDZ_CACHE_DIR: join(d, "cache"), STDZ_NO_CACHE: "" }),
    exit: 0,
    code: '"files"',
    place: /s\.yaml/,
    // stdz's own, marked folders beside the user's code/, which stays as it was.
    writes: ["cache/code-2", "cache/compiled-2"],
  },
  // §6 Usage errors speak the user's language.
  {
    name: "a misspelt option",
    klass: "usage error",
    setup: standard,
    args: ["lint", "s.yaml", "--formt", "json"],
    exit: 2,
    code: "CLI002",
    place: /--formt[\s\S]*--format/,
  },
];
