import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleClickCallback } from "../../payments/click/handle-callback";
import { ClickMerchantApiError, createClickMerchantClient, tashkentDate } from "../../payments/click/merchant-api";
import { buildClickPayLink } from "../../payments/click/pay-link";
import { createMemoryCallbackStore } from "../../payments/click/memory-callback-store";
import type { ClickEndpoint } from "../../payments/click/schemas";
import type { SandboxConfig } from "../config";
import { createSandboxServer, type SandboxServer } from "../server";
import { openSandboxStorage, type SandboxStorage } from "../storage";
import { clickEmulatorModule, type ClickSandboxCredentials } from "./index";
import { createClickRecords } from "./records";
import { tashkentSignTime } from "./shop-api-client";
import { testSandboxConfig } from "../fixtures/sandbox-config";

const TOKEN = "sandbox-token-for-tests-".padEnd(43, "x");
const CREDENTIALS: ClickSandboxCredentials = { serviceId: "12345", merchantId: "67890", merchantUserId: "4321", secretKey: "sandbox-click-secret-0123456789" };

type Received = { endpoint: ClickEndpoint; contentType: string | undefined; body: string; fields: Record<string, string>; answer: string };

/** A store wired the way the settlement core will be: handleClickCallback over an in-memory store. */
class ClickStore {
  received: Received[] = [];
  memory = createMemoryCallbackStore();
  /** Answers with HTTP 503 this many times first (the store is down). */
  downFor = 0;
  server: Server;
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        if (this.downFor > 0) {
          this.downFor -= 1;
          res.writeHead(503).end();
          return;
        }
        const endpoint: ClickEndpoint = req.url === "/api/click/prepare" ? "prepare" : "complete";
        const deps = { settings: async () => ({ ...CREDENTIALS, windowMs: 30 * 60_000 }), store: this.memory.store };
        void handleClickCallback(endpoint, { method: req.method ?? "GET", contentType: req.headers["content-type"], body }, deps).then((answer) => {
          this.received.push({ endpoint, contentType: req.headers["content-type"], body, fields: Object.fromEntries(new URLSearchParams(body)), answer: answer.body });
          res.writeHead(answer.status, { "content-type": answer.contentType ?? "text/plain" });
          res.end(answer.body);
        });
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.received = [];
    this.memory = createMemoryCallbackStore();
    this.downFor = 0;
    this.addOrder("1001");
  }

  addOrder(number: string): void {
    this.memory.orders.set(number, { amount: 1_500_000n, paid: 0n, refunded: 0n, cancelled: false, cancelRequested: false });
  }

  get payments() {
    return this.memory.ledger;
  }
}

let store: ClickStore;
let storage: SandboxStorage;
let sandbox: SandboxServer;
let base: string;

function config(storeUrl: string): SandboxConfig {
  return testSandboxConfig({ storeUrl, token: TOKEN });
}

beforeAll(async () => {
  store = new ClickStore();
  await store.start();
});
afterAll(() => new Promise<void>((resolve) => store.server.close(() => resolve())));

beforeEach(async () => {
  store.reset();
  storage = openSandboxStorage(":memory:");
  sandbox = createSandboxServer({
    config: config(store.url),
    storage,
    modules: [clickEmulatorModule({ credentials: () => CREDENTIALS, retryDelayMs: 10, timeoutMs: 5_000 })],
    log: () => undefined,
  });
  base = `http://127.0.0.1:${await sandbox.listen()}`;
});
afterEach(async () => {
  await sandbox.close();
  storage.close();
});

function payLink(overrides: { amount?: bigint; orderNumber?: string; serviceId?: string } = {}): string {
  return buildClickPayLink({
    payUrl: `${base}/click/services/pay`,
    serviceId: overrides.serviceId ?? CREDENTIALS.serviceId,
    merchantId: CREDENTIALS.merchantId,
    amount: overrides.amount ?? 1_500_000n,
    orderNumber: overrides.orderNumber ?? "1001",
    returnUrl: "http://shop.test/orders/abc",
  });
}

