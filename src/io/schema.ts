import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { Code } from "../codes/index.js";
import { text, type Text } from "../core/lib/text.js";
import type { LoadedYaml } from "./yaml.js";
import { didYouMean } from "../core/lib/suggest.js";

/** Package root: src/io and dist/io both sit two levels below it. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const cache = new Map<string, Validator>();

/**
 * In the bundle, the precompiled validators are bundled in too (scripts/build.mjs injects
 * this), so they load through the code cache like the rest of the CLI.
 */
declare const __STDZ_VALIDATORS__: Record<string, () => Validator & { default?: Validator }> | undefined;

/**
 * The validator for schema/<name>.schema.json: precompiled at build time (dist/validators),
 * compiled on the fly only when running from source without a build.
 */
export function validator(name: string): Validator {
  const hit = cache.get(name);
  if (hit) return hit;
  const bundled = typeof __STDZ_VALIDATORS__ !== "undefined" ? __STDZ_VALIDATORS__[name] : undefined;
  if (bundled) {
    const mod = bundled();
    const v = mod.default ?? mod;
    cache.set(name, v);
    return v;
  }
  const require = createRequire(import.meta.url);
  const pre = join(PACKAGE_ROOT, "dist", "validators", `${name}.cjs`);
  let v: Validator;
  if (existsSync(pre)) {
    const mod = require(pre) as Validator & { default?: Validator };
    v = mod.default ?? mod;
  } else {
    const Ajv2020 = require("ajv/dist/2020.js") as { default: new (o: object) => { compile(s: unknown): Validator } };
    const schema: unknown = JSON.parse(readFileSync(join(PACKAGE_ROOT, "schema", `${name}.schema.json`), "utf8"));
    v = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  }
  cache.set(name, v);
  return v;
}

