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

export function* elements(ctx: LintContext): Generator<ElementVisit> {
  function* rec(list: Element[], depth: number, parent?: Element): Generator<ElementVisit> {
    for (const element of list) {
      yield parent ? { element, parent, depth } : { element, depth };
      yield* rec(element.elements, depth + 1, element);
    }
  }
  yield* rec(roots(ctx), 0);
}

export interface ItemVisit {
  item: Item;
  parent?: Element;
}

export function* items(ctx: LintContext): Generator<ItemVisit> {
  for (const { element } of elements(ctx)) for (const item of element.items) yield { item, parent: element };
  if (!ctx.std) for (const op of ctx.doc.patch) if (op.op === "add" && op.item) yield { item: op.item };
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
