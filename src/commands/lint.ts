import { usageError } from "./context.js";

export async function run(): Promise<number> {
  throw usageError("stdz lint: not implemented yet");
}
