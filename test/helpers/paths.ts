import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root (this file lives in test/helpers/). */
export const repoRoot = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
