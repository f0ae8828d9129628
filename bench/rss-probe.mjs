// Preloaded with --import: writes the process's peak RSS (KiB) to $STDZ_RSS_OUT at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.STDZ_RSS_OUT) writeFileSync(process.env.STDZ_RSS_OUT, String(process.resourceUsage().maxRSS));
});
