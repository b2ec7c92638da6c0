import { randomBytes } from "node:crypto";
import type { SqlExecutor } from "../db/sql";
import { decryptSecret, encryptSecret, maskSecret } from "../payments/secret-box";

/** A merchant webhook endpoint as the admin shows it (the secret only masked). */
export type WebhookEndpointView = { id: number; url: string; secretMasked: string; enabled: boolean; createdAt: Date };

/** Shortest signing secret accepted from the admin (characters). */
export const MIN_SECRET_LENGTH = 16;

/** A new random signing secret: `whsec_` and 32 random bytes (base64url). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/**
 * Whether `url` may receive webhooks: http(s), no credentials in it, at most 2 000 characters.
 * (A store in live mode should point at https; plain http stays allowed for local receivers.)
 */
export function parseEndpointUrl(input: string): URL | null {
  if (input.length > 2_000) return null;
  try {
    const url = new URL(input.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

/** Every endpoint, newest first. */
export async function listWebhookEndpoints(sql: SqlExecutor): Promise<WebhookEndpointView[]> {
  const rows = await sql.all<{ id: number; url: string; secretTail: string; enabled: boolean; createdAt: Date }>(
    `SELECT "id", "url", "secretTail", "enabled", "createdAt" FROM "WebhookEndpoint" ORDER BY "id" DESC`,
  );
  return rows.map((row) => ({ id: row.id, url: row.url, secretMasked: maskSecret(row.secretTail), enabled: row.enabled, createdAt: row.createdAt }));
}

/** Enabled endpoints' ids (the fan-out's webhook targets). */
export async function enabledEndpointIds(sql: SqlExecutor): Promise<number[]> {
  const rows = await sql.all<{ id: number }>(`SELECT "id" FROM "WebhookEndpoint" WHERE "enabled" = ? ORDER BY "id"`, [true]);
  return rows.map((row) => row.id);
}

/** Stores an endpoint with its signing secret encrypted (AES-256-GCM, APP_SECRET); returns its id. */
export async function addWebhookEndpoint(sql: SqlExecutor, input: { url: string; secret: string; appSecret: string; nowMs?: number }): Promise<number> {
  const now = new Date(input.nowMs ?? Date.now());
  const row = await sql.get<{ id: number }>(
    `INSERT INTO "WebhookEndpoint" ("url", "secret", "secretTail", "enabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?) RETURNING "id"`,
    [input.url, encryptSecret(input.secret, input.appSecret), input.secret.slice(-4), true, now, now],
  );
  return row!.id;
}

/** Turns an endpoint on or off (off: new events skip it; its pending deliveries are skipped when due). false when there is none. */
export async function setWebhookEndpointEnabled(sql: SqlExecutor, id: number, enabled: boolean, nowMs = Date.now()): Promise<boolean> {
  const changed = await sql.run(`UPDATE "WebhookEndpoint" SET "enabled" = ?, "updatedAt" = ? WHERE "id" = ?`, [enabled, new Date(nowMs), id]);
  return changed.changes === 1;
}

/** The plain signing secret of a stored endpoint (server only; never sent to a browser or logged). */
export function openEndpointSecret(sealed: string, appSecret: string): string {
  return decryptSecret(sealed, appSecret);
}
