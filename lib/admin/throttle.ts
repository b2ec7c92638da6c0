import type { SqlDatabase } from "../db/sql";
import { toDate, toNumber } from "../db/sql-values";
import { decideAttempt, type ThrottleDecision } from "./throttle-policy";

type ThrottleRow = { failures: number | bigint; nextAllowedAt: unknown; lockedUntil: unknown; updatedAt: unknown };

/**
 * Whose failures count: a browser that signed in before (its device cookie) is judged on its
 * own record, so a stranger who fails from the merchant's address — or pretends to — cannot lock
 * the merchant out; any other attempt is judged by its client IP.
 */
export function throttleKey(client: { deviceId: string | null; ip: string }): string {
  return client.deviceId ? `device:${client.deviceId}` : `ip:${client.ip || "unknown"}`;
}

/**
 * Takes one attempt from the client's budget in one database transaction (the attempt counts
 * as a failure until `clearThrottle` says otherwise), or refuses it with the time to come back.
 */
export async function beginSignInAttempt(sql: SqlDatabase, key: string, now: Date = new Date()): Promise<ThrottleDecision> {
  return sql.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO "AdminLoginThrottle" ("key", "failures", "nextAllowedAt", "lockedUntil", "updatedAt") VALUES (?, 0, ?, NULL, ?)
       ON CONFLICT ("key") DO NOTHING`,
      [key, new Date(0), new Date(0)],
    );
    // PostgreSQL: hold the row until commit so parallel attempts queue; SQLite's BEGIN IMMEDIATE already does.
    const lock = tx.kind === "postgresql" ? " FOR UPDATE" : "";
    const row = await tx.get<ThrottleRow>(
      `SELECT "failures", "nextAllowedAt", "lockedUntil", "updatedAt" FROM "AdminLoginThrottle" WHERE "key" = ?${lock}`,
      [key],
    );
    const state = row && {
      failures: toNumber(row.failures),
      nextAllowedAt: toDate(row.nextAllowedAt) ?? new Date(0),
      lockedUntil: toDate(row.lockedUntil),
      updatedAt: toDate(row.updatedAt) ?? new Date(0),
    };
    const decision = decideAttempt(state, now);
    if (decision.allowed) {
      await tx.run(
        `UPDATE "AdminLoginThrottle" SET "failures" = ?, "nextAllowedAt" = ?, "lockedUntil" = ?, "updatedAt" = ? WHERE "key" = ?`,
        [decision.failures, decision.nextAllowedAt, decision.lockedUntil, now, key],
      );
    }
    return decision;
  });
}

/** A correct password: the client's record is cleared. */
export async function clearThrottle(sql: SqlDatabase, key: string): Promise<void> {
  await sql.run(`DELETE FROM "AdminLoginThrottle" WHERE "key" = ?`, [key]);
}
