import { describe, expect, it } from "vitest";
import { decideAttempt, FIRST_LOCK_MS, FORGET_AFTER_MS, LOCK_AFTER_FAILURES, penaltyAfter, type ThrottleState } from "./throttle-policy";

function replay(attempts: number, start = new Date("2026-11-23T10:00:00Z")) {
  let state: ThrottleState | undefined;
  let now = start;
  const waits: number[] = [];
  for (let index = 0; index < attempts; index += 1) {
    const decision = decideAttempt(state, now);
    if (!decision.allowed) throw new Error(`attempt ${index + 1} refused`);
    state = { failures: decision.failures, nextAllowedAt: decision.nextAllowedAt, lockedUntil: decision.lockedUntil, updatedAt: now };
    waits.push(decision.nextAllowedAt.getTime() - now.getTime());
    now = decision.nextAllowedAt;
  }
  return { state: state!, now, waits };
}

describe("sign-in throttle policy", () => {
  it("lets the first three failures through at once, then doubles the wait, then locks", () => {
    const { waits, state } = replay(LOCK_AFTER_FAILURES);
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, FIRST_LOCK_MS]);
    expect(state.lockedUntil).not.toBeNull();
  });

  it("refuses an attempt inside the wait without counting it", () => {
    const { state, now } = replay(4);
    const early = decideAttempt(state, new Date(now.getTime() - 500));
    expect(early).toEqual({ allowed: false, reason: "wait", retryAt: state.nextAllowedAt });
  });

  it("refuses every attempt during a lock, and doubles the lock after the next failure", () => {
    const { state } = replay(LOCK_AFTER_FAILURES);
    const during = decideAttempt(state, new Date(state.lockedUntil!.getTime() - 1));
    expect(during).toMatchObject({ allowed: false, reason: "locked" });
    expect(penaltyAfter(LOCK_AFTER_FAILURES + 1)).toEqual({ waitMs: 2 * FIRST_LOCK_MS, lock: true });
  });

  it("forgets failures after a quiet day", () => {
    const { state } = replay(6);
    const later = new Date(state.updatedAt.getTime() + FORGET_AFTER_MS + 1);
    expect(decideAttempt(state, later)).toMatchObject({ allowed: true, failures: 1 });
  });
});
