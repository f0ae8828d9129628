// Start-up: `stdz --help` against bare `node -e 0` (goal ≤ 1.5×).
import { bareNode, report, stdz, timePair } from "./lib.mjs";

export default async function () {
  const [help, node] = timePair(stdz(["--help"]), bareNode(), 20);
  report({ name: "stdz --help", value: help, unit: "ms", baselineName: "node -e 0", baseline: node, goal: 1.5 });
}
