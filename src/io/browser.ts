// Finding a Chromium-family browser (Chromium, Chrome, Edge) to print HTML reports as PDF.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Usual install paths, by platform; names without a folder are looked up on PATH. */
export function browserCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === "win32") {
    const roots = [env["PROGRAMFILES"], env["PROGRAMFILES(X86)"], env["LOCALAPPDATA"]].filter((x): x is string => !!x);
    const rel = ["Google\\Chrome\\Application\\chrome.exe", "Microsoft\\Edge\\Application\\msedge.exe", "Chromium\\Application\\chrome.exe"];
    return roots.flatMap((r) => rel.map((p) => `${r}\\${p}`));
  }
  if (platform === "darwin") {
    return [
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ];
  }
  return ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable", "/snap/bin/chromium"];
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (!dir) continue;
    const f = join(dir, name);
    if (executable(f)) return f;
  }
  return undefined;
}

/** The browser to use: STDZ_CHROMIUM when set (and only it), else the first usual install found. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { path?: string; searched: string[] } {
  const named = env["STDZ_CHROMIUM"];
  if (named) return executable(named) ? { path: named, searched: [named] } : { searched: [`STDZ_CHROMIUM=${named}`] };
  const searched = browserCandidates(platform, env);
  for (const c of searched) {
    const hit = c.includes("/") || c.includes("\\") ? (executable(c) ? c : undefined) : onPath(c, env);
    if (hit) return { path: hit, searched };
  }
  return { searched };
}
