import { importTables, type ImportedTable } from "../core/import/table.js";
import { readTables, type TableReadOptions } from "../io/import-table.js";
import type { FlowResult } from "./outcome.js";

export interface ImportFlowOptions extends TableReadOptions {
  /** The file as shown to the user (relative path), for diagnostics. */
  shown: string;
  /** Title of the one element of a table without a category column. */
  fallbackTitle: string;
}

export interface ImportValue {
  table: ImportedTable;
  /** The encoding a CSV was read in. */
  encoding?: string;
}

/**
 * Read a published rubric table and build the standard's tree. An unreadable file throws
 * `InputError`; a table without a header or without contents gives no value (cannot run);
 * sums that disagree are errors in the table (invalid) but the standard is still built.
 */
export async function importStandard(file: string, opts: ImportFlowOptions): Promise<FlowResult<ImportValue | undefined>> {
  const { tables, encoding } = await readTables(file, opts.shown, opts);
  const table = importTables(tables, opts.shown, opts.fallbackTitle);
  const diagnostics = table.diagnostics;
  if (table.items === 0) return { value: undefined, diagnostics, outcome: "cannot-run" };
  const value: ImportValue = encoding === undefined ? { table } : { table, encoding };
  return { value, diagnostics, outcome: diagnostics.some((d) => d.severity === "error") ? "invalid" : "ok" };
}
