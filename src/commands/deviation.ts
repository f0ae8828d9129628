import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz deviation: not implemented yet");
}
