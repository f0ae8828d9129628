import { bunCodes } from "./bun.js";
import { cliCodes } from "./cli.js";
import { impCodes } from "./imp.js";
import { regCodes } from "./reg.js";
import { smpCodes } from "./smp.js";
import { stdCodes } from "./std.js";
import { tplCodes } from "./tpl.js";
import { ymlCodes } from "./yml.js";
import type { CodeInfo } from "./types.js";

/** Every diagnostic code stdz can emit, by domain prefix. docs/codes.md is generated from this. */
export const CODES = {
  ...cliCodes,
  ...bunCodes,
  ...regCodes,
  ...ymlCodes,
  ...stdCodes,
  ...tplCodes,
  ...smpCodes,
  ...impCodes,
} satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
export type { CodeInfo };
