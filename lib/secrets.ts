import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

const generatedSecretsSchema = z.object({
  APP_SECRET: z.string().min(32),
  ADMIN_PASSWORD: z.string().min(12),
});
export type GeneratedSecrets = z.infer<typeof generatedSecretsSchema>;

export const GENERATED_SECRETS_FILE = "secrets.json";

/**
 * Reads `data/secrets.json`, or creates it once (mode 0600) when missing. Several instances
 * starting at once agree: the file appears atomically (hard link of a finished temp file), and
 * whoever loses the race reads the winner's values. `created` tells the one start that made it.
 */
export function loadOrCreateGeneratedSecrets(dataDir: string): { secrets: GeneratedSecrets; created: boolean; path: string } {
  const dir = resolve(dataDir);
  const path = join(dir, GENERATED_SECRETS_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = readSecrets(path);
  if (existing) return { secrets: existing, created: false, path };

  const fresh: GeneratedSecrets = {
    APP_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
  };
  const temp = join(dir, `.secrets.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(temp, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600 });
  chmodSync(temp, 0o600);
  try {
    linkSync(temp, path);
    return { secrets: fresh, created: true, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = readSecrets(path);
    if (!winner) throw new Error(`${path} exists but is not valid: remove it or fix it`);
    return { secrets: winner, created: false, path };
  } finally {
    unlinkSync(temp);
  }
}

function readSecrets(path: string): GeneratedSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = generatedSecretsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not valid: remove it to generate new secrets`);
  return parsed.data;
}
