// The Subscribe emulator driven over real HTTP by the store's own Subscribe client, with a real
// local node:http "store" recording the Merchant API calls a cashbox with billing receives.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSubscribeBrowserClient } from "../../payments/payme/subscribe/browser-client";
import { SubscribeError } from "../../payments/payme/subscribe/errors";
import { createSubscribeClient } from "../../payments/payme/subscribe/server-client";
import { createSubscribeEmulator, HOLD_LAPSE_MS, OTP_WAIT_MS, type SubscribeEmulator, type SubscribeEmulatorOptions } from "./emulator";
import { passesLuhn } from "../../payments/card-number";
import { SLOW_CARD_DELAY_MS, testCards } from "./test-cards";

const MERCHANT_ID = "5e730e8e0b852a417aa49ceb";
const KEY = "test-key-0123456789abcdef";

type MerchantCall = { method: string; params: Record<string, unknown>; authorization: string | undefined };
type MerchantResponder = (call: MerchantCall) => unknown | "drop";

const defaultMerchant: MerchantResponder = (call) => {
  switch (call.method) {
    case "CheckPerformTransaction":
      return { result: { allow: true } };
    case "CreateTransaction":
      return { result: { create_time: 1, transaction: "7", state: 1 } };
    case "PerformTransaction":
      return { result: { transaction: "7", perform_time: 2, state: 2 } };
    case "CancelTransaction":
      return { result: { transaction: "7", cancel_time: 3, state: -1 } };
    default:
      return { result: { success: true } };
  }
};

let store: Server;
let storeUrl: string;
let merchantCalls: MerchantCall[] = [];
let merchantResponder: MerchantResponder = defaultMerchant;

let sandbox: Server;
let endpoint: string;
let emulator: SubscribeEmulator;
let clock = Date.now();
let billing = false;
let storageDir: string;

function startEmulator(overrides: Partial<SubscribeEmulatorOptions> = {}) {
  emulator = createSubscribeEmulator({
    storePaymeUrl: () => storeUrl,
    merchantId: MERCHANT_ID,
    testKey: KEY,
    billing: () => billing,
    storageDir,
    now: () => clock,
    slowCardDelayMs: 300,
    cancelDelayMs: 200,
    merchantRetryDelayMs: 20,
    log: () => {},
    ...overrides,
  });
}

beforeAll(async () => {
  store = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: number; method: string; params: Record<string, unknown> };
      const call = { method: body.method, params: body.params, authorization: req.headers.authorization };
      merchantCalls.push(call);
      const answer = merchantResponder(call);
      if (answer === "drop") return res.socket?.destroy();
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: body.id, ...(answer as object) }));
    });
  });
  await new Promise<void>((resolve) => store.listen(0, "127.0.0.1", resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/api/payme`;

  storageDir = mkdtempSync(join(tmpdir(), "tolov-subscribe-emulator-"));
  startEmulator();
  sandbox = createServer((req, res) => {
    if (emulator(req, res)) return;
    res.writeHead(404).end("not here");
  });
  await new Promise<void>((resolve) => sandbox.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}/payme/api`;
});

afterEach(() => {
  merchantCalls = [];
  merchantResponder = defaultMerchant;
  billing = false;
});

afterAll(async () => {
  await emulator.close();
  for (const server of [sandbox, store]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  rmSync(storageDir, { recursive: true, force: true });
});

const browser = () => createSubscribeBrowserClient({ endpoint, merchantId: MERCHANT_ID });
const server = () => createSubscribeClient({ endpoint, merchantId: MERCHANT_ID, key: KEY, retryDelayMs: 5 });

async function rpc(method: string, params: unknown, auth: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth === undefined ? {} : { "x-auth": auth }), ...headers },
    body: JSON.stringify({ id: 5, method, params }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { id: unknown; result?: unknown; error?: { code: number; message: unknown; data?: unknown } } };
}

/** cards.create → get_verify_code → verify with 666666: the verified token. */
async function verifiedToken(number = "8600069195406311", save = false): Promise<string> {
  const client = browser();
  const { card } = await client.cardsCreate({ card: { number, expire: "0399" }, save });
  await client.cardsGetVerifyCode(card.token);
  return (await client.cardsVerify(card.token, "666666")).card.token;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof SubscribeError ? { code: error.code, data: error.data, kind: error.kind } : error),
  );

