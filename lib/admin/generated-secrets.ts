import { join } from "node:path";
import { GENERATED_SECRETS_FILE } from "../secrets";

/** Which of APP_SECRET and ADMIN_PASSWORD this process generated (lib/bootstrap.ts sets TOLOV_GENERATED_SECRETS). */
export function generatedSecretNames(source: Record<string, string | undefined> = process.env): string[] {
  return (source.TOLOV_GENERATED_SECRETS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name === "APP_SECRET" || name === "ADMIN_PASSWORD");
}

/**
 * What the sign-in page says about where the admin password comes from: set by ADMIN_PASSWORD,
 * or generated on the first start and kept in `{DATA_DIR}/secrets.json` (the file lib/secrets.ts
 * writes; the path as DATA_DIR was configured, e.g. `data/secrets.json` by default).
 */
export function adminPasswordSource(dataDir: string, source: Record<string, string | undefined> = process.env): { generated: false } | { generated: true; file: string } {
  if (!generatedSecretNames(source).includes("ADMIN_PASSWORD")) return { generated: false };
  return { generated: true, file: join(dataDir, GENERATED_SECRETS_FILE) };
}
