import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz report: not implemented yet");
}