describe("transport: path, CORS, JSON-RPC envelope, X-Auth", () => {
  it("answers only its own path and lets everything else through", async () => {
    expect((await fetch(endpoint.replace("/payme/api", "/payme/other"), { method: "POST" })).status).toBe(404);
    expect((await fetch(endpoint.replace("/payme/api", "/"))).status).toBe(404);
  });

  it("answers a CORS preflight for the browser's origin with Content-Type and X-Auth allowed", async () => {
    const response = await fetch(endpoint, {
      method: "OPTIONS",
      headers: { origin: "http://shop.example:3000", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-auth" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://shop.example:3000");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe("Content-Type, X-Auth");
    const post = await rpc("cards.check", { token: "x" }, `${MERCHANT_ID}:${KEY}`, { origin: "http://shop.example:3000" });
    expect(post.headers.get("access-control-allow-origin")).toBe("http://shop.example:3000");
    expect(post.headers.get("vary")).toContain("Origin");
  });

  it("speaks JSON-RPC errors with HTTP 200: not POST, not JSON, no method, unknown method", async () => {
    const get = await fetch(endpoint);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { error: { code: number } }).error.code).toBe(-32300);
    const bad = await fetch(endpoint, { method: "POST", body: "{nope" });
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
    expect((await rpc("", {}, MERCHANT_ID)).body.error?.code).toBe(-32600);
    const unknown = await rpc("cards.steal", {}, MERCHANT_ID);
    expect(unknown.body).toMatchObject({ id: 5, error: { code: -32601, data: "cards.steal" } });
  });

  it("takes X-Auth {id} for the browser's card methods only; everything else needs {id}:{key}", async () => {
    const created = await rpc("cards.create", { card: { number: "8600069195406311", expire: "0399" } }, MERCHANT_ID);
    expect(created.body.result).toMatchObject({ card: { number: "860006******6311", expire: "03/99", verify: false, recurrent: false } });
    expect((await rpc("cards.create", { card: { number: "8600069195406311", expire: "0399" } }, `${MERCHANT_ID}:${KEY}`)).body.result).toBeDefined();
    for (const auth of [undefined, "", "someone-else", `${MERCHANT_ID}:wrong`, `other:${KEY}`]) {
      expect((await rpc("cards.create", { card: { number: "8600069195406311", expire: "0399" } }, auth)).body.error?.code, String(auth)).toBe(-32504);
    }
    for (const method of ["cards.check", "cards.remove", "receipts.create", "receipts.pay", "receipts.check", "receipts.get_all"]) {
      expect((await rpc(method, {}, MERCHANT_ID)).body.error?.code, method).toBe(-32504);
      expect((await rpc(method, {}, `${MERCHANT_ID}:nope`)).body.error?.code, method).toBe(-32504);
    }
    // With the key, bad params are -32602, not an authorization failure.
    expect((await rpc("receipts.create", { amount: -1 }, `${MERCHANT_ID}:${KEY}`)).body.error?.code).toBe(-32602);
  });

  it("localizes its error messages", async () => {
    const answer = await rpc("cards.check", { token: "unknown" }, `${MERCHANT_ID}:${KEY}`);
    expect(answer.body.error).toMatchObject({ code: -31400, message: { ru: expect.any(String), uz: expect.any(String), en: expect.any(String) } });
  });
});

