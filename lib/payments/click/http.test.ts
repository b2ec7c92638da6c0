import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClickCallbackDeps } from "./handle-callback";
import { createClickHttpHandler, handleClickWebRequest } from "./http";
import { createMemoryCallbackStore } from "./memory-callback-store";
import { MAX_CLICK_BODY_BYTES } from "./raw-fields";
import { clickSignString } from "./signature";

const SECRET = "TESTSECRETKEY";

function signedPrepare(): string {
  const fields = {
    click_trans_id: "2345678901",
    service_id: "12345",
    click_paydoc_id: "3456789012",
    merchant_trans_id: "1001",
    amount: "15000.00",
    action: "0",
    error: "0",
    error_note: "Success",
    sign_time: "2026-12-01 14:00:00",
  };
  return new URLSearchParams({ ...fields, sign_string: clickSignString(fields, SECRET) }).toString();
}

function deps(): { deps: ClickCallbackDeps; memory: ReturnType<typeof createMemoryCallbackStore> } {
  const memory = createMemoryCallbackStore();
  memory.orders.set("1001", { amount: 1_500_000n, paid: 0n, refunded: 0n, cancelled: false, cancelRequested: false });
  return { memory, deps: { settings: async () => ({ serviceId: "12345", secretKey: SECRET, windowMs: 60_000 }), store: memory.store } };
}

describe("createClickHttpHandler over node:http", () => {
  let server: Server;
  let url: string;
  let memory: ReturnType<typeof createMemoryCallbackStore>;
  let allow = true;

  beforeEach(async () => {
    const made = deps();
    memory = made.memory;
    allow = true;
    server = createServer(createClickHttpHandler("prepare", made.deps, () => allow));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/click/prepare`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, contentType = "application/x-www-form-urlencoded") => fetch(url, { method: "POST", headers: { "content-type": contentType }, body });

  it("answers a signed Prepare with JSON", async () => {
    const response = await post(signedPrepare());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toMatchObject({ click_trans_id: 2345678901, merchant_prepare_id: 1, error: 0 });
    expect(memory.reservations.size).toBe(1);
  });

  it("answers -8 (HTTP 200) to an oversized body, a GET and garbage", async () => {
    for (const response of [
      await post(`a=${"x".repeat(MAX_CLICK_BODY_BYTES + 10)}`),
      await fetch(url),
      await post("\u0000\u0001garbage", "application/json"),
    ]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ error: -8 });
    }
    expect(memory.attempts.size).toBe(0);
  });

  it("refuses a sender outside the allowlist with 403 and an empty body", async () => {
    allow = false;
    const response = await post(signedPrepare());
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("");
    expect(memory.attempts.size).toBe(0);
  });
});

describe("handleClickWebRequest", () => {
  it("answers a signed Prepare and refuses an oversized declared body with -8", async () => {
    const { deps: callbackDeps, memory } = deps();
    const request = (body: string, headers: Record<string, string> = {}) =>
      new Request("http://store.test/api/click/prepare", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
    const ok = await handleClickWebRequest("prepare", request(signedPrepare()), callbackDeps);
    expect(await ok.json()).toMatchObject({ error: 0 });
    const big = await handleClickWebRequest("prepare", request("a=1", { "content-length": String(MAX_CLICK_BODY_BYTES + 1) }), callbackDeps);
    expect(await big.json()).toMatchObject({ error: -8 });
    expect(memory.attempts.size).toBe(1);
  });
});

describe("handleClickWebRequest with a chunked body", () => {
  it("answers -8 to a body without a declared length past the limit, reading no further than the limit", async () => {
    const { deps: callbackDeps, memory } = deps();
    const chunk = new TextEncoder().encode("a".repeat(4096));
    const CHUNKS = 256; // 1 MiB, far past the limit
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled += 1;
        if (pulled > CHUNKS) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request("http://store.test/api/click/prepare", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const answer = await handleClickWebRequest("prepare", request, callbackDeps);
    expect(await answer.json()).toMatchObject({ error: -8 });
    // Abandoned at the limit (a few chunks), not read whole into memory.
    expect(pulled * chunk.byteLength).toBeLessThan(MAX_CLICK_BODY_BYTES + 4 * chunk.byteLength);
    expect(memory.attempts.size).toBe(0);
  });
});
