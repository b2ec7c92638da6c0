/**
 * Sign-in throttling, per client (an IP address, or a browser that signed in before): the first
 * few failures cost nothing, then each one doubles the wait before the next attempt, then the
 * client is locked for a while, and every failure after a lock doubles the lock. A quiet day
 * forgets everything. Only that client is affected: nobody can lock the merchant out from
 * elsewhere (see throttle.ts for how clients are told apart).
 */
export const FREE_FAILURES = 3;
export const LOCK_AFTER_FAILURES = 8;
export const FIRST_LOCK_MS = 15 * 60_000;
export const MAX_LOCK_MS = 24 * 60 * 60_000;
export const MAX_DELAY_MS = 60_000;
/** Failures older than this are forgotten. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000;

export type ThrottleState = { failures: number; nextAllowedAt: Date; lockedUntil: Date | null; updatedAt: Date };

export type ThrottleDecision =
  | { allowed: true; failures: number; nextAllowedAt: Date; lockedUntil: Date | null }
  | { allowed: false; reason: "locked" | "wait"; retryAt: Date };

/** After the `failures`-th failure in a row: how long until the next attempt, and whether that is a lock. */
export function penaltyAfter(failures: number): { waitMs: number; lock: boolean } {
  if (failures <= FREE_FAILURES) return { waitMs: 0, lock: false };
  if (failures < LOCK_AFTER_FAILURES) {
    return { waitMs: Math.min(1000 * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_MS), lock: false };
  }
  const doublings = Math.min(failures - LOCK_AFTER_FAILURES, 10);
  return { waitMs: Math.min(FIRST_LOCK_MS * 2 ** doublings, MAX_LOCK_MS), lock: true };
}

/**
 * Decides an attempt that starts now, counting it as a failure in advance (a correct password
 * then clears the record). Counting first means parallel guesses cannot slip through one window.
 */
export function decideAttempt(state: ThrottleState | undefined, now: Date): ThrottleDecision {
  const fresh = !state || now.getTime() - state.updatedAt.getTime() > FORGET_AFTER_MS;
  const current = fresh ? { failures: 0, nextAllowedAt: new Date(0), lockedUntil: null } : state;
  if (current.lockedUntil && current.lockedUntil > now) return { allowed: false, reason: "locked", retryAt: current.lockedUntil };
  if (current.nextAllowedAt > now) return { allowed: false, reason: "wait", retryAt: current.nextAllowedAt };
  const failures = current.failures + 1;
  const penalty = penaltyAfter(failures);
  const retryAt = new Date(now.getTime() + penalty.waitMs);
  return { allowed: true, failures, nextAllowedAt: retryAt, lockedUntil: penalty.lock ? retryAt : null };
}