describe("cards and the SMS code", () => {
  it("tokenizes, sends the code, verifies 666666; a one-time token is gone after the payment", async () => {
    const client = browser();
    const { card } = await client.cardsCreate({ card: { number: "8600069195406311", expire: "0399" } });
    expect(card).toMatchObject({ number: "860006******6311", expire: "03/99", recurrent: false, verify: false });
    expect(await client.cardsGetVerifyCode(card.token)).toEqual({ sent: true, phone: "99890*****31", wait: OTP_WAIT_MS });
    expect(await codeOf(client.cardsVerify(card.token, "123456"))).toMatchObject({ code: -31103 });
    const verified = await client.cardsVerify(card.token, "666666");
    expect(verified.card).toMatchObject({ verify: true, token: card.token });
    expect((await server().cardsCheck(card.token)).card.verify).toBe(true);

    const { receipt } = await server().receiptsCreate({ amount: 500_000, account: { order_id: 17 } });
    const paid = await server().payReceipt({ id: receipt._id, token: card.token, payer: { phone: "998901304527", ip: "203.0.113.7" } });
    expect(paid).toMatchObject({ _id: receipt._id, state: 4, amount: 500_000, card: { number: "860006******6311", expire: "9903" } });
    expect(paid.pay_time).toBe(clock);
    expect(await codeOf(server().cardsCheck(card.token))).toMatchObject({ code: -31400 });
  });

  it("keeps a saved token for later payments until cards.remove", async () => {
    const token = await verifiedToken("8600495473316478", true);
    for (let index = 0; index < 2; index += 1) {
      const { receipt } = await server().receiptsCreate({ amount: 100_000, account: { order_id: 20 + index } });
      expect((await server().payReceipt({ id: receipt._id, token })).state).toBe(4);
    }
    expect((await server().cardsCheck(token)).card).toMatchObject({ recurrent: true, verify: true, number: "860049******6478" });
    expect(await server().cardsRemove(token)).toEqual({ success: true });
    expect(await codeOf(server().cardsCheck(token))).toMatchObject({ code: -31400 });
    expect(await codeOf(server().cardsRemove(token))).toMatchObject({ code: -31400 });
  });

  it("burns the code after 3 wrong attempts (-31102) until a new one is sent", async () => {
    const client = browser();
    const { card } = await client.cardsCreate({ card: { number: "8600069195406311", expire: "0399" } });
    expect(await codeOf(client.cardsVerify(card.token, "666666"))).toMatchObject({ code: -31101 });
    await client.cardsGetVerifyCode(card.token);
    expect(await codeOf(client.cardsVerify(card.token, "000001"))).toMatchObject({ code: -31103 });
    expect(await codeOf(client.cardsVerify(card.token, "000002"))).toMatchObject({ code: -31103 });
    expect(await codeOf(client.cardsVerify(card.token, "000003"))).toMatchObject({ code: -31102 });
    expect(await codeOf(client.cardsVerify(card.token, "666666"))).toMatchObject({ code: -31102 });
    await client.cardsGetVerifyCode(card.token);
    expect((await client.cardsVerify(card.token, "666666")).card.verify).toBe(true);
  });

  it("lets the code expire after `wait`", async () => {
    const client = browser();
    const { card } = await client.cardsCreate({ card: { number: "8600069195406311", expire: "0399" } });
    const { wait } = await client.cardsGetVerifyCode(card.token);
    clock += wait + 1;
    expect(await codeOf(client.cardsVerify(card.token, "666666"))).toMatchObject({ code: -31101 });
  });

  it("refuses an unverified token for payment", async () => {
    const { card } = await browser().cardsCreate({ card: { number: "8600069195406311", expire: "0399" } });
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 3 } });
    expect(await codeOf(server().payReceipt({ id: receipt._id, token: card.token }))).toMatchObject({ code: -31400 });
    expect((await server().receiptsCheck(receipt._id)).state).toBe(0);
  });

  it("refuses bad numbers and expiry dates (-31300) and cards Payme does not know (-31400)", async () => {
    const create = (number: string, expire = "0399") => rpc("cards.create", { card: { number, expire } }, MERCHANT_ID);
    expect((await create("8600069195406312")).body.error).toMatchObject({ code: -31300, data: "number" });
    expect((await create("86000691954063")).body.error).toMatchObject({ code: -31300, data: "number" });
    expect((await create("8600069195406311", "1399")).body.error).toMatchObject({ code: -31300, data: "expire" });
    expect((await create("8600069195406311", "0125")).body.error).toMatchObject({ code: -31300, data: "expire" });
    expect((await create("4111111111111111")).body.error).toMatchObject({ code: -31400 });
  });
});

