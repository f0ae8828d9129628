import { evaluateCondition, type ConditionProfile } from "../standard/condition.js";
import type { Aggregate, Element, Item, SharedCap } from "../standard/model.js";
import { Rational } from "../lib/rational.js";

/**
 * DESIGN.md extensions 2, 3 and 5: shared caps, zeroing an enclosing element, and how an element
 * combines its children (pool | min | mean | weighted, with weights that may depend on the
 * enterprise). Pure; exact fractions throughout.
 */

/** What a content earned, as the tree needs it. */
export interface LeafScore {
  item: Item;
  applicable: boolean;
  earned: Rational;
}

export interface NodeScore {
  element: Element;
  aggregate: Aggregate;
  /** The weight that applies to this enterprise, when the element has one. */
  weight?: Rational;
  points: Rational;
  applicable: Rational;
  /** Σ of the contents' earnings below (before any 追加扣分). */
  itemsEarned: Rational;
  /** pool: Σ direct contents + Σ children's earned; otherwise rate × applicable. */
  earned: Rational;
  /** Undefined when nothing applies (or the children that apply weigh 0 in total). */
  rate?: Rational;
  children: NodeScore[];
}

/** The weight of an element for this enterprise: a plain weight, or the first matching case. */
export function resolveWeight(el: Element, profile: ConditionProfile): Rational | undefined {
  if (el.weight !== undefined) return el.weight;
  if (el.weight_cases === undefined) return undefined;
  return el.weight_cases.find((c) => c.when === undefined || evaluateCondition(c.when, profile))?.value;
}

/** The loss of an item's deductions: each capped by its own max, then by the shared caps it belongs to. */
export function sharedCapLoss(caps: readonly SharedCap[] | undefined, losses: readonly { id: string; lost: Rational }[]): Rational {
  if (caps === undefined || caps.length === 0) return Rational.sum(losses.map((l) => l.lost));
  let total = Rational.ZERO;
  const inCap = new Set<string>();
  for (const cap of caps) {
    let sum = Rational.ZERO;
    for (const l of losses) {
      if (!cap.deductions.includes(l.id) || inCap.has(l.id)) continue;
      inCap.add(l.id);
      sum = sum.add(l.lost);
    }
    total = total.add(Rational.min(sum, cap.max));
  }
  for (const l of losses) if (!inCap.has(l.id)) total = total.add(l.lost);
  return total;
}

/** Every element's id → the ids of the elements enclosing it (itself included), for `zeroes`. */
export function enclosingIds(elements: readonly Element[]): Map<Item, Set<string>> {
  const out = new Map<Item, Set<string>>();
  const walk = (els: readonly Element[], above: readonly string[]) => {
    for (const el of els) {
      const here = [...above, el.id];
      for (const it of el.items) out.set(it, new Set(here));
      walk(el.elements, here);
    }
  };
  walk(elements, []);
  return out;
}

/** Combine a subtree bottom-up. */
export function scoreNode(el: Element, leaves: ReadonlyMap<Item, LeafScore>, profile: ConditionProfile): NodeScore {
  const children = el.elements.map((c) => scoreNode(c, leaves, profile));
  const aggregate = el.aggregate ?? "pool";
  let points = Rational.ZERO;
  let direct = Rational.ZERO;
  let directEarned = Rational.ZERO;
  let itemsEarned = Rational.ZERO;
  for (const it of el.items) {
    points = points.add(it.points);
    const leaf = leaves.get(it);
    if (!leaf?.applicable) continue;
    direct = direct.add(it.points);
    directEarned = directEarned.add(leaf.earned);
  }
  itemsEarned = itemsEarned.add(directEarned);
  for (const c of children) {
    points = points.add(c.points);
    itemsEarned = itemsEarned.add(c.itemsEarned);
  }
  const node: NodeScore = { element: el, aggregate, points, applicable: Rational.ZERO, itemsEarned, earned: Rational.ZERO, children };
  const w = resolveWeight(el, profile);
  if (w !== undefined) node.weight = w;

  if (aggregate === "pool") {
    node.applicable = Rational.sum([direct, ...children.map((c) => c.applicable)]);
    node.earned = Rational.sum([directEarned, ...children.map((c) => c.earned)]);
    if (!node.applicable.isZero()) node.rate = node.earned.div(node.applicable);
    return node;
  }
  // min | mean | weighted: over the children that have a rate (a non-pool element holds no contents directly: lint).
  type Rated = NodeScore & { rate: Rational; weight: Rational };
  // Unweighted children count with weight 1 (min, mean); under `weighted` only a positive weight counts.
  const counted: Rated[] = children.flatMap((c) => {
    if (c.rate === undefined) return [];
    if (aggregate !== "weighted") return [{ ...c, rate: c.rate, weight: Rational.ONE }];
    return c.weight !== undefined && !c.weight.isZero() ? [{ ...c, rate: c.rate, weight: c.weight }] : [];
  });
  const first = counted[0];
  if (first === undefined) return node;
  let rate: Rational;
  if (aggregate === "min") rate = counted.reduce((m, c) => Rational.min(m, c.rate), first.rate);
  else if (aggregate === "mean") rate = Rational.sum(counted.map((c) => c.rate)).div(Rational.of(counted.length));
  else rate = Rational.sum(counted.map((c) => c.weight.mul(c.rate))).div(Rational.sum(counted.map((c) => c.weight)));
  node.rate = rate;
  node.applicable = Rational.sum(counted.map((c) => c.applicable));
  node.earned = rate.mul(node.applicable);
  return node;
}
