import { existsSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { diag, sortDiagnostics } from "../diagnostics.js";
import type { Tier } from "../core/standard/model.js";
import { getLang, t } from "../i18n.js";
import { writeFileAtomic } from "../io/atomic.js";
import { displayPath } from "../io/display.js";
import { PACKAGE_ROOT } from "../io/schema.js";
import { tableKind } from "../io/import-table.js";
import { exitCode } from "../flows/outcome.js";
import { importStandard } from "../flows/import.js";
import { importSummary, unparsedCsv } from "../render/import/report.js";
import { importedStandardYaml } from "../render/import/standard-yaml.js";
import { printDiagnostics, usageError } from "./output.js";

export interface ImportOptions {
  output?: string;
  force?: boolean;
  id?: string;
  title?: string;
  tier: Tier;
  sectors?: string;
  table?: string;
  sheet?: string;
  report?: string;
}

/** An id from a file name: lower-case letters, digits, '.' and '-' only. */
function idFrom(file: string): string {
  const s = basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .replace(/-{2,}/g, "-");
  return s || "imported";
}

export async function run(file: string, opts: ImportOptions): Promise<number> {
  const lang = getLang();
  const id = opts.id ?? idFrom(opts.output ?? file);
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id))
    throw usageError(t(`--id “${id}” 只能含小写字母、数字、'.'、'-'`, `--id '${id}' may hold only lower-case letters, digits, '.' and '-'`));
  let table: number | undefined;
  if (opts.table !== undefined) {
    if (!/^[1-9]\d*$/.test(opts.table)) throw usageError(t(`--table 须为正整数：${opts.table}`, `--table must be a positive integer: ${opts.table}`));
    if (tableKind(file) !== "docx") throw usageError(t("--table 只用于 Word 文档（.docx）", "--table is for Word documents (.docx) only"));
    table = Number(opts.table);
  }
  if (opts.sheet !== undefined && tableKind(file) !== "xlsx")
    throw usageError(t("--sheet 只用于 Excel 工作簿（.xlsx）", "--sheet is for Excel workbooks (.xlsx) only"));
  const out = opts.output === undefined ? undefined : resolve(opts.output);
  // The imported standard is where the author goes on working: never written over without --force.
  if (out && existsSync(out) && !opts.force) {
    printDiagnostics([diag("STD008", { file: displayPath(out) }, { file: displayPath(out) })]);
    return exitCode("cannot-run");
  }
  const shown = displayPath(resolve(file));
  const title = opts.title ?? basename(file, extname(file));
  const readOpts = { shown, fallbackTitle: title, ...(table === undefined ? {} : { table }), ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) };
  const { value, diagnostics, outcome } = await importStandard(resolve(file), readOpts);
  printDiagnostics(sortDiagnostics([...diagnostics]));
  if (!value) return exitCode(outcome);

  const sectors = (opts.sectors ?? "*")
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s);
  const schema = out
    ? relative(dirname(out), join(PACKAGE_ROOT, "schema", "standard.schema.json"))
        .split("\\")
        .join("/")
    : undefined;
  const yaml = importedStandardYaml(
    value.table,
    { id, title, tier: opts.tier, sectors: sectors.length ? sectors : ["*"], source: shown, ...(schema ? { schema } : {}) },
    lang,
  );
  if (out) await writeFileAtomic(out, yaml);
  else process.stdout.write(yaml);
  if (opts.report) await writeFileAtomic(resolve(opts.report), unparsedCsv(value.table, lang));
  // With the standard on stdout, the summary goes to stderr so that the YAML can be piped.
  const summary = importSummary(value.table, out ? displayPath(out) : undefined, lang);
  (out ? process.stdout : process.stderr).write(summary);
  return exitCode(outcome);
}
