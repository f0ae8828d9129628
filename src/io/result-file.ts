import type { Text } from "../core/lib/text.js";
import { MAX_NESTING, tooDeep } from "../core/lib/nesting.js";
import type { Code } from "../codes/index.js";
import { InputError, diag, type Range } from "../diagnostics.js";
import type { ScoreResult } from "../core/scoring/result.js";
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
  const { text, diagnostic } = decodeUtf8(await readUserFile(file), file);
  if (text === undefined) throw new InputError([diagnostic!]);
  const deep = tooDeep(text);
  if (deep) throw new InputError([diag("YML010", { limit: MAX_NESTING, line: deep.line }, { file, range: { line: deep.line, column: 1 } })]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = (e as Error).message;
    const range = jsonErrorRange(text, detail);
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
