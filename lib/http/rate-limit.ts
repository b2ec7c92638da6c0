import type { SqlExecutor } from "../db/sql";
import { AppError } from "../errors";
import { defaultLocale, LOCALE_COOKIE, toLocale, type Locale } from "../i18n/locales";

/** At most `max` requests per subject in any `windowMs` (a sliding window, not calendar minutes). */
export type RateLimit = { name: string; max: number; windowMs: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Order placement through the store API, per client address (TOLOV_ORDERS_PER_MINUTE, default 20). */
export function ordersPerAddress(perMinute: number): RateLimit {
  return { name: "orders.address", max: perMinute, windowMs: 60_000 };
}

/**
 * Takes one of the `max` slots of `subject` for `windowMs`, or says when one frees up.
 * Atomic: each slot is one row (`RateLimitSlot`), taken by an upsert that only succeeds when the
 * row is absent or its hold ran out, so parallel requests — on one instance or many, SQLite or
 * PostgreSQL — never take more than `max` in any window. `now` in ms since the epoch.
 */
export async function takeRateSlot(sql: SqlExecutor, limit: RateLimit, subject: string, now: number): Promise<RateDecision> {
  const key = `${limit.name}:${subject}`.slice(0, 200);
  const until = BigInt(now + limit.windowMs);
  for (let slot = 0; slot < limit.max; slot++) {
    const taken = await sql.run(
      `INSERT INTO "RateLimitSlot" ("key", "slot", "expiresAt") VALUES (?, ?, ?)
       ON CONFLICT ("key", "slot") DO UPDATE SET "expiresAt" = excluded."expiresAt"
       WHERE "RateLimitSlot"."expiresAt" <= ?`,
      [key, slot, until, BigInt(now)],
    );
    if (taken.changes > 0) {
      // Slots of subjects gone quiet are removed now and then (the table stays small).
      if (Math.random() < 0.01) await sql.run(`DELETE FROM "RateLimitSlot" WHERE "expiresAt" < ?`, [BigInt(now)]);
      return { ok: true };
    }
  }
  const next = await sql.get<{ freeAt: bigint | number | null }>(`SELECT MIN("expiresAt") AS "freeAt" FROM "RateLimitSlot" WHERE "key" = ?`, [key], { freeAt: "bigint" });
  const waitMs = next?.freeAt === null || next?.freeAt === undefined ? limit.windowMs : Number(next.freeAt) - now;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** What a shopper over a limit reads (every language; the HTTP API picks one). */
export const rateLimitedText: Record<Locale, string> = {
  ru: "Слишком много запросов. Повторите попытку чуть позже.",
  uz: "So'rovlar juda ko'p. Birozdan so'ng qayta urinib ko'ring.",
  en: "Too many requests. Please try again a little later.",
};

/** The shopper's language for an API answer: the `tolov_lang` cookie, else Accept-Language, else Russian. */
export function requestLocale(headers: { get(name: string): string | null }): Locale {
  const cookie = (headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  const fromCookie = toLocale(cookie);
  if (fromCookie) return fromCookie;
  for (const range of (headers.get("accept-language") ?? "").split(",")) {
    const locale = toLocale(range.split(";")[0]!.trim().slice(0, 2).toLowerCase());
    if (locale) return locale;
  }
  return defaultLocale;
}

/** The store API's answer over a limit: 429, Retry-After, a message in the shopper's language. */
export function rateLimitedError(decision: { retryAfterSeconds: number }, locale: Locale): AppError {
  return new AppError("RATE_LIMITED", rateLimitedText[locale], { retryAfterSeconds: decision.retryAfterSeconds });
}
