// Golden CLI scenarios: every test/golden/*.md records one command line with its exact exit
// code, stdout and stderr, so refactors are proven not to change what users see.
// STDZ_UPDATE_GOLDEN=1 rewrites the files from the actual output (then review the git diff).
//
// Case file layout (Markdown, one case per file):
//   # title
//   free text
//   ```sh            one command per line; every line but the last is a setup step
//   stdz …           (`stdz …` must exit 0, `cp <from> <to>` copies recursively)
//   ```
//   Exit code: **N**
//   ### stdout / ### stderr, each followed by one fenced block; "(no newline at end)" after a
//   block means the output did not end with a newline; a carriage return (CSV output ends its
//   lines with CRLF) is shown as "␍" and a byte-order mark as "<U+FEFF>", so the files stay plain
//   LF text whatever git or editors do.
// `$TMP` in a command is a fresh folder per case; outputs show it as <tmp>, the repository as
// <root>, the cache folder as <cache>.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/paths.js";
import { PINNED_TODAY, TEST_CACHE } from "../helpers/run.js";

const GOLDEN = join(ROOT, "test", "golden");
const UPDATE = process.env.STDZ_UPDATE_GOLDEN === "1";
const NO_NEWLINE = "(no newline at end)";
const CR = "\u240d";
const BOM = "<U+FEFF>";

interface Case {
  title: string;
  description: string;
  commands: string[];
  code: number | undefined;
  stdout: string | undefined;
  stderr: string | undefined;
}

interface Fence {
  info: string;
  body: string;
  /** Index of the line after the closing fence. */
  end: number;
}

/** The fenced block opening at line `start` (any number ≥ 3 of backticks), or undefined. */
function readFence(lines: string[], start: number): Fence | undefined {
  const open = /^(`{3,})(.*)$/.exec(lines[start] ?? "");
  if (!open) return undefined;
  const fence = open[1] ?? "```";
  const body: string[] = [];
  let i = start + 1;
  while (i < lines.length && lines[i] !== fence) body.push(lines[i++] ?? "");
  if (i >= lines.length) throw new Error(`unclosed fence at line ${start + 1}`);
  i++;
  const noNewline = lines[i] === NO_NEWLINE;
  const text = body.length === 0 ? "" : (body.join("\n") + (noNewline ? "" : "\n")).replaceAll(CR, "\r").replaceAll(BOM, "\ufeff");
  return { info: (open[2] ?? "").trim(), body: text, end: noNewline ? i + 1 : i };
}

function parseCase(text: string): Case {
  const lines = text.split("\n");
  const title = (lines[0] ?? "").replace(/^#\s*/, "");
  const c: Case = { title, description: "", commands: [], code: undefined, stdout: undefined, stderr: undefined };
  const desc: string[] = [];
  let section: "desc" | "stdout" | "stderr" | "other" = "desc";
  for (let i = 1; i < lines.length;) {
    const line = lines[i] ?? "";
    const exit = /^Exit code: \*\*(-?\d+)\*\*$/.exec(line);
    if (exit) {
      c.code = Number(exit[1]);
      section = "other";
      i++;
      continue;
    }
    if (line === "### stdout" || line === "### stderr") {
      section = line === "### stdout" ? "stdout" : "stderr";
      i++;
      continue;
    }
    const f = readFence(lines, i);
    if (f) {
      if (f.info === "sh" && c.commands.length === 0) {
        c.commands = f.body.split("\n").filter((l) => l.trim() !== "");
        section = "other";
      } else if (section === "stdout") c.stdout = f.body;
      else if (section === "stderr") c.stderr = f.body;
      i = f.end;
      continue;
    }
    if (section === "desc") desc.push(line);
    i++;
  }
  c.description = desc.join("\n").trim();
  return c;
}

function fenced(info: string, raw: string): string {
  const text = raw.replaceAll("\r", CR).replaceAll("\ufeff", BOM);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  if (text === "") return `${fence}${info}\n${fence}\n`;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${fence}${info}\n${body}\n${fence}\n${text.endsWith("\n") ? "" : `${NO_NEWLINE}\n`}`;
}

function formatCase(c: Case, code: number, stdout: string, stderr: string): string {
  const desc = c.description ? `${c.description}\n\n` : "";
  return `# ${c.title}\n\n${desc}${fenced("sh", c.commands.join("\n") + "\n")}\nExit code: **${code}**\n\n### stdout\n\n${fenced("text", stdout)}\n### stderr\n\n${fenced("text", stderr)}`;
}

/** Shell-like words: whitespace separates, single and double quotes group (no escapes, no globbing). */
function words(line: string, tmp: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? "").replaceAll("$TMP", tmp));
  return out;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runStdz(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", STDZ_STANDARDS_PATH: "", STDZ_CACHE_DIR: TEST_CACHE, STDZ_TODAY: PINNED_TODAY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

function normalise(text: string, tmp: string): string {
  return text.replaceAll(tmp, "<tmp>").replaceAll(TEST_CACHE, "<cache>").replaceAll(ROOT, "<root>");
}

async function runCase(c: Case, tmp: string): Promise<Run> {
  const steps = c.commands.map((l) => words(l, tmp));
  for (const [i, step] of steps.entries()) {
    const [prog, ...args] = step;
    const last = i === steps.length - 1;
    if (prog === "cp" && !last) {
      const [from, to] = args;
      if (from === undefined || to === undefined) throw new Error(`cp needs two paths: ${c.commands[i]}`);
      // Copies land in the case's own folder only: a case must never change the repository.
      if (!to.startsWith(`${tmp}/`)) throw new Error(`cp may only write under $TMP: ${c.commands[i]}`);
      cpSync(join(ROOT, from), to, { recursive: true });
      continue;
    }
    if (prog !== "stdz") throw new Error(`only "stdz …" (and "cp" as a setup step) may run: ${c.commands[i]}`);
    const r = await runStdz(args);
    if (last) return { code: r.code, stdout: normalise(r.stdout, tmp), stderr: normalise(r.stderr, tmp) };
    if (r.code !== 0) throw new Error(`setup step failed (exit ${r.code}): ${c.commands[i]}\n${r.stderr}`);
  }
  throw new Error("no command");
}

const files = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".md"))
  .sort();
const tmps: string[] = [];
afterAll(() => {
  for (const t of tmps) rmSync(t, { recursive: true, force: true });
});

describe("golden CLI scenarios", () => {
  it("has cases", () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
  });

  for (const file of files) {
    it.concurrent(file, async () => {
      const path = join(GOLDEN, file);
      const c = parseCase(readFileSync(path, "utf8"));
      expect(c.commands.length, "a ```sh block with the command").toBeGreaterThan(0);
      const tmp = mkdtempSync(join(tmpdir(), "stdz-golden-"));
      tmps.push(tmp);
      const r = await runCase(c, tmp);
      if (UPDATE) {
        writeFileSync(path, formatCase(c, r.code, r.stdout, r.stderr));
        return;
      }
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: c.code, stdout: c.stdout, stderr: c.stderr });
    });
  }
});
