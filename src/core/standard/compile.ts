import type { Diagnostic } from "../../diagnostics.js";
import { hasErrors } from "../../diagnostics.js";
import { canonicalJson } from "../lib/canonical.js";
import { compiledToJson } from "./compiled.js";
import { runRules } from "./lint/engine.js";
import type { ChainProblem, Locate, PatchProblem, SectorTable, SourceDoc } from "./lint/types.js";
import type { CompiledStandard, Element, Item, Standard } from "./model.js";
import { Rational } from "../lib/rational.js";
import { DEFAULT_SCORING, type PatchOp, type SetFields, type StandardDoc } from "./standard.js";

/** Fields a `set` patch may change, by node kind. */
export const ITEM_SET_FIELDS = ["title", "points", "method", "evidence", "deductions", "exhausted_penalty", "veto", "applies_when", "na", "caps"] as const;
export const ELEMENT_SET_FIELDS = ["title", "weight", "weight_cases", "aggregate"] as const;
export const PREREQUISITE_SET_FIELDS = ["text", "blocks", "deduct_total_rate"] as const;

/** Top-level keys a standard that extends another may state; each replaces the base's. */
const RESTATED = ["region", "sectors", "version", "effective", "total", "scoring", "grading", "elements", "profile", "prerequisites"] as const;

export interface Resolution {
  /** The merged standard; undefined when the root of the chain is incomplete. */
  std?: Standard;
  patchProblems: PatchProblem[];
  /** Positions of merged nodes, mapped back to the file and patch that last shaped them. */
  locate: Locate;
}

type Located = { node: Element | Item; kind: "element" | "item"; parent?: Element; list: (Element | Item)[] };

const noLocate: Locate = () => ({});

/**
 * Resolve an `extends` chain (root base first): restate top-level keys, apply each file's
 * patches in order, and record on every element and content which standard introduced or
 * last changed it. Adding or removing a child counts as a change of its parent element.
 * Pure: nothing is read or printed, and the input documents are not modified.
 */
