import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importStandard } from "../../src/flows/import.js";
import { compileStandard, lintPaths } from "../../src/flows/standard.js";
import { importedStandardYaml } from "../../src/render/import/standard-yaml.js";
import type { Element, Item, Standard } from "../../src/core/standard/model.js";
import { clauseFor, standardTable, tableCsv, tableDocx, tableXlsx } from "../helpers/export-table.js";
import { ROOT } from "../helpers/paths.js";

/** Every shipped standard, whatever standards/ holds when the test runs, and the example with A/B veto items (zeroes). */
const SHIPPED = [
  ...readdirSync(join(ROOT, "standards"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join("standards", f)),
  join("examples", "standards", "hg-excerpt.yaml"),
];

function items(els: readonly Element[]): Item[] {
  return els.flatMap((e) => [...e.items, ...items(e.elements)]);
}

/** What a table can carry: the tree, contents, points, method and every deduction. */
function tableContents(std: Standard, texts: "original" | "as-exported") {
  const tree = (e: Element): unknown => ({ id: e.id, title: e.title, items: e.items.map((i) => i.id), elements: e.elements.map(tree) });
  return {
    total: std.total.toString(),
    tree: std.elements.map(tree),
    items: items(std.elements).map((i) => ({
      id: i.id,
      title: i.title,
      points: i.points.toString(),
      method: i.method,
      veto: i.veto,
      exhausted_penalty: i.exhausted_penalty?.toString(),
      deductions: i.deductions.map((d) => ({
        id: d.id,
        text: texts === "original" ? clauseFor(d, i, enclosing(std, i.id)) : d.text,
        points: d.points.toString(),
        max: d.max?.toString(),
        element_points: d.element_points?.toString(),
        zeroes: d.zeroes,
      })),
    })),
  };
}

/** The category and project ids around a content, for the exporter's zeroing check. */
function enclosing(std: Standard, id: string): { category: string; project?: string } {
  for (const c of std.elements) {
    if (c.items.some((i) => i.id === id)) return { category: c.id };
    for (const p of c.elements) if (p.items.some((i) => i.id === id)) return { category: c.id, project: p.id };
  }
  return { category: "" };
}

const dir = mkdtempSync(join(tmpdir(), "stdz-import-rt-"));

describe.each(SHIPPED)("round trip of %s through a published table", (name) => {
  for (const format of ["docx", "xlsx", "csv"] as const) {
    it(format, async () => {
      const { value: original } = await compileStandard(join(ROOT, name), []);
      expect(original, name).toBeDefined();
      const rows = standardTable(original!);
      const bytes = format === "docx" ? await tableDocx(rows) : format === "xlsx" ? await tableXlsx(rows) : tableCsv(rows, "gbk");
      const tableFile = join(dir, `${name.replace(/[\\/]/g, "-")}.${format}`);
      writeFileSync(tableFile, bytes);
      const imported = await importStandard(tableFile, { shown: tableFile, fallbackTitle: name });
      expect(imported.diagnostics.map((d) => d.code)).toEqual([]);
      expect(imported.outcome).toBe("ok");
      const yamlFile = join(dir, `${name.replace(/[\\/]/g, "-")}.${format}.yaml`);
      const yaml = importedStandardYaml(
        imported.value!.table,
        { id: `rt-${format}-${original!.id}`, title: original!.title, tier: original!.tier, sectors: ["*"], source: tableFile },
        "zh",
      );
      writeFileSync(yamlFile, yaml);
      // Lint-clean as written, and the same contents, points and deductions as the standard exported.
      const lint = await lintPaths([yamlFile], []);
      expect(lint.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.code} ${JSON.stringify(d.args)}`)).toEqual([]);
      const { value: back } = await compileStandard(yamlFile, []);
      expect(tableContents(back!, "as-exported")).toEqual(tableContents(original!, "original"));
      // The exporter adds figures only where the text does not state them (a cap the published
      // text leaves to the table, 「追加扣分」 without its number): every other clause goes out as written.
      const stated = items(original!.elements).flatMap((i) =>
        i.deductions.filter((d) => !d.max && !d.element_points).map((d) => [clauseFor(d, i, enclosing(original!, i.id)), d.text]),
      );
      for (const [exported, text] of stated) expect(exported).toBe(text);
    });
  }
});
