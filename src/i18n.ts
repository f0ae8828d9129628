// Output language. Chinese is the default; the CLI sets English for --lang en before any command runs.
export type Lang = "zh" | "en";

let current: Lang = "zh";

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** Pick the text for the current language. */
export function t(zh: string, en: string): string {
  return current === "en" ? en : zh;
}