/** Opens the link (as the browser does) and presses a button; returns the result page. */
async function payThrough(link: string, button: "pay" | "decline"): Promise<string> {
  const opened = await fetch(link, { redirect: "manual" });
  expect(opened.status).toBe(303);
  const pagePath = opened.headers.get("location")!;
  const pageUrl = new URL(pagePath, base);
  expect(await (await fetch(pageUrl)).text()).toContain('data-testid="click-pay"');
  const pressed = await fetch(new URL(`${pageUrl.pathname}/${button}`, base), { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
  expect(pressed.status).toBe(303);
  return (await fetch(new URL(pressed.headers.get("location")!, base))).text();
}

/** The headers of a browser on the cabinet's own page holding the sandbox token's cookie. */
function cabinetBrowser(): Record<string, string> {
  return { cookie: `tolov_sandbox=${TOKEN}`, origin: base, "sec-fetch-site": "same-origin" };
}

/** A cabinet form posted from the cabinet's own page (or with other headers). */
function cabinetPost(path: string, fields: Record<string, string>, headers: Record<string, string> = cabinetBrowser()): Promise<Response> {
  return fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual", headers });
}

async function cabinetPage(): Promise<string> {
  return (await fetch(`${base}/click/cabinet`, { headers: cabinetBrowser() })).text();
}

async function setFaults(fields: Record<string, string>): Promise<void> {
  const response = await cabinetPost("/click/cabinet/faults", fields);
  expect(response.status).toBe(303);
}

describe("services/pay", () => {
  it("pays: signed form-encoded Prepare then Complete, the order paid once, the shopper sent back", async () => {
    const result = await payThrough(payLink(), "pay");
    expect(result).toContain('data-status="completed"');
    expect(result).toContain('href="http://shop.test/orders/abc"');

    expect(store.received.map((call) => call.endpoint)).toEqual(["prepare", "complete"]);
    const [prepare, complete] = store.received;
    for (const call of [prepare!, complete!]) {
      expect(call.contentType).toBe("application/x-www-form-urlencoded");
      expect(JSON.parse(call.answer)).toMatchObject({ error: 0 });
    }
    expect(Object.keys(prepare!.fields)).toEqual(["click_trans_id", "service_id", "click_paydoc_id", "merchant_trans_id", "amount", "action", "error", "error_note", "sign_time", "sign_string"]);
    expect(prepare!.fields).toMatchObject({ service_id: "12345", merchant_trans_id: "1001", amount: "15000.00", action: "0", error: "0" });
    expect(complete!.fields).toMatchObject({ action: "1", error: "0", merchant_prepare_id: JSON.parse(prepare!.answer).merchant_prepare_id.toString() });
    // Ids beyond 2^31, as Click's are.
    expect(BigInt(prepare!.fields.click_trans_id!)).toBeGreaterThan(2n ** 31n);
    expect(prepare!.fields.sign_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(store.payments).toEqual([{ orderNumber: "1001", reference: prepare!.fields.click_trans_id, paydocId: BigInt(prepare!.fields.click_paydoc_id!), amount: 1_500_000n }]);
  });

  it("signs sign_time in Tashkent time (UTC+5)", () => {
    expect(tashkentSignTime(Date.UTC(2026, 11, 1, 20, 30, 5))).toBe("2026-12-02 01:30:05");
  });

  it("declines: Complete carries Click's error, the store answers -9 and releases, the order stays payable", async () => {
    const result = await payThrough(payLink(), "decline");
    expect(result).toContain('data-status="failed"');
    expect(store.received.map((call) => [call.endpoint, call.fields.error, JSON.parse(call.answer).error])).toEqual([
      ["prepare", "0", 0],
      ["complete", "-5017", -9],
    ]);
    expect(store.payments).toEqual([]);
    expect(store.memory.reservations.size).toBe(0);
    expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
  });

  it("stops after a refused Prepare: no Complete, the shopper sees the store's reason", async () => {
    const result = await payThrough(payLink({ orderNumber: "999" }), "pay");
    expect(result).toContain('data-status="failed"');
    expect(result).toContain("User does not exist");
    expect(store.received.map((call) => call.endpoint)).toEqual(["prepare"]);
  });

  it("repeats a callback whose answer got lost, byte for byte, and the store replays its answer", async () => {
    await setFaults({ loseNext: "1" });
    expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
    const prepares = store.received.filter((call) => call.endpoint === "prepare");
    expect(prepares).toHaveLength(2);
    expect(prepares[1]!.body).toBe(prepares[0]!.body);
    expect(prepares[1]!.answer).toBe(prepares[0]!.answer);
    expect(store.payments).toHaveLength(1);
    expect(createClickRecords(storage).listPayments()[0]!.note).toBeUndefined();
  });

  it("sends every callback twice at once under the duplicate fault: one payment", async () => {
    await setFaults({ duplicate: "1" });
    expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
    expect(store.received.map((call) => call.endpoint)).toEqual(["prepare", "prepare", "complete", "complete"]);
    expect(store.payments).toHaveLength(1);
  });

  it("sends the amount as 15000 in the whole style; the store accepts it signed as sent", async () => {
    await setFaults({ amountStyle: "whole" });
    expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
    expect(store.received.map((call) => call.fields.amount)).toEqual(["15000", "15000"]);
  });

  it("retries while the store is down, then gives up", async () => {
    store.downFor = 2;
    expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
    store.downFor = 100;
    store.addOrder("1002");
    const result = await payThrough(payLink({ orderNumber: "1002" }), "pay");
    expect(result).toContain('data-status="failed"');
    const calls = createClickRecords(storage).listCalls().filter((call) => call.request.includes("merchant_trans_id=1002"));
    expect(calls.map((call) => call.kind)).toEqual(["prepare", "prepare", "prepare"]);
  });

  it.each([
    ["another service", () => payLink({ serviceId: "11111" }), 404],
    ["a bad amount", () => payLink().replace("amount=15000.00", "amount=1.5e4"), 400],
    ["no transaction_param", () => payLink().replace(/&transaction_param=1001/, ""), 400],
  ])("refuses a link with %s", async (_name, link, status) => {
    const response = await fetch(link(), { redirect: "manual" });
    expect(response.status).toBe(status);
    expect(await response.text()).toContain('data-testid="click-error"');
    expect(store.received).toEqual([]);
  });

  it("pays once however often the button is pressed", async () => {
    const opened = await fetch(payLink(), { redirect: "manual" });
    const path = new URL(opened.headers.get("location")!, base).pathname;
    await Promise.all([1, 2, 3].map(() => fetch(`${base}${path}/pay`, { method: "POST", body: "", redirect: "manual" })));
    expect(store.received.filter((call) => call.endpoint === "prepare")).toHaveLength(1);
  });
});

describe("Merchant API", () => {
  function client(overrides: { secretKey?: string } = {}) {
    return createClickMerchantClient({ baseUrl: `${base}/click/v2/merchant/`, serviceId: CREDENTIALS.serviceId, merchantUserId: CREDENTIALS.merchantUserId, secretKey: overrides.secretKey ?? CREDENTIALS.secretKey, retries: 0 });
  }

  it("pays by phone: invoice → the app page confirms → callbacks → statuses → reversal", async () => {
    const created = await client().createInvoice({ amount: 1_500_000n, phoneNumber: "998901234567", merchantTransId: "1001" });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(await client().invoiceStatus(created.invoiceId)).toMatchObject({ ok: true, invoiceStatus: 0 });

    const invoice = createClickRecords(storage).invoiceById(String(created.invoiceId))!;
    expect(invoice.phoneNumber).toBe("998901234567");
    const confirmed = await fetch(`${base}/click/app/invoices/${invoice.token}/confirm`, { method: "POST", body: new URLSearchParams({ lang: "uz" }), redirect: "manual" });
    expect(confirmed.status).toBe(303);
    expect(await (await fetch(new URL(confirmed.headers.get("location")!, base))).text()).toContain('data-status="2"');

    expect(await client().invoiceStatus(created.invoiceId)).toMatchObject({ ok: true, invoiceStatus: 2 });
    expect(store.payments).toHaveLength(1);
    const paydoc = BigInt(store.received[0]!.fields.click_paydoc_id!);
    expect(await client().paymentStatus(paydoc)).toEqual({ ok: true, paymentId: paydoc, paymentStatus: 2, state: "succeeded" });
    expect(await client().paymentByMerchantTransId("1001", tashkentDate(Date.now()))).toEqual({ ok: true, paymentId: paydoc, merchantTransId: "1001" });

    expect(await client().reversePayment(paydoc)).toEqual({ ok: true, paymentId: paydoc });
    expect(await client().paymentStatus(paydoc)).toMatchObject({ ok: true, state: "failed", paymentStatus: -2 });
    expect(await client().reversePayment(paydoc)).toMatchObject({ ok: false, reason: "click_error" });
  });

  it("rejects an invoice without any callback", async () => {
    const created = await client().createInvoice({ amount: 1_500_000n, phoneNumber: "998901234567", merchantTransId: "1001" });
    if (!created.ok) throw new Error("not created");
    const invoice = createClickRecords(storage).invoiceById(String(created.invoiceId))!;
    await fetch(`${base}/click/app/invoices/${invoice.token}/reject`, { method: "POST", body: "", redirect: "manual" });
    expect(await client().invoiceStatus(created.invoiceId)).toMatchObject({ ok: true, invoiceStatus: -99 });
    expect(store.received).toEqual([]);
  });

  it("refuses a wrong Auth header with HTTP 401", async () => {
    const error = await client({ secretKey: "wrong" }).paymentStatus(1n).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClickMerchantApiError);
    expect(error).toMatchObject({ kind: "http", status: 401 });
  });

  it("answers unknown payments and invoices with a refusal", async () => {
    expect(await client().paymentStatus(123n)).toMatchObject({ ok: false, reason: "click_error" });
    expect(await client().invoiceStatus(123n)).toMatchObject({ ok: false, reason: "click_error" });
    expect(await client().paymentByMerchantTransId("1001", "2026-01-01")).toMatchObject({ ok: false, reason: "click_error" });
  });
});

describe("cabinet", () => {
  it("lists payments and the calls it made", async () => {
    await payThrough(payLink(), "pay");
    const page = await cabinetPage();
    expect(page).toContain('data-testid="click-payments"');
    expect(page).toContain('data-status="completed"');
    expect(page).toContain("sign_string=");
    expect(page).not.toContain(CREDENTIALS.secretKey);
  });
});

describe("Complete held by QA", () => {
  it("keeps the payment prepared until the cabinet sends Complete", async () => {
    await setFaults({ holdComplete: "1" });
    const result = await payThrough(payLink(), "pay");
    expect(result).toContain('data-status="prepared"');
    expect(store.received.map((call) => call.endpoint)).toEqual(["prepare"]);
    expect(store.memory.snapshot("1001")).toMatchObject({ status: "processing" });

    const payment = createClickRecords(storage).listPayments()[0]!;
    const cabinet = await cabinetPage();
    expect(cabinet).toContain(`/click/cabinet/payments/${payment.id}/complete`);
    const sent = await cabinetPost(`/click/cabinet/payments/${payment.id}/complete`, {});
    expect(decodeURIComponent(sent.headers.get("location")!)).toContain("completed");
    expect(store.payments).toHaveLength(1);
    expect(createClickRecords(storage).getPayment(payment.id)).toMatchObject({ status: "completed", note: undefined });

    // Sent once: the payment is no longer prepared.
    const again = await cabinetPost(`/click/cabinet/payments/${payment.id}/complete`, {});
    expect(decodeURIComponent(again.headers.get("location")!)).toContain("No such prepared payment");
    expect(store.received.filter((call) => call.endpoint === "complete")).toHaveLength(1);
  });

  it("sends a held Complete as declined: the store releases the order", async () => {
    await setFaults({ holdComplete: "1" });
    await payThrough(payLink(), "pay");
    const payment = createClickRecords(storage).listPayments()[0]!;
    expect((await cabinetPost(`/click/cabinet/payments/${payment.id}/decline`, {})).status).toBe(303);
    expect(createClickRecords(storage).getPayment(payment.id)).toMatchObject({ status: "failed", completeError: -9 });
    expect(store.memory.snapshot("1001")).toMatchObject({ status: "pending", reservation: null });
  });
});

describe("the cabinet needs the sandbox token (issue 10)", () => {
  it("shows nothing of the store's answers without the token", async () => {
    await payThrough(payLink(), "pay");
    const anonymous = await fetch(`${base}/click/cabinet`);
    expect(anonymous.status).toBe(401);
    const text = await anonymous.text();
    expect(text).not.toContain("sign_string=");
    expect(text).not.toContain("merchant_prepare_id");
    expect(text).not.toContain(store.url);
    expect(text).toContain('action="/click/cabinet/sign-in"');
    const wrongCookie = await fetch(`${base}/click/cabinet`, { headers: { cookie: "tolov_sandbox=wrong" } });
    expect(wrongCookie.status).toBe(401);
    const page = await cabinetPage();
    expect(page).toContain("sign_string=");
    expect(page).toContain("merchant_prepare_id");
  });

  it("refuses a change without the token, with a wrong one, or from another site: nothing changed", async () => {
    await setFaults({ holdComplete: "1" });
    await payThrough(payLink(), "pay");
    const payment = createClickRecords(storage).listPayments()[0]!;
    const attempts: Record<string, string>[] = [
      {},
      { origin: base, "sec-fetch-site": "same-origin" },
      { cookie: "tolov_sandbox=wrong", origin: base, "sec-fetch-site": "same-origin" },
      { cookie: `tolov_sandbox=${TOKEN}`, origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      { cookie: `tolov_sandbox=${TOKEN}`, origin: "http://evil.example" },
      { cookie: `tolov_sandbox=${TOKEN}`, origin: "null" },
      { cookie: `tolov_sandbox=${TOKEN}` },
    ];
    for (const headers of attempts) {
      const faults = await cabinetPost("/click/cabinet/faults", { loseNext: "7" }, headers);
      expect(faults.status, JSON.stringify(headers)).toBe(403);
      const complete = await cabinetPost(`/click/cabinet/payments/${payment.id}/complete`, {}, headers);
      expect(complete.status, JSON.stringify(headers)).toBe(403);
    }
    expect(createClickRecords(storage).faults()).toMatchObject({ loseNext: 0, holdComplete: true });
    expect(createClickRecords(storage).getPayment(payment.id)).toMatchObject({ status: "prepared" });
    expect(store.received.map((call) => call.endpoint)).toEqual(["prepare"]);

    // The same forms with the token, from the cabinet's own page.
    expect((await cabinetPost("/click/cabinet/faults", { loseNext: "7", holdComplete: "1" })).status).toBe(303);
    expect(createClickRecords(storage).faults()).toMatchObject({ loseNext: 7, holdComplete: true });
    expect((await cabinetPost(`/click/cabinet/payments/${payment.id}/complete`, {}, { authorization: `Bearer ${TOKEN}` })).status).toBe(303);
    expect(store.received.map((call) => call.endpoint)).toContain("complete");
  });

  it("signs a browser in with the token from its own page only", async () => {
    expect((await cabinetPost("/click/cabinet/sign-in", { token: "nope" }, { origin: base })).status).toBe(403);
    const crossSite = await cabinetPost("/click/cabinet/sign-in", { token: TOKEN }, { origin: "http://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const right = await cabinetPost("/click/cabinet/sign-in", { token: TOKEN }, { origin: base });
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/click/cabinet");
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^tolov_sandbox=.+HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/click/cabinet`, { headers: { cookie: cookie.split(";")[0]! } })).status).toBe(200);
  });

  it("has no connection form: the store URL and keys are shown read-only", async () => {
    const page = await cabinetPage();
    expect(page).toContain(`${store.url}/api/click/prepare`);
    expect(page).toContain('data-testid="click-connection-source"');
    expect(page).not.toContain("/click/cabinet/connection");
    for (const field of ["storeUrl", "serviceId", "merchantId", "merchantUserId", "secretKey"]) expect(page).not.toContain(`name="${field}"`);
  });

  it("never calls a URL the configuration did not give it", async () => {
    const hits: string[] = [];
    const trap = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end("{}");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/internal#`;
    try {
      // The old open form: with or without the token, it changes nothing now.
      const fields = { storeUrl: trapUrl, secretKey: "chosen-by-a-stranger", serviceId: "12345" };
      expect((await cabinetPost("/click/cabinet/connection", fields, {})).status).toBe(403);
      await cabinetPost("/click/cabinet/connection", fields);
      await cabinetPost("/click/cabinet/connection/reset", {});
      expect(storage.getSetting("click.overrides")).toBeUndefined();
      expect(await payThrough(payLink(), "pay")).toContain('data-status="completed"');
      expect(hits).toEqual([]);
      expect(store.received.map((call) => call.endpoint)).toEqual(["prepare", "complete"]);
      // Signed with the configured key: the store accepted both.
      expect(store.received.map((call) => JSON.parse(call.answer).error)).toEqual([0, 0]);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
  });
});