describe("the test cards", () => {
  it("are all Luhn-valid and the slow card waits 10 seconds by default", () => {
    for (const number of Object.keys(testCards)) expect(passesLuhn(number), number).toBe(true);
    expect(SLOW_CARD_DELAY_MS).toBe(10_000);
  });

  it.each([
    ["3333336415804657", "cards.create", -31301, "card_expired"],
    ["4444445987459073", "cards.create", -31301, "card_blocked"],
    ["8600060921090842", "cards.get_verify_code", -31301, "sms_not_connected"],
  ])("%s fails at %s with %i (%s)", async (number, _step, code, data) => {
    const client = browser();
    const outcome = await codeOf(
      (async () => {
        const { card } = await client.cardsCreate({ card: { number, expire: "0399" } });
        await client.cardsGetVerifyCode(card.token);
        return client.cardsVerify(card.token, "666666");
      })(),
    );
    expect(outcome).toEqual({ code, data, kind: "rpc" });
  });

  it.each([
    ["8600143417770323", -32400, undefined],
    ["8600134301849596", -31002, "timeout"],
  ])("%s passes the SMS step and fails the debit with %i: the billing's transaction is cancelled (reason 2), the receipt too", async (number, code, data) => {
    billing = true;
    const token = await verifiedToken(number);
    const { receipt } = await server().receiptsCreate({ amount: 250_000, account: { order_id: 99 } });
    const started = Date.now();
    expect(await codeOf(server().payReceipt({ id: receipt._id, token }))).toEqual({ code, data, kind: "rpc" });
    if (data === "timeout") expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(merchantCalls.map((call) => call.method)).toEqual(["CheckPerformTransaction", "CheckPerformTransaction", "CreateTransaction", "CancelTransaction"]);
    expect(merchantCalls[3]!.params).toEqual({ id: receipt._id, reason: 2 });
    const after = await server().receiptsGet(receipt._id);
    expect(after.receipt).toMatchObject({ state: 50, pay_time: 0, error: { code } });
  });

  it("shows the slow card's receipt as debiting (2) while the processing takes its time", async () => {
    const token = await verifiedToken("8600134301849596");
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 5 } });
    const paying = codeOf(server().payReceipt({ id: receipt._id, token }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await server().receiptsCheck(receipt._id)).state).toBe(2);
    expect(await paying).toMatchObject({ code: -31002 });
  });
});

