// Entry point of the hashing worker threads (see beginHashing in hash.ts).
import { runHashWorker } from "./hash.js";

runHashWorker();