export function resolveChain(docs: readonly StandardDoc[], locate: Locate = noLocate, opts: { provenance?: boolean } = {}): Resolution {
  // A lone standard without patches needs no copy when nobody asks for provenance (lint).
  const share = opts.provenance === false && docs.length === 1 && docs[0]!.patch.length === 0;
  const origin = new WeakMap<object, object>();
  const setBy = new WeakMap<object, Map<string, object>>();
  const statedBy = new Map<string, StandardDoc>();
  const patchProblems: PatchProblem[] = [];
  const root = docs[0];
  const top = docs[docs.length - 1];

  const cloneItem = (it: Item, by: string): Item => {
    const c: Item = { ...it, provenance: { introduced_by: by } };
    origin.set(c, origin.get(it) ?? it);
    return c;
  };
  const cloneElement = (el: Element, by: string): Element => {
    const c: Element = {
      ...el,
      elements: el.elements.map((e) => cloneElement(e, by)),
      items: el.items.map((i) => cloneItem(i, by)),
      provenance: { introduced_by: by },
    };
    origin.set(c, origin.get(el) ?? el);
    return c;
  };

  // eslint-disable-next-line prefer-const -- the locator below needs the name before the standard exists
  let std: Standard | undefined;
  const wrapped: Locate = (node, field) => {
    if (std !== undefined && node === std) {
      const d = field !== undefined ? statedBy.get(field.split("/")[0]!) : undefined;
      return d ? locate(d, field) : locate(top ?? node);
    }
    if (field !== undefined) {
      const f = setBy.get(node)?.get(field);
      if (f) return locate(f, field);
    }
    return locate(origin.get(node) ?? node, field);
  };

  if (!root || root.total === undefined || root.grading === undefined || root.elements === undefined || !top) {
    return { patchProblems, locate: wrapped };
  }

  const s: Standard = {
    stdz: 1,
    id: top.id,
    title: top.title,
    tier: top.tier,
    region: "全国",
    sectors: ["*"],
    total: root.total,
    scoring: DEFAULT_SCORING,
    grading: root.grading,
    elements: [],
  };
  std = s;

  for (const doc of docs) {
    for (const key of RESTATED) {
      const v = doc[key];
      if (v === undefined) continue;
      statedBy.set(key, doc);
      if (key === "elements") s.elements = share ? (v as Element[]) : (v as Element[]).map((e) => cloneElement(e, doc.id));
      else (s as unknown as Record<string, unknown>)[key] = v;
    }
    for (const op of doc.patch) applyPatch(s, doc, op);
  }
  if (top.version === undefined) delete s.version;
  if (top.effective === undefined) delete s.effective;
  return { std, patchProblems, locate: wrapped };

  function index(): Map<string, Located> {
    const out = new Map<string, Located>();
    const walk = (list: Element[], parent?: Element) => {
      for (const el of list) {
        if (!out.has(el.id)) out.set(el.id, parent ? { node: el, kind: "element", parent, list } : { node: el, kind: "element", list });
        for (const it of el.items) if (!out.has(it.id)) out.set(it.id, { node: it, kind: "item", parent: el, list: el.items });
        walk(el.elements, el);
      }
    };
    walk(s.elements);
    return out;
  }

  function setPrerequisite(std: Standard, index: number, doc: StandardDoc, op: Extract<PatchOp, { op: "set" }>): void {
    const list = std.prerequisites ?? [];
    const current = list[index];
    if (current === undefined) return;
    const next = { ...current };
    for (const [k, v] of Object.entries(op.fields)) {
      if (v === undefined) continue;
      if (k === "text" && typeof v === "string") next.text = v;
      else if (k === "blocks" && (v === "all" || Array.isArray(v))) next.blocks = v;
      else if (k === "deduct_total_rate" && v instanceof Rational) next.deduct_total_rate = v;
      else {
        patchProblems.push({
          kind: "mismatch",
          doc,
          op,
          field: `fields/${k}`,
          zh: `“${op.id}” 是基本条件，不能设置 ${k}（可设置：${PREREQUISITE_SET_FIELDS.join("、")}）`,
          en: `'${op.id}' is a prerequisite and has no '${k}' (settable: ${PREREQUISITE_SET_FIELDS.join(", ")})`,
        });
      }
    }
    std.prerequisites = list.map((p, i) => (i === index ? next : p));
  }

  function changed(node: Element | Item, by: string): void {
    node.provenance = { introduced_by: node.provenance?.introduced_by ?? by, changed_by: by };
  }

  function applyPatch(std: Standard, doc: StandardDoc, op: PatchOp): void {
    const ids = index();
    if (op.op === "remove") {
      const hit = ids.get(op.id);
      const pi = hit ? -1 : (std.prerequisites ?? []).findIndex((p) => p.id === op.id);
      if (pi >= 0) {
        // Prerequisites (DESIGN.md extension 1) are patched by id like contents; copied, never changed in place.
        std.prerequisites = (std.prerequisites ?? []).filter((_, i) => i !== pi);
        return;
      }
      if (!hit) return void patchProblems.push({ kind: "missing", doc, op, role: "id", ref: op.id });
      hit.list.splice(hit.list.indexOf(hit.node), 1);
      if (hit.parent) changed(hit.parent, doc.id);
      return;
    }
    if (op.op === "set") {
      const hit = ids.get(op.id);
      const pi = hit ? -1 : (std.prerequisites ?? []).findIndex((p) => p.id === op.id);
      if (pi >= 0) return setPrerequisite(std, pi, doc, op);
      if (!hit) return void patchProblems.push({ kind: "missing", doc, op, role: "id", ref: op.id });
      const allowed: readonly string[] = hit.kind === "item" ? ITEM_SET_FIELDS : ELEMENT_SET_FIELDS;
      const fields = op.fields as Record<string, unknown>;
      let any = false;
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        if (!allowed.includes(k)) {
          patchProblems.push({
            kind: "mismatch",
            doc,
            op,
            field: `fields/${k}`,
            zh: `“${op.id}” 是${hit.kind === "item" ? "考评内容" : "要素"}，不能设置 ${k}（可设置：${allowed.join("、")}）`,
            en: `'${op.id}' is ${hit.kind === "item" ? "a content" : "an element"} and has no '${k}' (settable: ${allowed.join(", ")})`,
          });
          continue;
        }
        const target = hit.node as unknown as Record<string, unknown>;
        if (k === "applies_when" && v === null) delete target[k];
        else target[k] = v;
        // A plain weight and a conditional one replace each other.
        if (k === "weight") delete target.weight_cases;
        if (k === "weight_cases") delete target.weight;
        let m = setBy.get(hit.node);
        if (!m) setBy.set(hit.node, (m = new Map()));
        m.set(k, op.fields as SetFields);
        any = true;
      }
      if (any) changed(hit.node, doc.id);
      return;
    }
    // add
    if (op.prerequisite) {
      const list = [...(std.prerequisites ?? [])];
      let at = list.length;
      if (op.after !== undefined) {
        const i = list.findIndex((p) => p.id === op.after);
        if (i < 0) return void patchProblems.push({ kind: "missing", doc, op, role: "after", ref: op.after });
        at = i + 1;
      }
      list.splice(at, 0, op.prerequisite);
      std.prerequisites = list;
      return;
    }
    if (op.profile) {
      std.profile = { ...(std.profile ?? {}), ...op.profile };
      return;
    }
    const adding = op.element ?? op.item;
    if (!adding) return;
    const kind = op.element ? "element" : "item";
    let parent: Element | undefined;
    if (op.parent !== undefined) {
      const hit = ids.get(op.parent);
      if (!hit) return void patchProblems.push({ kind: "missing", doc, op, role: "parent", ref: op.parent });
      if (hit.kind !== "element") {
        return void patchProblems.push({
          kind: "mismatch",
          doc,
          op,
          field: "parent",
          zh: `上级 “${op.parent}” 是考评内容，只能在要素下新增`,
          en: `parent '${op.parent}' is a content; add under an element`,
        });
      }
      parent = hit.node as Element;
    } else if (kind === "item") {
      return void patchProblems.push({
        kind: "mismatch",
        doc,
        op,
        field: "item",
        zh: "新增考评内容必须用 parent 指明所属要素",
        en: "adding a content needs `parent`, the element it belongs to",
      });
    }
    const list: (Element | Item)[] = kind === "item" ? parent!.items : parent ? parent.elements : std.elements;
    let at = list.length;
    if (op.after !== undefined) {
      const i = list.findIndex((n) => n.id === op.after);
      if (i < 0) return void patchProblems.push({ kind: "missing", doc, op, role: "after", ref: op.after });
      at = i + 1;
    }
    const newIds: { id: string; node: object }[] = [];
    const collect = (n: Element | Item, isEl: boolean) => {
      newIds.push({ id: n.id, node: n });
      if (isEl) {
        for (const it of (n as Element).items) newIds.push({ id: it.id, node: it });
        for (const e of (n as Element).elements) collect(e, true);
      }
    };
    collect(adding, kind === "element");
    const clashes = newIds.filter((x) => ids.has(x.id));
    if (clashes.length > 0) {
      for (const c of clashes) patchProblems.push({ kind: "collision", doc, op, id: c.id, node: c.node });
      return;
    }
    const node = kind === "element" ? cloneElement(op.element!, doc.id) : cloneItem(op.item!, doc.id);
    list.splice(at, 0, node);
    if (parent) changed(parent, doc.id);
  }
}

