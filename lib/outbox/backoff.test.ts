import { describe, expect, it } from "vitest";
import { afterFailure, DELIVERY_WINDOW_MS, retryDelayMs } from "./backoff";

describe("outbox retry backoff", () => {
  it("doubles from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 30_000, 6 * 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30, 30_000, 6 * 3_600_000)).toBe(6 * 3_600_000);
    expect(retryDelayMs(10_000, 1, 1_000)).toBe(1_000);
  });

  it("keeps retrying for 72 hours, then gives up", () => {
    const start = 1_000_000;
    const giveUpAt = start + DELIVERY_WINDOW_MS;
    let now = start;
    let attempts = 0;
    let outcome = afterFailure({ failedAttempts: 1, nowMs: now, giveUpAt, baseMs: 30_000, maxMs: 6 * 3_600_000 });
    while (outcome.state === "pending") {
      attempts += 1;
      now = outcome.nextAttemptAt;
      outcome = afterFailure({ failedAttempts: attempts + 1, nowMs: now, giveUpAt, baseMs: 30_000, maxMs: 6 * 3_600_000 });
    }
    expect(now).toBeLessThanOrEqual(giveUpAt);
    expect(giveUpAt - now).toBeLessThan(6 * 3_600_000);
    // 30 s … 6 h in 10 doublings, then 6-hourly: about 20 attempts in 72 hours.
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(25);
  });
});
