// How far a bundle has been filled in: the contents that need a finding (their condition holds)
// and those given a status, overall and by first-level element. A freshly scaffolded bundle is
// mostly blank; this is what a person wants to see instead of one error per blank content.
import type { Finding } from "./bundle.js";
import { allItems, type Item, type Standard } from "../standard/model.js";

export interface FillProgress {
  filled: number;
  total: number;
  elements: { id: string; title: string; filled: number; total: number }[];
  /** Ids of the contents still without a status, in the standard's order. */
  missing: string[];
}

export function fillProgress(std: Pick<Standard, "elements">, findings: readonly Finding[], applies: (item: Item) => boolean): FillProgress {
  const given = new Set(findings.filter((f) => f.status !== undefined).map((f) => f.item));
  const elements = new Map<string, { id: string; title: string; filled: number; total: number }>();
  const missing: string[] = [];
  let filled = 0;
  let total = 0;
  for (const { item, top } of allItems(std)) {
    if (!applies(item)) continue;
    let el = elements.get(top.id);
    if (!el) elements.set(top.id, (el = { id: top.id, title: top.title, filled: 0, total: 0 }));
    el.total++;
    total++;
    if (given.has(item.id)) {
      el.filled++;
      filled++;
    } else missing.push(item.id);
  }
  return { filled, total, elements: [...elements.values()], missing };
}
