// Placeholder until the flows branch lands: the lead takes wt-flows' real module at merge.
export { scoreDir, loadStandardRef } from "../commands/score.js";
