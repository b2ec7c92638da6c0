import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLogLines } from "../log/capture";
import type { DeliveryResultEvent } from "./delivery-events";
import { logDeliveryResult } from "./start-dispatcher";

let log: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  log = captureLogLines();
});
afterEach(() => {
  log.restore();
});

const attempt = (over: Partial<DeliveryResultEvent>): DeliveryResultEvent => ({
  deliveryId: 1,
  eventId: 7,
  eventType: "order.paid",
  orderNumber: 12,
  target: "webhook:3",
  outcome: "delivered",
  state: "delivered",
  attempt: 1,
  httpStatus: 200,
  error: null,
  durationMs: 4.5,
  nextAttemptAt: null,
  ...over,
});

describe("outbox delivery attempts in the structured log", () => {
  it("a webhook delivered, a notification retried and one given up: one line each, channel and outcome in the log's terms", async () => {
    logDeliveryResult(attempt({}));
    logDeliveryResult(attempt({ target: "notify:sms", outcome: "failed", state: "pending", httpStatus: 502, error: "gateway answered 502", attempt: 2 }));
    logDeliveryResult(attempt({ target: "webhook:3", outcome: "failed", state: "failed", httpStatus: 500, error: "receiver answered 500", attempt: 9 }));
    logDeliveryResult(attempt({ target: "none", outcome: "skipped", state: "skipped", httpStatus: null }));
    await log.written();
    expect(log.lines.map((line) => [line.component, line.eventId, line.channel, line.endpointId, line.outcome, line.attempt, line.httpStatus])).toEqual([
      ["outbox", "7", "webhook", "3", "delivered", 1, 200],
      ["outbox", "7", "sms", undefined, "failed", 2, 502],
      ["outbox", "7", "webhook", "3", "gave_up", 9, 500],
    ]);
    expect(log.lines[1]).toMatchObject({ level: "warn", reason: "gateway answered 502", orderNumber: 12 });
  });
});
