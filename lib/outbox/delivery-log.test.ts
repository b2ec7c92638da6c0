import { describe, expect, it } from "vitest";
import { eventDeliveryState } from "./delivery-log";

describe("an event's delivery state over its targets", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  it("is queued before fan-out, failed when any target gave up, pending with the earliest next attempt", () => {
    expect(eventDeliveryState([])).toEqual({ state: "queued" });
    expect(eventDeliveryState([{ state: "delivered", nextAttemptAt: 0n, deliveredAt: at }, { state: "failed", nextAttemptAt: 0n, deliveredAt: null }])).toEqual({ state: "failed" });
    expect(
      eventDeliveryState([
        { state: "pending", nextAttemptAt: 2_000n, deliveredAt: null },
        { state: "pending", nextAttemptAt: 1_000n, deliveredAt: null },
        { state: "delivered", nextAttemptAt: 0n, deliveredAt: at },
      ]),
    ).toEqual({ state: "pending", nextAttemptAt: new Date(1_000) });
  });

  it("is delivered at the last delivery, or skipped when nothing was to send", () => {
    const later = new Date("2026-12-01T11:00:00Z");
    expect(eventDeliveryState([{ state: "delivered", nextAttemptAt: 0n, deliveredAt: later }, { state: "delivered", nextAttemptAt: 0n, deliveredAt: at }, { state: "skipped", nextAttemptAt: 0n, deliveredAt: null }])).toEqual({ state: "delivered", at: later });
    expect(eventDeliveryState([{ state: "skipped", nextAttemptAt: 0n, deliveredAt: null }])).toEqual({ state: "skipped" });
  });
});
