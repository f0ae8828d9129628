import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz score: not implemented yet");
}
