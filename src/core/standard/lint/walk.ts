import type { Element, Item, Level, Scoring } from "../model.js";
import { DEFAULT_SCORING } from "../standard.js";
import type { LintContext } from "./types.js";

/**
 * The element trees the rules check: the merged standard's, or when the chain is broken,
 * the checked file's own elements and the nodes its patches add.
 */
export function roots(ctx: LintContext): Element[] {
  if (ctx.std) return ctx.std.elements;
  const out = [...(ctx.doc.elements ?? [])];
  for (const op of ctx.doc.patch) if (op.op === "add" && op.element) out.push(op.element);
  return out;
}

export interface ElementVisit {
  element: Element;
  parent?: Element;
  depth: number;
}

export interface ItemVisit {
  item: Item;
  parent?: Element;
}

// Rules walk the same tree many times: the lists are built once per context.
const cache = new WeakMap<LintContext, { elements: ElementVisit[]; items: ItemVisit[] }>();

function lists(ctx: LintContext): { elements: ElementVisit[]; items: ItemVisit[] } {
  let hit = cache.get(ctx);
  if (hit) return hit;
  const els: ElementVisit[] = [];
  const its: ItemVisit[] = [];
  const rec = (list: Element[], depth: number, parent?: Element) => {
    for (const element of list) {
      els.push(parent ? { element, parent, depth } : { element, depth });
      for (const item of element.items) its.push({ item, parent: element });
      rec(element.elements, depth + 1, element);
    }
  };
  rec(roots(ctx), 0);
  if (!ctx.std) for (const op of ctx.doc.patch) if (op.op === "add" && op.item) its.push({ item: op.item });
  hit = { elements: els, items: its };
  cache.set(ctx, hit);
  return hit;
}

/** Every element at any depth, depth first (parents before children). */
export function elements(ctx: LintContext): readonly ElementVisit[] {
  return lists(ctx).elements;
}

/** Every content with its element. */
export function items(ctx: LintContext): readonly ItemVisit[] {
  return lists(ctx).items;
}

export function levels(ctx: LintContext): Level[] {
  return (ctx.std?.grading ?? ctx.doc.grading)?.levels ?? [];
}

export function scoring(ctx: LintContext): Scoring {
  return ctx.std?.scoring ?? ctx.doc.scoring ?? DEFAULT_SCORING;
}

/** "12:5" (same file) or "base.yaml:12:5" for a position in messages. */
export function where(ctx: LintContext, node: object, field?: string): string {
  const l = ctx.locate(node, field);
  if (!l.range) return l.file ?? "?";
  const here = ctx.sources[ctx.sources.length - 1]?.file;
  const pos = `${l.range.line}:${l.range.column}`;
  return l.file && l.file !== here ? `${l.file}:${pos}` : pos;
}
