import type { SqlExecutor } from "../db/sql";
import { loadAdminSecuritySettings } from "../merchant-keys/admin-security-settings";

/**
 * The store-wide list of reverse proxies in front of the store (admin → Settings → Security,
 * setting `admin.trustedProxies`). Only a request from one of these has its X-Forwarded-For
 * believed — for the admin's sign-in lock-out, the store API's rate limits, and the providers'
 * IP allowlists (Payme, Robokassa). README "Security" says how to set it.
 */
export async function loadTrustedProxies(sql: SqlExecutor): Promise<string[]> {
  return (await loadAdminSecuritySettings(sql)).trustedProxies;
}

/**
 * The last request that carried X-Forwarded-For from a peer that is not a trusted proxy: the
 * store is probably behind a proxy nobody listed, so every visitor looks like that proxy (one
 * stranger's wrong passwords would lock everyone out). The admin shows a warning.
 */
export type UntrustedForwarding = { peer: string; at: number };
const holder = globalThis as unknown as { tolovUntrustedForwarding?: UntrustedForwarding };

export function noteUntrustedForwarding(peer: string, at = Date.now()): void {
  holder.tolovUntrustedForwarding = { peer, at };
}

/** The latest such request within `withinMs` (default a day), if any. */
export function recentUntrustedForwarding(now = Date.now(), withinMs = 86_400_000): UntrustedForwarding | undefined {
  const seen = holder.tolovUntrustedForwarding;
  return seen && now - seen.at <= withinMs ? seen : undefined;
}

/** Forget it (the admin just saved the list). */
export function clearUntrustedForwarding(): void {
  holder.tolovUntrustedForwarding = undefined;
}
