/** A text in both output languages; whoever prints it picks one (core never chooses a language). */
export interface Text {
  zh: string;
  en: string;
}

export function text(zh: string, en: string): Text {
  return { zh, en };
}

export function isText(v: unknown): v is Text {
  return typeof v === "object" && v !== null && typeof (v as Partial<Text>).zh === "string" && typeof (v as Partial<Text>).en === "string";
}