describe("receipts with billing: the Merchant API calls", () => {
  it("create checks the account; pay is Check + Create (id = receipt _id) → debit → Perform → 4, with Basic auth Paycom:<test key>", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 85_000_000, account: { order_id: 42 }, description: "Order 42" });
    expect(receipt).toMatchObject({ state: 0, amount: 85_000_000, account: [{ name: "order_id", value: "42", main: true }], description: "Order 42" });
    const paid = await server().payReceipt({ id: receipt._id, token, payer: { phone: "998901304527" } });
    expect(paid.state).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 50)); // SetFiscalData goes after the answer
    expect(merchantCalls.map((call) => call.method)).toEqual([
      "CheckPerformTransaction",
      "CheckPerformTransaction",
      "CreateTransaction",
      "PerformTransaction",
      "SetFiscalData",
    ]);
    expect(merchantCalls[1]!.params).toEqual({ amount: 85_000_000, account: { order_id: 42 } });
    expect(merchantCalls[2]!.params).toEqual({ id: receipt._id, time: clock, amount: 85_000_000, account: { order_id: 42 } });
    expect(merchantCalls[3]!.params).toEqual({ id: receipt._id });
    expect(merchantCalls[4]!.params).toMatchObject({ id: receipt._id, type: "PERFORM", fiscal_data: { receipt_id: expect.any(Number), qr_code_url: expect.any(String) } });
    for (const call of merchantCalls) expect(call.authorization).toBe(`Basic ${Buffer.from(`Paycom:${KEY}`).toString("base64")}`);
  });

  it("passes the store's refusal on: no transaction, the receipt stays payable (0)", async () => {
    billing = true;
    const token = await verifiedToken("8600495473316478", true);
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 43 } });
    merchantResponder = (call) =>
      call.method === "CheckPerformTransaction"
        ? { error: { code: -31099, message: { ru: "Заказ не ожидает оплаты", uz: "x", en: "not awaiting payment" }, data: "order_id" } }
        : defaultMerchant(call);
    const error = (await server().payReceipt({ id: receipt._id, token }).catch((caught: unknown) => caught)) as SubscribeError;
    expect(error).toMatchObject({ code: -31099, data: "order_id", providerMessage: "Заказ не ожидает оплаты" });
    expect((await server().receiptsGet(receipt._id)).receipt).toMatchObject({ state: 0, card: null });
    expect(merchantCalls.map((call) => call.method)).not.toContain("CreateTransaction");
    merchantResponder = defaultMerchant;
    expect((await server().payReceipt({ id: receipt._id, token })).state).toBe(4);
  });

  it("refuses receipts.create when the store refuses the account", async () => {
    billing = true;
    merchantResponder = () => ({ error: { code: -31050, message: { ru: "Заказ не найден", uz: "x", en: "Order not found" }, data: "order_id" } });
    expect(await codeOf(server().receiptsCreate({ amount: 1000, account: { order_id: 404 } }))).toMatchObject({ code: -31050, data: "order_id" });
  });

  it("answers -31622 when the store cannot be reached", async () => {
    billing = true;
    merchantResponder = () => "drop";
    expect(await codeOf(server().receiptsCreate({ amount: 1000, account: { order_id: 1 } }))).toMatchObject({ code: -31622 });
    expect(merchantCalls).toHaveLength(3);
  });

  it("queues a receipt for closing (30) when Perform gets no answer, and closes it once the store answers", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 44 } });
    merchantResponder = (call) => (call.method === "PerformTransaction" ? "drop" : defaultMerchant(call));
    expect((await server().payReceipt({ id: receipt._id, token })).state).toBe(30);
    merchantResponder = defaultMerchant;
    await emulator.tick();
    expect((await server().receiptsCheck(receipt._id)).state).toBe(4);
  });

  it("does not pay one receipt twice when two pays race", async () => {
    const token = await verifiedToken("8600495473316478", true);
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 45 } });
    const outcomes = await Promise.all([0, 1].map(() => codeOf(server().receiptsPay({ id: receipt._id, token }))));
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome !== undefined)).toMatchObject({ code: -31008 });
  });
});

