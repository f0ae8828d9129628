// Start-up: `stdz --help` against bare `node -e 0` (goal ≤ 1.5×).
import { bareNode, report, stdz, timePair } from "./lib.mjs";

export default async function () {
  const [help, node] = timePair(stdz(["--help"]), bareNode(), 20);
  report({ name: "stdz --help", value: help, unit: "ms", baselineName: "node -e 0", baseline: node, goal: 1.5 });
  // For reference: without the code cache (first run of a build, or STDZ_NO_CACHE=1).
  const [cold, node2] = timePair(stdz(["--help"], { env: { ...process.env, STDZ_NO_CACHE: "1" } }), bareNode(), 20);
  report({ name: "stdz --help, no code cache", value: cold, unit: "ms", baselineName: "node -e 0", baseline: node2 });
}
