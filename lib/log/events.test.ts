import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeMetrics } from "../metrics/metrics";
import { finishProviderCall, logAdminAction, logOutboxDelivery, orderNumberOf, startProviderCall, traceProviderCallOut } from "./events";
import { captureLogLines } from "./capture";
import { logger, redactNested } from "./logger";

/** The lines written since the test began, parsed. */
let lines: Record<string, unknown>[];
let capture: ReturnType<typeof captureLogLines>;

beforeEach(() => {
  capture = captureLogLines();
  lines = capture.lines;
});
afterEach(() => {
  capture.restore();
});

/** pino writes to a stream on the next tick. */
const written = () => capture.written();

describe("structured log lines", () => {
  it("a provider callback: one line with provider, method, order number, reference, outcome, duration; counted in the metrics", async () => {
    const before = (await storeMetrics().callbacks.get()).values.find((value) => value.labels.method === "PerformTransaction" && value.labels.outcome === "ok")?.value ?? 0;
    const trace = startProviderCall("payme", "PerformTransaction");
    trace.orderNumber = 42;
    trace.reference = "5f1d2c3b4a59687766554433";
    finishProviderCall(trace, "ok");
    await written();
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      level: "info",
      component: "provider",
      direction: "in",
      provider: "payme",
      method: "PerformTransaction",
      orderNumber: 42,
      reference: "5f1d2c3b4a59687766554433",
      outcome: "ok",
      msg: "provider callback",
    });
    expect(typeof line.durationMs).toBe("number");
    expect(Object.keys(line).sort()).toEqual(["component", "direction", "durationMs", "level", "method", "msg", "orderNumber", "outcome", "pid", "provider", "reference", "time"]);
    const after = (await storeMetrics().callbacks.get()).values.find((value) => value.labels.method === "PerformTransaction" && value.labels.outcome === "ok")?.value;
    expect(after).toBe(before + 1);
  });

  it("an outgoing call: its method and outcome; a rejection is logged with the failure's label and passed on", async () => {
    await expect(traceProviderCallOut({ provider: "click", method: "payment/reversal" }, () => Promise.reject(new Error("boom")), undefined, () => "error:timeout")).rejects.toThrow("boom");
    await traceProviderCallOut({ provider: "robokassa", method: "Refund/Create", orderNumber: 7 }, async () => ({ ok: true }));
    await written();
    expect(lines.map((line) => [line.direction, line.provider, line.method, line.orderNumber, line.outcome])).toEqual([
      ["out", "click", "payment/reversal", undefined, "error:timeout"],
      ["out", "robokassa", "Refund/Create", 7, "ok"],
    ]);
  });

  it("an admin action: action, outcome, actor and target only", async () => {
    logAdminAction({ action: "settings.update", outcome: "ok", actor: "admin", target: "settings:payme" });
    await written();
    expect(lines[0]).toMatchObject({ component: "admin", action: "settings.update", outcome: "ok", actor: "admin", target: "settings:payme" });
  });

  it("an outbox delivery: the phone masked, the failure counted", async () => {
    const failures = async () => (await storeMetrics().outboxDeliveryFailures.get()).values.find((value) => value.labels.channel === "sms")?.value ?? 0;
    const before = await failures();
    logOutboxDelivery({ eventId: 9, eventType: "order.paid", orderNumber: 12, channel: "sms", attempt: 2, outcome: "failed", durationMs: 12.5, phone: "+998901234567", reason: "gateway answered 502" });
    await written();
    expect(lines[0]).toMatchObject({ level: "warn", component: "outbox", eventId: "9", eventType: "order.paid", orderNumber: 12, channel: "sms", attempt: 2, outcome: "failed", phoneMasked: "+998 90 *** ** 67" });
    expect(JSON.stringify(lines[0])).not.toContain("901234567");
    expect(await failures()).toBe(before + 1);
  });

  it("second layer: secret-named fields are redacted even when someone logs an object", async () => {
    logger().info({ password: "hunter2-admin", settings: { key: "payme-key-123", secretKey: "click-secret-9" }, headers: { authorization: "Basic UGF5Y29tOmtleQ==" }, phone: "+998901234567" }, "careless");
    await written();
    const text = JSON.stringify(lines[0]);
    for (const secret of ["hunter2-admin", "payme-key-123", "click-secret-9", "UGF5Y29tOmtleQ==", "901234567"]) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: "[redacted]", settings: { key: "[redacted]", secretKey: "[redacted]" } });
  });

  it("second layer below the top: any case, inside arrays, without copying a clean line", () => {
    const clean = { component: "provider", orderNumber: 3, items: [{ sku: "KAZAN-8L" }] };
    expect(redactNested(clean)).toBe(clean);
    expect(redactNested({ a: [{ Token: "t-123456" }], b: { c: { SECRET: "s" } } })).toEqual({ a: [{ Token: "[redacted]" }], b: { c: { SECRET: "[redacted]" } } });
  });

  it("order numbers come only from whole numbers", () => {
    expect([orderNumberOf("12"), orderNumberOf(12), orderNumberOf("12a"), orderNumberOf(-1), orderNumberOf("0"), orderNumberOf({})]).toEqual([12, 12, undefined, undefined, undefined, undefined]);
  });
});