describe("hold, confirm, cancel", () => {
  it("holds (5) with hold on create and pay; confirm_hold performs then (4)", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 300_000, account: { order_id: 50 }, hold: true });
    expect(await codeOf(server().receiptsPay({ id: receipt._id, token }))).toMatchObject({ code: -32602, data: "hold" });
    const held = await server().payReceipt({ id: receipt._id, token, hold: true });
    expect(held).toMatchObject({ state: 5, pay_time: 0 });
    expect(merchantCalls.map((call) => call.method)).toEqual(["CheckPerformTransaction", "CheckPerformTransaction", "CreateTransaction"]);
    const confirmed = await server().confirmHold(receipt._id);
    expect(confirmed.state).toBe(4);
    expect(confirmed.pay_time).toBe(clock);
    expect(merchantCalls.map((call) => call.method)).toContain("PerformTransaction");
    expect(await codeOf(server().receiptsConfirmHold(receipt._id))).toMatchObject({ code: -31008 });
  });

  it("cancels a hold: 21, then 50 after a short delay with CancelTransaction reason 5", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 300_000, account: { order_id: 51 }, hold: true });
    await server().payReceipt({ id: receipt._id, token, hold: true });
    const queued = await server().cancelReceipt(receipt._id, 5);
    expect(queued.state).toBe(21);
    expect((await server().receiptsCheck(receipt._id)).state).toBe(21);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await server().receiptsGet(receipt._id)).receipt).toMatchObject({ state: 50, cancel_time: clock });
    expect(merchantCalls.at(-1)).toMatchObject({ method: "CancelTransaction", params: { id: receipt._id, reason: 5 } });
    // A second cancel changes nothing.
    expect((await server().receiptsCancel(receipt._id)).receipt.state).toBe(50);
  });

  it("refunds a paid receipt the same way (21 → 50, reason 5), settled on read when its time has come", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 52 } });
    await server().payReceipt({ id: receipt._id, token });
    expect((await server().cancelReceipt(receipt._id, 4)).state).toBe(21);
    clock += 1_000;
    expect((await server().receiptsCheck(receipt._id)).state).toBe(50);
    expect(merchantCalls.filter((call) => call.method === "CancelTransaction").map((call) => call.params)).toEqual([{ id: receipt._id, reason: 5 }]);
  });

  it("pauses the cancel (20) when the store refuses it", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 53 } });
    await server().payReceipt({ id: receipt._id, token });
    merchantResponder = (call) => (call.method === "CancelTransaction" ? { error: { code: -31007, message: { ru: "Заказ выполнен", uz: "x", en: "fulfilled" } } } : defaultMerchant(call));
    await server().cancelReceipt(receipt._id, 4);
    clock += 1_000;
    expect((await server().receiptsGet(receipt._id)).receipt).toMatchObject({ state: 20, error: { code: -31007 } });
  });

  it("cancels an unpaid receipt at once, without the store", async () => {
    billing = true;
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 54 } });
    merchantCalls = [];
    expect((await server().cancelReceipt(receipt._id, 0)).state).toBe(50);
    expect(merchantCalls).toEqual([]);
    expect(await codeOf(server().receiptsPay({ id: receipt._id, token: "x" }))).toMatchObject({ code: -31008 });
  });

  it("releases a UZCARD hold after 30 days by itself (CancelTransaction reason 4)", async () => {
    billing = true;
    const token = await verifiedToken();
    const { receipt } = await server().receiptsCreate({ amount: 5000, account: { order_id: 55 }, hold: true });
    await server().payReceipt({ id: receipt._id, token, hold: true });
    clock += HOLD_LAPSE_MS - 1;
    expect((await server().receiptsCheck(receipt._id)).state).toBe(5);
    clock += 1;
    expect((await server().receiptsCheck(receipt._id)).state).toBe(50);
    expect(merchantCalls.at(-1)).toMatchObject({ method: "CancelTransaction", params: { id: receipt._id, reason: 4 } });
  });
});

describe("other receipt methods", () => {
  it("lists receipts of a period, newest first, with count and offset", async () => {
    const from = clock + 10_000_000;
    clock = from;
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      clock += 1_000;
      ids.push((await server().receiptsCreate({ amount: 100 + index, account: { order_id: 60 + index } })).receipt._id);
    }
    const all = await server().receiptsGetAll({ count: 50, from, to: clock, offset: 0 });
    expect(all.map((receipt) => receipt._id)).toEqual([...ids].reverse());
    const page = await server().receiptsGetAll({ count: 1, from, to: clock, offset: 1 });
    expect(page.map((receipt) => receipt._id)).toEqual([ids[1]]);
    expect(await codeOf(server().receiptsGetAll({ count: 51, from, to: clock, offset: 0 }))).toMatchObject({ kind: "params" });
  });

  it("sends an invoice, takes fiscal data, and knows no foreign receipt", async () => {
    const { receipt } = await server().receiptsCreate({ amount: 1000, account: { order_id: 70 } });
    expect(await server().receiptsSend({ id: receipt._id, phone: "998901304527" })).toEqual({ success: true });
    expect(
      await server().receiptsSetFiscalData({ id: receipt._id, fiscal_data: { receipt_id: 121, qr_code_url: "https://ofd.example/check" } }),
    ).toEqual({ success: true });
    expect(await codeOf(server().receiptsCheck("000000000000000000000000"))).toMatchObject({ code: -31003 });
  });

  it("keeps its data in its own storage, with no full card number in it", async () => {
    const files = readdirSync(storageDir);
    expect(files).toContain("payme-subscribe.db");
    const text = files.map((file) => readFileSync(join(storageDir, file)).toString("latin1")).join("");
    for (const number of Object.keys(testCards)) expect(text, number).not.toContain(number);
    expect(text).toContain("860006******6311");
  });
});
