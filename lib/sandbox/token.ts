import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const SANDBOX_TOKEN_FILE = "sandbox-token";

/**
 * The sandbox token: what opens the emulators' cabinets (their changes and the store's answers
 * they show). Generated once into DATA_DIR (mode 0600, the folder 0700), printed at start, the
 * same for every instance and `npm run sandbox` on this DATA_DIR.
 */
export function loadOrCreateSandboxToken(dataDir: string): { token: string; path: string } {
  const dir = resolve(dataDir);
  const path = join(dir, SANDBOX_TOKEN_FILE);
  const read = () => {
    try {
      const token = readFileSync(path, "utf8").trim();
      return token.length >= 32 ? token : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return { token: existing, path };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  chmodSync(temp, 0o600);
  try {
    // Two instances starting at once: the first link wins, both then read the same token.
    linkSync(temp, path);
  } catch {
    // taken by the other instance
  } finally {
    unlinkSync(temp);
  }
  chmodSync(path, 0o600);
  return { token: read()!, path };
}
