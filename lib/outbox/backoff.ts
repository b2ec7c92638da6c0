/** Retries stop this long after the event (or after the admin's resend): 72 hours, in ms. */
export const DELIVERY_WINDOW_MS = 72 * 3_600_000;

/**
 * The pause before the next attempt after `failedAttempts` failures (≥ 1), in ms: `baseMs`
 * doubled per failure after the first, at most `maxMs`. With the defaults (30 s, 6 h):
 * 30 s, 1 min, 2 min, 4 min … 6 h, 6 h … until the 72-hour window closes.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** What a failure leads to: another attempt at `nextAttemptAt`, or `failed` when that is past `giveUpAt` (ms since the epoch). */
export function afterFailure(input: { failedAttempts: number; nowMs: number; giveUpAt: number; baseMs: number; maxMs: number }): { state: "pending" | "failed"; nextAttemptAt: number } {
  const nextAttemptAt = input.nowMs + retryDelayMs(input.failedAttempts, input.baseMs, input.maxMs);
  return nextAttemptAt > input.giveUpAt ? { state: "failed", nextAttemptAt: input.giveUpAt } : { state: "pending", nextAttemptAt };
}
