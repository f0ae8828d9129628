import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { text, type Text } from "../core/lib/text.js";
import { MAX_NESTING, tooDeep } from "../core/lib/nesting.js";
import type { Code } from "../codes/index.js";
import { InputError, diag, type Range } from "../diagnostics.js";
import { resultCanonical, SIGNATURE_ALG, type ScoreResult } from "../core/scoring/result.js";
import { validator } from "./schema.js";
import { decodeUtf8, readUserFile } from "./text.js";

export interface ResultFileCodes {
  /** Not JSON at all. */
  parse: Code;
  /** JSON, but not a result (a shape check the caller adds, then schema/result.schema.json). */
  shape: Code;
}

/** Where JSON.parse stopped, from the "position N" in its message. */
function jsonErrorRange(text: string, message: string): Range | undefined {
  const pos = /position (\d+)/.exec(message);
  if (!pos) return undefined;
  const lines = text.slice(0, Number(pos[1])).split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Read a result JSON written by `stdz score --format json`. Anything that is not one is an
 * exit-2 error naming the file, with the caller's codes (each command reports in its own domain).
 */
export async function readResultFile(
  file: string,
  codes: ResultFileCodes,
  shapeProblem: (value: unknown) => Text | undefined = () => undefined,
): Promise<ScoreResult> {
  const { text: json, diagnostic } = decodeUtf8(await readUserFile(file), file);
  if (json === undefined) throw new InputError([diagnostic!]);
  const deep = tooDeep(json);
  if (deep) throw new InputError([diag("YML010", { limit: MAX_NESTING, line: deep.line }, { file, range: { line: deep.line, column: 1 } })]);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const detail = (e as Error).message;
    const range = jsonErrorRange(json, detail);
    throw new InputError([diag(codes.parse, { file, detail }, { file, ...(range ? { range } : {}) })]);
  }
  const problem = shapeProblem(value);
  if (problem) throw new InputError([diag(codes.shape, { file, detail: problem }, { file })]);
  const validate = validator("result");
  if (!validate(value)) {
    const e = validate.errors?.[0];
    const detail = e ? `${e.instancePath || "/"} ${e.message ?? e.keyword}` : "schema/result.schema.json";
    throw new InputError([diag(codes.shape, { file, detail }, { file, ...(e ? { path: e.instancePath } : {}) })]);
  }
  return value as ScoreResult;
}

/** A key read for --sign (private) or --verify-key (public), with the file it came from for messages. */
export interface ResultKey {
  file: string;
  key: KeyObject;
  /** SHA-256 (hex) of the public half in SPKI DER form: what a signature records as `key`. */
  id: string;
}

function publicKeyId(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256")
    .update(pub.export({ type: "spki", format: "der" }))
    .digest("hex");
}

/**
 * An Ed25519 key in PEM: a private key to sign with, or a public key to check with (a private key
 * file serves too: its public half is used). Anything else is BUN097, exit 2.
 */
export async function readEd25519Key(file: string, use: "sign" | "verify"): Promise<ResultKey> {
  const option = use === "sign" ? "--sign" : "--verify-key";
  const kind = use === "sign" ? text("私钥", "private key") : text("公钥", "public key");
  const refuse = (reason: string | Text) => new InputError([diag("BUN097", { option, file, kind, reason }, { file })]);
  const bytes = await readUserFile(file);
  let key: KeyObject;
  try {
    key = use === "sign" ? createPrivateKey({ key: bytes, format: "pem" }) : createPublicKey({ key: bytes, format: "pem" });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (use === "sign" && /public/i.test(String(bytes.subarray(0, 64))))
      throw refuse(text("这是公钥，签名需要私钥", "this is a public key; signing needs the private key"));
    throw refuse(err.code ?? err.message);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw refuse(text(`密钥类型为 ${key.asymmetricKeyType ?? "未知"}`, `the key type is ${key.asymmetricKeyType ?? "unknown"}`));
  return { file, key, id: publicKeyId(key) };
}

/** The result with an Ed25519 signature over its canonical form (resultCanonical), after its digest. */
export function signResult(result: ScoreResult, key: ResultKey): ScoreResult {
  const { signature: _old, ...rest } = result;
  const value = sign(null, Buffer.from(resultCanonical(rest), "utf8"), key.key).toString("base64");
  return { ...rest, signature: { alg: SIGNATURE_ALG, value, key: key.id } };
}

export type SignatureCheck = { state: "ok" } | { state: "missing" } | { state: "bad"; reason: Text };

/** Whether the result's signature was made by `key` over the result as it is now. */
export function checkSignature(result: ScoreResult, key: ResultKey): SignatureCheck {
  const s = result.signature;
  if (s === undefined) return { state: "missing" };
  if (s.alg !== SIGNATURE_ALG) return { state: "bad", reason: text(`不支持的签名算法 ${s.alg}`, `unsupported signature algorithm ${s.alg}`) };
  if (s.key !== key.id)
    return {
      state: "bad",
      reason: text(`签名所用的密钥不是此公钥（签名密钥 ${s.key.slice(0, 12)}）`, `it was signed with another key (${s.key.slice(0, 12)})`),
    };
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(resultCanonical(result), "utf8"), key.key, Buffer.from(s.value, "base64"));
  } catch {
    ok = false;
  }
  return ok
    ? { state: "ok" }
    : { state: "bad", reason: text("签名与结果内容不符（结果在签名后被修改）", "the signature does not match the content (edited after signing)") };
}

/** SHA-256 (hex) of a string's UTF-8 bytes, for the result's digest. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}