function describePath(ptr: string): Text {
  const dotted = ptr.slice(1).replace(/\//g, ".");
  return ptr === "" ? text("文档顶层", "top level") : text(dotted, dotted);
}

/** Value of a JSON pointer in plain data. */
export function valueAt(data: unknown, ptr: string): unknown {
  if (ptr === "") return data;
  let cur: unknown = data;
  for (const raw of ptr.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The schema each code reports on, for naming the keys a misspelt one may have meant. */
const SCHEMA_OF_CODE: Partial<Record<Code, string>> = { BUN001: "bundle", STD001: "standard", STD004: "compiled" };
const schemaJson = new Map<string, unknown>();

/** The keys the schema allows at a data location (read only on the unknown-key error path). */
function allowedKeys(name: string | undefined, instancePath: string): string[] {
  if (!name) return [];
  let root = schemaJson.get(name);
  if (root === undefined) {
    try {
      root = JSON.parse(readFileSync(join(PACKAGE_ROOT, "schema", `${name}.schema.json`), "utf8")) as unknown;
    } catch {
      root = null;
    }
    schemaJson.set(name, root);
  }
  const obj = (x: unknown): Record<string, unknown> | undefined =>
    x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
  // Local $refs only ("#/$defs/x"), as the shipped schemas use.
  const deref = (x: unknown): Record<string, unknown> | undefined => {
    let node = obj(x);
    for (let i = 0; node && typeof node.$ref === "string" && node.$ref.startsWith("#/") && i < 8; i++) {
      let t: unknown = root;
      for (const seg of node.$ref.slice(2).split("/")) t = obj(t)?.[seg];
      node = obj(t);
    }
    return node;
  };
  let node = deref(root);
  for (const raw of instancePath.split("/").slice(1)) {
    if (!node) return [];
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = /^\d+$/.test(seg) && node.items !== undefined ? deref(node.items) : deref(obj(node.properties)?.[seg]);
  }
  const props = obj(node?.properties);
  return props ? Object.keys(props) : [];
}

/** A rule that wants a schema error reported under its own code returns the message arguments. */
export type SchemaClaim = (
  e: AjvError & { detail: Text; value: unknown; lookup(ptr: string): unknown },
) => { code: Code; args: Record<string, unknown> } | undefined;

/** Readable messages for Ajv errors, positioned on the offending YAML node. */
export function schemaDiagnostics(
  errors: readonly AjvError[],
  loaded: Pick<LoadedYaml, "file" | "locate"> & { value?: unknown },
  code: Code = "STD001",
  claim?: SchemaClaim,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // Branch noise from if/then, anyOf and oneOf says nothing the specific errors do not.
  const useful = errors.filter(
    (e) =>
      e.keyword !== "if" &&
      !(e.keyword === "anyOf" && errors.some((o) => o !== e && o.instancePath === e.instancePath)) &&
      // Under anyOf, the branch of the wrong type says nothing when the other branch has a specific error.
      !(
        e.keyword === "type" &&
        errors.some((o) => o.keyword === "anyOf" && o.instancePath === e.instancePath) &&
        errors.some((o) => o.keyword !== "type" && o.keyword !== "anyOf" && o.instancePath.startsWith(e.instancePath))
      ),
  );
  for (const e of useful) {
    let ptr = e.instancePath;
    let range = loaded.locate(ptr);
    const where = describePath(ptr);
    let detail: Text;
    const p = e.params;
    switch (e.keyword) {
      case "required":
        detail = text(`${where.zh}：缺少必填字段 “${String(p.missingProperty)}”`, `${where.en}: missing required field '${String(p.missingProperty)}'`);
        break;
      case "additionalProperties": {
        const key = String(p.additionalProperty);
        ptr = `${ptr}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        range = loaded.locate(ptr, "key");
        const near = didYouMean(key, allowedKeys(SCHEMA_OF_CODE[code], e.instancePath));
        detail = text(
          `${where.zh}：未知字段 “${key}”${near ? `（是否想用 “${near}”？）` : ""}`,
          `${where.en}: unknown field '${key}'${near ? ` (did you mean '${near}'?)` : ""}`,
        );
        break;
      }
      case "type":
        detail = text(`${where.zh}：类型应为 ${String(p.type)}`, `${where.en}: must be of type ${String(p.type)}`);
        break;
      case "enum":
        detail = text(
          `${where.zh}：应为以下之一：${(p.allowedValues as unknown[]).join("、")}`,
          `${where.en}: must be one of ${(p.allowedValues as unknown[]).join(", ")}`,
        );
        break;
      case "const":
        detail = text(`${where.zh}：应为 ${JSON.stringify(p.allowedValue)}`, `${where.en}: must be ${JSON.stringify(p.allowedValue)}`);
        break;
      case "pattern":
        detail =
          ptr === "/id"
            ? text(
                `标准编号只能含小写字母、数字、'.'、'-'，且以字母或数字开头`,
                `the standard id may hold only lower-case letters, digits, '.' and '-', starting with a letter or digit`,
              )
            : text(`${where.zh}：格式不符（${String(p.pattern)}）`, `${where.en}: does not match ${String(p.pattern)}`);
        break;
      case "minimum":
      case "exclusiveMinimum":
      case "maximum":
      case "exclusiveMaximum": {
        const op = { minimum: "≥", exclusiveMinimum: ">", maximum: "≤", exclusiveMaximum: "<" }[e.keyword];
        detail = text(`${where.zh}：应 ${op} ${String(p.limit)}`, `${where.en}: must be ${op} ${String(p.limit)}`);
        break;
      }
      case "minItems":
        detail = text(`${where.zh}：至少需要 ${String(p.limit)} 项`, `${where.en}: needs at least ${String(p.limit)} entries`);
        break;
      case "minProperties":
        detail = text(`${where.zh}：不能为空`, `${where.en}: must not be empty`);
        break;
      case "oneOf":
        detail = text(
          `${where.zh}：element、item、prerequisite、profile 必须且只能给出一个`,
          `${where.en}: give exactly one of element, item, prerequisite and profile`,
        );
        break;
      case "anyOf":
        detail = text(`${where.zh}：取值无效`, `${where.en}: invalid value`);
        break;
      default:
        detail = text(`${where.zh}: ${e.message ?? e.keyword}`, `${where.en}: ${e.message ?? e.keyword}`);
    }
    const key = `${ptr}|${detail.zh}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = range ? { file: loaded.file, range, path: ptr } : { file: loaded.file, path: ptr };
    const claimed = claim?.({ ...e, detail, value: valueAt(loaded.value, e.instancePath), lookup: (p) => valueAt(loaded.value, p) });
    out.push(claimed ? diag(claimed.code, claimed.args, at) : diag(code, { detail }, at));
  }
  return out;
}
