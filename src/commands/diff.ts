import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz diff: not implemented yet");
}
