import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./signature";

describe("webhook signature", () => {
  const secret = "whsec_test_secret";
  const body = '{"id":"7","type":"order.paid"}';

  it("is t=<seconds>,v1=<hex HMAC-SHA256 of t.body>", () => {
    const header = signWebhook(secret, body, 1_764_000_000);
    const expected = createHmac("sha256", secret).update(`1764000000.${body}`).digest("hex");
    expect(header).toBe(`t=1764000000,v1=${expected}`);
    expect(verifyWebhookSignature(header, body, secret, { nowSeconds: 1_764_000_010 })).toEqual({ ok: true, timestamp: 1_764_000_000 });
  });

  it("refuses another body, another secret, an old timestamp and garbage", () => {
    const header = signWebhook(secret, body, 1_764_000_000);
    const now = { nowSeconds: 1_764_000_000 };
    expect(verifyWebhookSignature(header, `${body} `, secret, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, body, "other", now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, body, secret, { nowSeconds: 1_764_000_000 + 301 })).toEqual({ ok: false, reason: "too_old" });
    for (const bad of [null, "", "t=1", "v1=abc", "t=x,v1=00"]) expect(verifyWebhookSignature(bad, body, secret, now).ok).toBe(false);
  });
});