export interface CompileOptions {
  /** Positions of source nodes (from the YAML loader); without it diagnostics carry no position. */
  locate?: Locate;
  /** The chain's files with their number texts, root first (for the decimal-places rule). */
  sources?: readonly SourceDoc[];
  /** Problems the loader met following `extends`. */
  chainProblems?: readonly ChainProblem[];
  sectors?: SectorTable;
  /** Compute the fingerprint (default true; lint skips it). */
  fingerprint?: boolean;
  /** Lower-case hex SHA-256 of a text, for the fingerprint: core does no hashing itself. Without it nothing is fingerprinted (no `standard`). */
  sha256?: (text: string) => string;
}

export interface CompileOutput {
  /** The compiled standard; undefined when there are errors. */
  standard?: CompiledStandard;
  /** The merged standard even when it has errors (for lint and diff). */
  resolved?: Standard;
  diagnostics: Diagnostic[];
  locate: Locate;
}

const EMPTY_SECTORS: SectorTable = { names: new Set(), aliases: new Map() };

/**
 * Compile a chain of standard documents (root base first, the standard to compile last):
 * resolve, run every lint rule on the result, and fingerprint it. Pure.
 */
export function compileChain(docs: readonly StandardDoc[], opts: CompileOptions = {}): CompileOutput {
  const top = docs[docs.length - 1];
  if (!top) return { diagnostics: [], locate: noLocate };
  const res = resolveChain(docs, opts.locate, { provenance: opts.fingerprint !== false });
  const sources = opts.sources ?? docs.map((doc) => ({ doc, numbers: new Map<string, string>(), at: () => ({}) }));
  const diagnostics = runRules({
    doc: top,
    sources,
    ...(res.std ? { std: res.std } : {}),
    chainProblems: opts.chainProblems ?? [],
    patchProblems: res.patchProblems,
    sectors: opts.sectors ?? EMPTY_SECTORS,
    locate: res.locate,
  });
  const out: CompileOutput = { diagnostics, locate: res.locate };
  if (res.std) out.resolved = res.std;
  if (res.std && !hasErrors(diagnostics) && opts.fingerprint !== false && opts.sha256)
    out.standard = fingerprint(res.std, docs.map((d) => d.id).reverse(), opts.sha256);
  return out;
}

/** Attach the chain and the SHA-256 of the canonical JSON (the fingerprint itself left out). */
export function fingerprint(std: Standard, chain: string[], sha256: (text: string) => string): CompiledStandard {
  const c: CompiledStandard = { ...std, chain, fingerprint: "" };
  delete c.extends;
  const json = compiledToJson(c) as Record<string, unknown>;
  delete json.fingerprint;
  c.fingerprint = sha256(canonicalJson(json));
  return c;
}
