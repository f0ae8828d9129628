import { createRequire } from "node:module";
import { MAX_NESTING, tooDeep } from "../core/lib/nesting.js";
import type { Document, Node } from "yaml";
import { diag, type Diagnostic, type Range } from "../diagnostics.js";
import { decodeUtf8 } from "./text.js";
import { parseFast } from "./yaml-fast.js";

type YamlLib = typeof import("yaml");
let yamlLib: YamlLib | undefined;
/** The general YAML library, loaded only when the fast reader declines a file (it is slow to load). */
function lib(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)("yaml") as YamlLib);
}

/** Node and key ranges by JSON pointer (as in Ajv's instancePath), as a loader records them. */
export interface Positions {
  /** Pointer → range of the value node. */
  node: ReadonlyMap<string, Range>;
  /** Pointer → range of the key of a mapping entry. */
  key: ReadonlyMap<string, Range>;
}

/** Whether a pointer is best shown at its mapping key (a list, a mapping) or at its value (a scalar). */
export type Prefer = "key" | "value";

/**
 * One source document: the data and where each part of it is written. Positions are built on
 * the first `locate` (a clean lint never asks, and the fast reader then never records them).
 */
export interface SourceDocument {
  /** Plain JSON-like data; undefined when the file could not be read as YAML. */
  value: unknown;
  /**
   * Where `ptr` is written. The one fallback rule: with prefer "key", the key of the entry at
   * `ptr` if it has one; otherwise the value node at `ptr` or, when there is none (a pointer
   * into data that is missing), at its nearest ancestor that exists. Undefined only when the
   * document has no positions at all.
   */
  locate(ptr: string, prefer?: Prefer): Range | undefined;
}

/** A YAML file read into plain data, as one source document. */
export interface LoadedYaml extends SourceDocument {
  file: string;
  text: string;
  /** Every recorded range (for tests comparing the two loaders; diagnostics use `locate`). */
  positions(): Positions;
  /**
   * JSON pointer → source text of each numeric scalar that does not print back as written
   * ("0.10", "1e2", digits beyond a double), so decimals are read exactly. A number missing
   * here reads exactly from String(value).
   */
  numText: Map<string, string>;
  /** Line → codes silenced there by `# stdz-disable-next-line CODE -- reason` on the line above. */
  suppressions: Map<number, Suppression>;
  diagnostics: Diagnostic[];
}

export interface Suppression {
  codes: string[];
  reason?: string;
  /** Line of the comment itself. */
  line: number;
}

/** Past this many nodes reached through aliases the file is refused (billion-laughs defence). */
export const MAX_ALIAS_NODES = 10_000;
const MAX_DEPTH = 200;

export function pointerEscape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(parent: string, key: string | number): string {
  return `${parent}/${typeof key === "number" ? key : pointerEscape(key)}`;
}

const NO_POSITIONS: Positions = { node: new Map(), key: new Map() };

/** A source document whose positions come from `load`, called at most once and only when first needed. */
function sourceDocument(fields: Omit<LoadedYaml, "locate" | "positions">, load: () => Positions): LoadedYaml {
  let positions: Positions | undefined;
  const get = (): Positions => (positions ??= load());
  return Object.assign(fields, {
    positions: get,
    locate(ptr: string, prefer: Prefer = "value"): Range | undefined {
      const p = get();
      if (prefer === "key") {
        const k = p.key.get(ptr);
        if (k) return k;
      }
      for (let q = ptr; ; q = q.slice(0, Math.max(0, q.lastIndexOf("/")))) {
        const r = p.node.get(q);
        if (r) return r;
        if (q === "") return undefined;
      }
    },
  });
}

class AliasBomb extends Error {}

const SUPPRESS = /#\s*stdz-disable-next-line\s+([A-Za-z0-9_,\s]+?)(?:\s+--\s*(.*?))?\s*$/;

