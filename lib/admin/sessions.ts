import { createHash, randomBytes } from "node:crypto";
import type { SqlExecutor } from "../db/sql";
import { toDate } from "../db/sql-values";

export const SESSION_COOKIE = "tolov_admin";
/** Cookies are scoped to the admin: the storefront never sends them. */
export const ADMIN_COOKIE_PATH = "/admin";
/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** …and after this long in any case. */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export type AdminSession = { id: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; ip: string };

/** Only the token's SHA-256 is stored: a copy of the table does not sign anyone in. */
export function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  sql: SqlExecutor,
  client: { ip: string; userAgent: string },
  now: Date = new Date(),
): Promise<{ token: string; session: AdminSession }> {
  const token = randomBytes(32).toString("base64url");
  const session: AdminSession = {
    id: sessionId(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    ip: client.ip,
  };
  await sql.run(
    `INSERT INTO "AdminSession" ("id", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent") VALUES (?, ?, ?, ?, ?, ?)`,
    [session.id, now, now, session.expiresAt, client.ip, client.userAgent.slice(0, 300)],
  );
  // Ended sessions are removed as new ones start (no separate sweeper needed).
  await sql.run(`DELETE FROM "AdminSession" WHERE "expiresAt" < ? OR "lastSeenAt" < ?`, [now, new Date(now.getTime() - SESSION_IDLE_MS)]);
  return { token, session };
}

type SessionRow = { id: string; createdAt: unknown; lastSeenAt: unknown; expiresAt: unknown; ip: string };

/** The live session behind a cookie's token, refreshing its idle clock; null when absent or ended. */
export async function readSession(sql: SqlExecutor, token: string | undefined, now: Date = new Date()): Promise<AdminSession | null> {
  if (!token || token.length > 100) return null;
  const id = sessionId(token);
  const row = await sql.get<SessionRow>(
    `SELECT "id", "createdAt", "lastSeenAt", "expiresAt", "ip" FROM "AdminSession" WHERE "id" = ?`,
    [id],
  );
  if (!row) return null;
  const session: AdminSession = {
    id: row.id,
    createdAt: toDate(row.createdAt)!,
    lastSeenAt: toDate(row.lastSeenAt)!,
    expiresAt: toDate(row.expiresAt)!,
    ip: row.ip,
  };
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await sql.run(`DELETE FROM "AdminSession" WHERE "id" = ?`, [id]);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await sql.run(`UPDATE "AdminSession" SET "lastSeenAt" = ? WHERE "id" = ?`, [now, id]);
    session.lastSeenAt = now;
  }
  return session;
}

export async function deleteSession(sql: SqlExecutor, token: string | undefined): Promise<void> {
  if (!token) return;
  await sql.run(`DELETE FROM "AdminSession" WHERE "id" = ?`, [sessionId(token)]);
}

/** Attributes of both admin cookies: HttpOnly, SameSite=Strict, Secure when the store is served over https. */
export function adminCookieOptions(publicUrl: string, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "strict" as const,
    secure: publicUrl.startsWith("https://"),
    path: ADMIN_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  };
}
