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

describe("README's verification snippet", () => {
  it("accepts what the store signs and refuses a changed body", async () => {
    const { readFileSync } = await import("node:fs");
    const crypto = await import("node:crypto");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const snippet = /```js\n[^\n]*node:crypto[^\n]*\n([\s\S]*?function verifyTolovSignature[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    // The snippet as a merchant pastes it, with node:crypto's two functions in scope.
    const verify = new Function("createHmac", "timingSafeEqual", `${snippet}\nreturn verifyTolovSignature;`)(crypto.createHmac, crypto.timingSafeEqual) as (
      header: string,
      body: string,
      secret: string,
    ) => boolean;
    const body = '{"id":"42","type":"order.paid","data":{"orderNumber":17}}';
    const header = signWebhook("whsec_readme", body, Math.floor(Date.now() / 1000));
    expect(verify(header, body, "whsec_readme")).toBe(true);
    expect(verify(header, body.replace("17", "18"), "whsec_readme")).toBe(false);
    expect(verify(header, body, "another-secret")).toBe(false);
    expect(verify(signWebhook("whsec_readme", body, Math.floor(Date.now() / 1000) - 600), body, "whsec_readme")).toBe(false);
    expect(verify("garbage", body, "whsec_readme")).toBe(false);
  });
});