function scanSuppressions(text: string): Map<number, Suppression> {
  const out = new Map<number, Suppression>();
  if (!text.includes("stdz-disable-next-line")) return out;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = SUPPRESS.exec(lines[i]!);
    if (!m) continue;
    const codes = m[1]!.split(/[\s,]+/).filter(Boolean);
    // The node is on the next line that holds something other than a comment.
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j]!)) j++;
    const s: Suppression = { codes, line: i + 1 };
    if (m[2]) s.reason = m[2];
    out.set(j + 1, s);
  }
  return out;
}

/** The mapping key written at `offset` (the yaml library reports duplicate keys by position only). */
function keyAt(text: string, offset: number): string {
  const end = text.indexOf("\n", offset);
  const rest = text.slice(offset, end < 0 ? undefined : end);
  const m = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'|^([^:#,{}[\]]*?)\s*:(?:\s|$)/.exec(rest);
  return (m?.[1] ?? m?.[2]?.replace(/''/g, "'") ?? m?.[3] ?? rest.split(":")[0] ?? "").trim();
}

/** Parse YAML text. Never throws for bad input: problems come back as diagnostics. */
export function parseYaml(text: string, file: string, opts: { fast?: boolean } = {}): LoadedYaml {
  // The fast reader bails out of deep nesting itself (yaml-fast.ts MAX_DEPTH), well within the limit checked below.
  if (opts.fast !== false && text.trim() !== "") {
    const f = parseFast(text);
    if (f) return sourceDocument({ file, text, value: f.value, numText: f.numText, suppressions: scanSuppressions(text), diagnostics: [] }, f.positions);
  }
  const deep = tooDeep(text);
  if (deep) {
    return sourceDocument(
      {
        file,
        text,
        value: undefined,
        numText: new Map(),
        suppressions: new Map(),
        diagnostics: [diag("YML010", { limit: MAX_NESTING, line: deep.line }, { file, range: { line: deep.line, column: 1 } })],
      },
      () => ({ node: new Map(), key: new Map() }),
    );
  }
  const { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = lib();
  const lc = new LineCounter();
  // The general loader records positions as it walks (it is the slow path anyway).
  const pos = new Map<string, Range>();
  const keyPos = new Map<string, Range>();
  const out = sourceDocument({ file, text, value: undefined, numText: new Map(), suppressions: scanSuppressions(text), diagnostics: [] }, () => ({
    node: pos,
    key: keyPos,
  }));
  const toRange = (start: number, end: number): Range => {
    const a = lc.linePos(start);
    const b = lc.linePos(end);
    return { line: a.line, column: a.col, end_line: b.line, end_column: b.col };
  };

  if (text.trim() === "") {
    out.diagnostics.push(diag("YML006", {}, { file, range: { line: 1, column: 1 } }));
    return out;
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, version: "1.2" });
  } catch (e) {
    out.diagnostics.push(diag("YML001", { detail: (e as Error).message }, { file, range: { line: 1, column: 1 } }));
    return out;
  }

  if (doc.errors.length > 0) {
    let docIndex = 1;
    for (const err of doc.errors) {
      const range = toRange(err.pos[0], err.pos[1]);
      const detail = err.message.split("\n")[0] ?? err.message;
      if (err.code === "DUPLICATE_KEY") {
        out.diagnostics.push(diag("YML002", { key: keyAt(text, err.pos[0]) }, { file, range }));
      } else if (err.code === "TAB_AS_INDENT") {
        out.diagnostics.push(diag("YML003", {}, { file, range }));
      } else if (err.code === "MULTIPLE_DOCS") {
        out.diagnostics.push(diag("YML008", { n: ++docIndex }, { file, range }));
      } else {
        out.diagnostics.push(diag("YML001", { detail }, { file, range }));
      }
    }
    return out;
  }

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    out.diagnostics.push(diag("YML006", {}, { file, range: { line: 1, column: 1 } }));
    return out;
  }

  let aliasNodes = 0;
  const walk = (node: Node | null, ptr: string, viaAlias: boolean, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new AliasBomb();
    if (node === null) return null;
    if (viaAlias && ++aliasNodes > MAX_ALIAS_NODES) throw new AliasBomb();
    if (!viaAlias && node.range) pos.set(ptr, toRange(node.range[0], node.range[1]));
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return null;
      return walk(target as Node, ptr, true, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === "number" && node.range && !viaAlias) {
        const src = text.slice(node.range[0], node.range[1]);
        if (String(v) !== src) out.numText.set(ptr, src);
      }
      if (typeof v === "bigint") return Number(v);
      return v;
    }
    if ((isMap(node) || isSeq(node)) && !node.flow && !viaAlias && node.range) {
      // A block collection ends where its last entry ends: trailing comments are not part of it
      // (the library's own end varies with how it attaches them).
      const r = pos.get(ptr)!;
      const value = walkCollection(node, ptr, viaAlias, depth);
      const last = node.items.length ? lastPointer(node, ptr) : undefined;
      const end = last !== undefined ? pos.get(last) : undefined;
      if (end) pos.set(ptr, { line: r.line, column: r.column, end_line: end.end_line!, end_column: end.end_column! });
      return value;
    }
    return walkCollection(node, ptr, viaAlias, depth);
  };
  const lastPointer = (node: Node, ptr: string): string | undefined => {
    if (isSeq(node)) return pointer(ptr, node.items.length - 1);
    if (isMap(node)) {
      const pair = node.items[node.items.length - 1];
      const k = isPair(pair) ? (pair.key as Node | null) : null;
      if (isScalar(k) && (typeof k.value === "string" || typeof k.value === "number" || typeof k.value === "boolean")) return pointer(ptr, String(k.value));
    }
    return undefined;
  };
  const walkCollection = (node: Node, ptr: string, viaAlias: boolean, depth: number): unknown => {
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        let key: string;
        if (isScalar(k) && (typeof k.value === "string" || typeof k.value === "number" || typeof k.value === "boolean")) {
          key = String(k.value);
        } else if (k === null) {
          key = "";
        } else {
          const r = k.range ? toRange(k.range[0], k.range[1]) : undefined;
          out.diagnostics.push(diag("YML009", {}, r ? { file, range: r } : { file }));
          continue;
        }
        const childPtr = pointer(ptr, key);
        if (!viaAlias && k && k.range) keyPos.set(childPtr, toRange(k.range[0], k.range[1]));
        // defineProperty keeps a key such as "__proto__" as plain data.
        Object.defineProperty(obj, key, {
          value: walk(pair.value as Node | null, childPtr, viaAlias, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => walk(item as Node | null, pointer(ptr, i), viaAlias, depth + 1));
    }
    return null;
  };

  try {
    out.value = walk(root, "", false, 0);
  } catch (e) {
    if (e instanceof AliasBomb) {
      out.diagnostics.push(diag("YML004", { limit: MAX_ALIAS_NODES }, { file, range: { line: 1, column: 1 } }));
      out.value = undefined;
      return out;
    }
    throw e;
  }

  if (out.value === null || typeof out.value !== "object" || Array.isArray(out.value)) {
    const actual = Array.isArray(out.value) ? "list" : typeof out.value;
    out.diagnostics.push(diag("YML007", { actual }, { file, range: pos.get("") ?? { line: 1, column: 1 } }));
    out.value = undefined;
  }
  return out;
}

/** Decode bytes as strict UTF-8 and parse. */
export function parseYamlBytes(buf: Uint8Array, file: string): LoadedYaml {
  const { text, diagnostic } = decodeUtf8(buf, file);
  if (text === undefined) {
    return sourceDocument(
      { file, text: "", value: undefined, numText: new Map(), suppressions: new Map(), diagnostics: diagnostic ? [diagnostic] : [] },
      () => NO_POSITIONS,
    );
  }
  return parseYaml(text, file);
}
