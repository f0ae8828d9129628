import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz sample: not implemented yet");
}
