import type { Severity } from "../diagnostics.js";

/** A registered diagnostic code: default severity, a title and message templates in both languages. */
export interface CodeInfo {
  severity: Severity;
  title: string;
  title_en: string;
  /** Message template; `{name}` placeholders are filled from the diagnostic's arguments. */
  zh: string;
  en: string;
}

export function defineCodes<K extends string>(codes: Record<K, CodeInfo>): Record<K, CodeInfo> {
  return codes;
}
