import type { SqlDatabase } from "../db/sql";
import { hashPassword, needsRehash, verifyPassword } from "./password-hash";

/** Where the admin password's scrypt hash lives (a hash, not a secret: stored as is). */
export const PASSWORD_HASH_SETTING = "admin.passwordHash";

let checked: { password: string; hash: Promise<string> } | undefined;

/**
 * The stored hash of ADMIN_PASSWORD. The environment is the source of the password: on the first
 * sign-in of a process the stored hash is checked against it and replaced when the password was
 * changed (or the hash is weaker than today's cost). Sign-ins then compare against the hash only.
 */
export function adminPasswordHash(sql: SqlDatabase, password: string): Promise<string> {
  if (checked?.password !== password) {
    const hash = syncHash(sql, password);
    checked = { password, hash };
    hash.catch(() => {
      if (checked?.hash === hash) checked = undefined;
    });
  }
  return checked.hash;
}

async function syncHash(sql: SqlDatabase, password: string): Promise<string> {
  const row = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [PASSWORD_HASH_SETTING]);
  if (row && !needsRehash(row.value) && (await verifyPassword(password, row.value))) return row.value;
  const hash = await hashPassword(password);
  await sql.run(
    `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, ?, ?)
     ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "encrypted" = excluded."encrypted", "updatedAt" = excluded."updatedAt"`,
    [PASSWORD_HASH_SETTING, hash, false, new Date()],
  );
  return hash;
}

export async function checkAdminPassword(sql: SqlDatabase, configured: string, attempt: string): Promise<boolean> {
  if (attempt.length === 0 || attempt.length > 1024) return false;
  return verifyPassword(attempt, await adminPasswordHash(sql, configured));
}
