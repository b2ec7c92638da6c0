import { createHash, randomBytes } from "node:crypto";
import type { SqlExecutor } from "@/lib/db/sql";

/**
 * A signed-in admin for tests that call admin pages and actions: a session row as the sign-in
 * form creates it (only the token's SHA-256 is stored). Returns the Cookie header value.
 */
export async function createAdminSession(sql: SqlExecutor, lifetimeMs = 3_600_000): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await sql.run(`INSERT INTO "AdminSession" ("id", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent") VALUES (?, ?, ?, ?, ?, ?)`, [
    createHash("sha256").update(token).digest("hex"),
    now,
    now,
    new Date(now.getTime() + lifetimeMs),
    "127.0.0.1",
    "test",
  ]);
  return `tolov_admin=${token}`;
}
