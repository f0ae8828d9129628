// stdz batch's side files: the department table (data/sectors.json or a CSV) and the targets YAML.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { diag, InputError } from "../diagnostics.js";
import { DepartmentTable, departmentsFromRows, type DepartmentEntry } from "../core/register/departments.js";
import { parseTargets, type Targets } from "../core/register/targets.js";
import { parseCsvText } from "./csv-reader.js";
import { RegisterDecoder } from "./register-decode.js";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The department table: the shipped one, or a CSV given with --departments. */
export async function loadDepartments(file: string | undefined): Promise<DepartmentTable> {
  if (file === undefined) {
    const data = JSON.parse(await readFile(join(PACKAGE_ROOT, "data", "sectors.json"), "utf8")) as { sectors: DepartmentEntry[] };
    return new DepartmentTable(data.sectors);
  }
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
    throw new InputError([
      diag(
        "CLI001",
        { file, reason: code === "ENOENT" ? { zh: "文件不存在", en: "no such file" } : (code ?? (e instanceof Error ? e.message : String(e))) },
        { file },
      ),
    ]);
  }
  let text: string;
  try {
    const dec = new RegisterDecoder("auto");
    text = dec.write(buf) + dec.end();
  } catch {
    throw new InputError([
      diag("REG041", { detail: { zh: "无法解码（应为 UTF-8 或 GBK 的 CSV）", en: "cannot be decoded (expected a UTF-8 or GBK CSV)" } }, { file }),
    ]);
  }
  const { entries, problems } = departmentsFromRows(parseCsvText(text));
  if (problems.length) {
    throw new InputError(problems.map((p) => diag("REG041", { detail: { zh: p.zh, en: p.en } }, { file, range: { line: p.line, column: 1 } })));
  }
  return new DepartmentTable(entries);
}

/** The targets YAML given with --targets, checked. */
export async function loadTargets(file: string | undefined): Promise<{ file: string; targets: Targets } | undefined> {
  if (file === undefined) return undefined;
  const { readUserFile } = await import("./text.js");
  const { parseYamlBytes } = await import("./yaml.js");
  const buf = await readUserFile(file);
  const loaded = parseYamlBytes(buf, file);
  if (loaded.value === undefined || loaded.diagnostics.some((d) => d.severity === "error")) {
    throw new InputError(loaded.diagnostics.length ? loaded.diagnostics : [diag("REG040", { detail: { zh: "文件为空", en: "the file is empty" } }, { file })]);
  }
  const { targets, problems } = parseTargets(loaded.value, loaded.numText);
  if (!targets) {
    throw new InputError(
      problems.map((p) => {
        const range = loaded.locate(p.path);
        return diag("REG040", { detail: { zh: p.zh, en: p.en } }, range ? { file, range, path: p.path } : { file, path: p.path });
      }),
    );
  }
  return { file, targets };
}
