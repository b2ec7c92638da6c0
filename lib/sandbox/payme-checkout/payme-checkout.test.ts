import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildPaymeCheckoutForm, buildPaymeCheckoutLink } from "../../payments/payme/checkout-link";
import type { SandboxConfig } from "../config";
import { createSandboxServer, type SandboxServer } from "../server";
import { openSandboxStorage, type SandboxStorage } from "../storage";
import { parseCheckoutForm, parseCheckoutLink } from "./checkout-request";
import { paymeCheckoutModule } from "./index";
import { createCheckoutRecords } from "./records";
import { testSandboxConfig } from "../fixtures/sandbox-config";
import { formatMoney } from "../../money/money";

const MERCHANT = "5e730e8e0b852a417aa49ceb";
const KEY = "sandbox-test-key-0123456789abcdef";

type Call = { method: string; params: Record<string, unknown>; auth: string | undefined; at: number };
type Tx = { id: string; time: number; amount: number; order: string; create_time: number; perform_time: number; cancel_time: number; state: number; reason: number | null; transaction: string };

/** A small stand-in for the store's Merchant API: the protocol's rules for one-time orders. */
class FakeStore {
  calls: Call[] = [];
  orders = new Map<string, { amount: number; paid: boolean }>();
  txs = new Map<string, Tx>();
  /** Answers every Create with a fresh create_time (a broken, non-idempotent store). */
  brokenCreate = false;
  server: Server;
  url = "";
  private seq = 0;

  constructor() {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const request = JSON.parse(body) as { id: number; method: string; params: Record<string, unknown> };
        this.calls.push({ method: request.method, params: request.params, auth: req.headers.authorization, at: Date.now() });
        const answer = this.answer(req.headers.authorization, request.method, request.params);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, ...answer }));
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  private error(code: number, data?: unknown) {
    return { error: { code, message: { ru: `ошибка ${code}`, uz: `xato ${code}`, en: `error ${code}` }, data } };
  }

  private answer(auth: string | undefined, method: string, params: Record<string, unknown>) {
    if (auth !== `Basic ${Buffer.from(`Paycom:${KEY}`).toString("base64")}`) return this.error(-32504);
    const account = params.account as Record<string, string> | undefined;
    const order = account ? this.orders.get(String(account.order_id)) : undefined;
    const active = (number: string) => [...this.txs.values()].some((tx) => tx.order === number && tx.state === 1);
    switch (method) {
      case "CheckPerformTransaction":
        if (!order) return this.error(-31050, "order_id");
        if (order.paid) return this.error(-31099, "order_id");
        if (order.amount !== params.amount) return this.error(-31001, "amount");
        if (active(String(account!.order_id))) return this.error(-31099, "order_id");
        return { result: { allow: true, detail: { receipt_type: 0, items: [{ title: "Чай", price: order.amount, count: 1, code: "1", package_code: "1", vat_percent: 12 }] } } };
      case "CreateTransaction": {
        const existing = this.txs.get(String(params.id));
        if (existing) {
          if (existing.state !== 1) return this.error(-31008);
          return { result: { create_time: this.brokenCreate ? existing.create_time + 1 : existing.create_time, transaction: existing.transaction, state: 1 } };
        }
        if (!order) return this.error(-31050, "order_id");
        if (order.paid || active(String(account!.order_id))) return this.error(-31008);
        if (order.amount !== params.amount) return this.error(-31001, "amount");
        const tx: Tx = {
          id: String(params.id),
          time: Number(params.time),
          amount: Number(params.amount),
          order: String(account!.order_id),
          create_time: Date.now(),
          perform_time: 0,
          cancel_time: 0,
          state: 1,
          reason: null,
          transaction: String(++this.seq),
        };
        this.txs.set(tx.id, tx);
        return { result: { create_time: tx.create_time, transaction: tx.transaction, state: 1 } };
      }
      case "PerformTransaction": {
        const tx = this.txs.get(String(params.id));
        if (!tx) return this.error(-31003);
        if (tx.state === 1) {
          tx.state = 2;
          tx.perform_time = Date.now();
          this.orders.get(tx.order)!.paid = true;
        }
        if (tx.state !== 2) return this.error(-31008);
        return { result: { transaction: tx.transaction, perform_time: tx.perform_time, state: 2 } };
      }
      case "CancelTransaction": {
        const tx = this.txs.get(String(params.id));
        if (!tx) return this.error(-31003);
        if (tx.state === 1 || tx.state === 2) {
          if (tx.state === 2) this.orders.get(tx.order)!.paid = false;
          tx.state = tx.state === 1 ? -1 : -2;
          tx.cancel_time = Date.now();
          tx.reason = Number(params.reason);
        }
        return { result: { transaction: tx.transaction, cancel_time: tx.cancel_time, state: tx.state } };
      }
      case "CheckTransaction": {
        const tx = this.txs.get(String(params.id));
        if (!tx) return this.error(-31003);
        const { create_time, perform_time, cancel_time, transaction, state, reason } = tx;
        return { result: { create_time, perform_time, cancel_time, transaction, state, reason } };
      }
      default:
        return this.error(-32601, method);
    }
  }
}

const TOKEN = "sandbox-token-for-tests-".padEnd(43, "x");
let store: FakeStore;
let storage: SandboxStorage;
let sandbox: SandboxServer;
let base: string;

function config(storeUrl: string): SandboxConfig {
  return testSandboxConfig({ storeUrl, payme: { merchantId: MERCHANT, testKey: KEY, login: "Paycom" }, token: TOKEN });
}

beforeAll(async () => {
  store = new FakeStore();
  await store.start();
});
afterAll(() => new Promise<void>((resolve) => store.server.close(() => resolve())));

beforeEach(async () => {
  store.calls = [];
  store.txs.clear();
  store.orders.clear();
  store.brokenCreate = false;
  store.orders.set("197", { amount: 125_000_000, paid: false });
  storage = openSandboxStorage(":memory:");
  sandbox = createSandboxServer({
    config: config(store.url),
    storage,
    modules: [paymeCheckoutModule({ slowCardDelayMs: 300, retryDelayMs: 10 })],
    log: () => undefined,
  });
  base = `http://127.0.0.1:${await sandbox.listen()}`;
});
afterEach(async () => {
  await sandbox.close();
  storage.close();
});

const checkInput = {
  merchantId: MERCHANT,
  account: { order_id: "197" },
  amount: 125_000_000n,
  lang: "uz" as const,
  callback: "http://shop.test/orders/abc?payme=:transaction",
  callbackTimeoutMs: 15000,
};

async function openByForm(overrides: Partial<typeof checkInput> = {}): Promise<Response> {
  const form = buildPaymeCheckoutForm({ ...checkInput, ...overrides, checkoutUrl: `${base}/payme`, description: "Оплата заказа №197" });
  return fetch(form.action, { method: "POST", body: new URLSearchParams(form.fields), redirect: "manual" });
}

/** A cabinet form posted from the cabinet's own page by a browser holding the token's cookie. */
async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = cabinetBrowser()): Promise<Response> {
  return fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual", headers });
}

function cabinetBrowser(): Record<string, string> {
  return { cookie: `tolov_sandbox=${TOKEN}`, origin: base, "sec-fetch-site": "same-origin" };
}

async function page(path: string): Promise<string> {
  return (await fetch(`${base}${path}`, { headers: path.startsWith("/payme/cabinet") ? cabinetBrowser() : {} })).text();
}

/** Follows the processing page (it refreshes itself) until the payment has an outcome. */
async function outcome(path: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const text = await page(path);
    if (!text.includes('data-testid="payme-processing"')) return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the payment did not finish");
}

async function pay(card: string, code = "666666", overrides: Partial<typeof checkInput> = {}): Promise<{ path: string; html: string }> {
  const opened = await openByForm(overrides);
  expect(opened.status).toBe(303);
  const path = opened.headers.get("location")!;
  expect((await post(`${path}/card`, { card, expiry: "03/99" })).status).toBe(303);
  const step = await page(path);
  if (step.includes('action="' + path + '/verify"')) await post(`${path}/verify`, { code });
  return { path, html: await outcome(path) };
}

describe("the check (POST form and GET link)", () => {
  it("reads back exactly what the store's builders send", () => {
    const input = { ...checkInput, checkoutUrl: "http://localhost:3001/payme" };
    const link = buildPaymeCheckoutLink(input);
    const fromLink = parseCheckoutLink(link.slice("http://localhost:3001/payme/".length));
    const form = buildPaymeCheckoutForm({ ...input, detail: { receipt_type: 0, items: [] }, description: "x" });
    const fromForm = parseCheckoutForm(new URLSearchParams(form.fields));
    for (const parsed of [fromLink, fromForm]) {
      expect(parsed).toMatchObject({ merchant: MERCHANT, amount: 125_000_000n, account: { order_id: "197" }, lang: "uz", callback: checkInput.callback, callbackTimeoutMs: 15000 });
    }
    expect(fromForm.detail).toEqual({ receipt_type: 0, items: [] });
    expect(parseCheckoutLink("bT01ODdmNzJjNzJjYWMwZDE2MmM3MjJhZTI7YWMub3JkZXJfaWQ9MTk3O2E9NTAw")).toMatchObject({
      merchant: "587f72c72cac0d162c722ae2",
      account: { order_id: "197" },
      amount: 500n,
      lang: "ru",
    });
    expect(() => parseCheckoutLink("bm9uc2Vuc2U")).toThrow();
  });

  it("refuses an unknown merchant as Payme does (-31601) without calling the store", async () => {
    const response = await openByForm({ merchantId: "000000000000000000000000" });
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toContain("-31601");
    expect(text).toContain("http://shop.test/orders/abc?payme=null");
    expect(store.calls).toHaveLength(0);
  });

  it("shows the order, the amount in so'm and Payme's sandbox mark, and the store's fiscal items", async () => {
    const opened = await openByForm();
    const text = await page(opened.headers.get("location")!);
    expect(text).toContain("Buyurtma №197");
    expect(text).toContain("1\u00a0250\u00a0000\u00a0so&#39;m");
    expect(text).toContain("Payme Sinov muhiti");
    expect(text).toContain("Чай");
    expect(store.methods()).toEqual(["CheckPerformTransaction"]);
    const russian = await page(`${opened.headers.get("location")}?lang=ru`);
    expect(russian).toContain("Заказ №197");
    expect(russian).toContain("1\u00a0250\u00a0000\u00a0сум");
    // Written as the store writes it in each language (lib/money), English included.
    for (const lang of ["ru", "uz", "en"] as const) {
      const text = await page(`${opened.headers.get("location")}?lang=${lang}`);
      expect(text).toContain(formatMoney(125_000_000n, "UZS", lang).replace("'", "&#39;"));
    }
    const english = await page(`${opened.headers.get("location")}?lang=en`);
    expect(english).toContain("UZS\u00a01,250,000");
  });

  it("shows the store's refusal when the order cannot be paid", async () => {
    store.orders.get("197")!.paid = true;
    const opened = await openByForm();
    const text = await page(opened.headers.get("location")!);
    expect(text).toContain("-31099");
    expect(text).toContain("xato -31099");
    expect(text).toContain("http://shop.test/orders/abc?payme=null");
  });

  it("opens from the GET link too", async () => {
    const link = buildPaymeCheckoutLink({ ...checkInput, checkoutUrl: `${base}/payme` });
    const response = await fetch(link, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(await page(response.headers.get("location")!)).toContain('data-testid="payme-pay"');
  });
});

describe("a payment", () => {
  it("drives Check → Create → Create → Perform → Perform with Basic auth, then returns to the callback", async () => {
    const before = Date.now();
    const { html } = await pay("8600 0691 9540 6311");
    expect(html).toContain('data-testid="payme-success"');
    expect(store.methods()).toEqual([
      "CheckPerformTransaction",
      "CheckPerformTransaction",
      "CreateTransaction",
      "CreateTransaction",
      "PerformTransaction",
      "PerformTransaction",
    ]);
    const auth = `Basic ${Buffer.from(`Paycom:${KEY}`).toString("base64")}`;
    expect(store.calls.every((call) => call.auth === auth)).toBe(true);
    const [create, createAgain] = store.calls.filter((call) => call.method === "CreateTransaction");
    expect(create!.params).toEqual(createAgain!.params);
    const id = String(create!.params.id);
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(Number(create!.params.time)).toBeGreaterThanOrEqual(before);
    expect(create!.params).toMatchObject({ amount: 125_000_000, account: { order_id: "197" } });
    expect(store.txs.get(id)!.state).toBe(2);
    expect(html).toContain(`http://shop.test/orders/abc?payme=${id}`);
    expect(html).toContain('content="15;url=http://shop.test/orders/abc?payme=' + id);
    const tx = createCheckoutRecords(storage).getTransaction(id)!;
    expect(tx).toMatchObject({ state: 2, storeTransaction: "1", warnings: [], cardMask: "8600 06** **** 6311" });
  });

  it("honours the check's callback_timeout: the success page returns at once with ct=0, the callback's query kept", async () => {
    const opened = await openByForm({ callback: "http://127.0.0.1:3000/orders/abc?lang=uz&payme=:transaction", callbackTimeoutMs: 0 });
    const path = opened.headers.get("location")!;
    await post(`${path}/card`, { card: "8600 0691 9540 6311", expiry: "03/99" });
    await post(`${path}/verify`, { code: "666666" });
    // The result step waits for a quick payment instead of showing "processing" (and its 1 s refresh) first.
    const html = await page(path);
    expect(html).toContain('data-testid="payme-success"');
    const id = store.calls.find((call) => call.method === "PerformTransaction")!.params.id;
    const back = `http://127.0.0.1:3000/orders/abc?lang=uz&amp;payme=${id}`;
    expect(html).toContain(`content="0;url=${back}"`);
    expect(html).toContain(`location.replace("http://127.0.0.1:3000/orders/abc?lang=uz&payme=${id}")},0)`);
  });

  it("refuses an unknown card, a wrong expiry and wrong codes on the page itself", async () => {
    const opened = await openByForm();
    const path = opened.headers.get("location")!;
    await post(`${path}/card`, { card: "1234 5678 9012 3456", expiry: "03/99" });
    expect(await page(path)).toContain("Karta topilmadi");
    await post(`${path}/card`, { card: "8600 0691 9540 6311", expiry: "04/99" });
    expect(await page(path)).toContain("muddati noto&#39;g&#39;ri");
    await post(`${path}/card`, { card: "8600069195406311", expiry: "0399" });
    await post(`${path}/verify`, { code: "111111" });
    expect(await page(path)).toContain("Qolgan urinishlar: 2");
    await post(`${path}/verify`, { code: "222222" });
    await post(`${path}/verify`, { code: "333333" });
    expect(await page(path)).toContain('data-testid="payme-failure"');
    expect(store.methods()).toEqual(["CheckPerformTransaction"]);
  });

  it.each([
    ["4444 4459 8745 9073", "Karta bloklangan"],
    ["3333 3364 1580 4657", "muddati tugagan"],
    ["8600 0609 2109 0842", "SMS-xabarnoma ulanmagan"],
  ])("fails %s before the SMS step, without a transaction", async (card, message) => {
    const opened = await openByForm();
    const path = opened.headers.get("location")!;
    await post(`${path}/card`, { card, expiry: "03/99" });
    const text = await page(path);
    expect(text).toContain('data-testid="payme-failure"');
    expect(text).toContain(message);
    expect(text).toContain("http://shop.test/orders/abc?payme=null");
    expect(store.methods()).toEqual(["CheckPerformTransaction"]);
    // "Pay with another card" goes back to the card step.
    await post(`${path}/retry`, {});
    expect(await page(path)).toContain('data-testid="payme-pay"');
  });

  it.each([
    ["8600 1434 1777 0323", "noma&#39;lum tizim xatosi"],
    ["8600 1343 0184 9596", "o&#39;z vaqtida javob bermadi"],
  ])("cancels %s with reason 2 after Create, so the order is payable again", async (card, message) => {
    const started = Date.now();
    const { html } = await pay(card);
    expect(html).toContain(message);
    expect(store.methods()).toEqual([
      "CheckPerformTransaction",
      "CheckPerformTransaction",
      "CreateTransaction",
      "CreateTransaction",
      "CancelTransaction",
      "CancelTransaction",
    ]);
    const cancel = store.calls.find((call) => call.method === "CancelTransaction")!;
    expect(cancel.params.reason).toBe(2);
    if (card.startsWith("8600 1343")) expect(cancel.at - started).toBeGreaterThanOrEqual(300);
    const tx = store.txs.get(String(cancel.params.id))!;
    expect(tx).toMatchObject({ state: -1, reason: 2 });
    expect(html).toContain(`payme=${tx.id}`);
  });
});

describe("faults and the cabinet", () => {
  it("repeats a call whose answer was lost, and the payment still goes through once", async () => {
    const opened = await openByForm();
    const path = opened.headers.get("location")!;
    await post("/payme/cabinet/faults", { loseNext: "3", delayMs: "0" });
    await post(`${path}/card`, { card: "8600 4954 7331 6478", expiry: "03/99" });
    await post(`${path}/verify`, { code: "666666" });
    expect(await outcome(path)).toContain('data-testid="payme-success"');
    // The first three answers of the payment were lost: Check, Create and the repeated Create are each sent again.
    expect(store.methods()).toEqual([
      "CheckPerformTransaction",
      "CheckPerformTransaction",
      "CheckPerformTransaction",
      "CreateTransaction",
      "CreateTransaction",
      "CreateTransaction",
      "CreateTransaction",
      "PerformTransaction",
      "PerformTransaction",
    ]);
    expect(createCheckoutRecords(storage).faults().loseNext).toBe(0);
    const cabinet = await page("/payme/cabinet");
    expect(cabinet).toContain("previous answer lost");
    expect(cabinet).not.toContain('class="warn"');
  });

  it("sends Create, Perform and Cancel twice at once when asked, and flags a store that breaks idempotency", async () => {
    await post("/payme/cabinet/faults", { loseNext: "0", delayMs: "0", duplicate: "1" });
    const { html } = await pay("8600 0691 9540 6311");
    expect(html).toContain('data-testid="payme-success"');
    expect(store.methods().filter((method) => method === "CreateTransaction")).toHaveLength(4);
    expect(store.methods().filter((method) => method === "PerformTransaction")).toHaveLength(4);

    await post("/payme/cabinet/faults", { loseNext: "0", delayMs: "0" });
    store.calls = [];
    store.orders.get("197")!.paid = false;
    store.brokenCreate = true;
    const broken = await pay("8600 0691 9540 6311");
    expect(broken.html).toContain("-31623");
    const cancel = store.calls.find((call) => call.method === "CancelTransaction")!;
    expect(cancel.params.reason).toBe(3);
    expect(await page("/payme/cabinet")).toContain("CreateTransaction: the repeated call was answered differently");
  });

  it("refunds a performed transaction from the cabinet (CancelTransaction, reason 5)", async () => {
    await pay("8600 0691 9540 6311");
    const id = [...store.txs.keys()][0]!;
    expect(await page("/payme/cabinet")).toContain(`data-testid="refund-${id}"`);
    const response = await post(`/payme/cabinet/transactions/${id}/refund`, {});
    expect(response.status).toBe(303);
    expect(store.txs.get(id)).toMatchObject({ state: -2, reason: 5 });
    expect(createCheckoutRecords(storage).getTransaction(id)).toMatchObject({ state: -2, reason: 5 });
    expect(decodeURIComponent(response.headers.get("location")!)).toContain('"state":-2');
  });

  it("tells the shopper when the store cannot be reached (-31622)", async () => {
    await sandbox.close();
    sandbox = createSandboxServer({
      config: config("http://127.0.0.1:9"),
      storage,
      modules: [paymeCheckoutModule({ slowCardDelayMs: 300, retryDelayMs: 10 })],
      log: () => undefined,
    });
    base = `http://127.0.0.1:${await sandbox.listen()}`;
    const opened = await openByForm();
    const text = await page(opened.headers.get("location")!);
    expect(text).toContain("-31622");
    expect(await page("/payme/cabinet")).toContain("http://127.0.0.1:9/api/payme");
  });
});

describe("the cabinet needs the sandbox token (issue 10)", () => {
  it("shows nothing of the store's answers without the token", async () => {
    await openByForm();
    const anonymous = await fetch(`${base}/payme/cabinet`);
    expect(anonymous.status).toBe(401);
    const text = await anonymous.text();
    expect(text).not.toContain("CheckPerformTransaction");
    expect(text).not.toContain(store.url);
    expect(await page("/payme/cabinet")).toContain("CheckPerformTransaction");
  });

  it("refuses a change without the token, with a wrong one, or from another site", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { cookie: "tolov_sandbox=wrong", origin: base, "sec-fetch-site": "same-origin" },
      { cookie: `tolov_sandbox=${TOKEN}`, origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      { cookie: `tolov_sandbox=${TOKEN}`, origin: "http://evil.example" },
      { cookie: `tolov_sandbox=${TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await post("/payme/cabinet/faults", { loseNext: "7", delayMs: "0" }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(createCheckoutRecords(storage).faults().loseNext).toBe(0);
    expect((await post("/payme/cabinet/faults", { loseNext: "7", delayMs: "0" })).status).toBe(303);
    expect(createCheckoutRecords(storage).faults().loseNext).toBe(7);
  });

  it("signs a browser in with the token from its own page only", async () => {
    const wrong = await post("/payme/cabinet/sign-in", { token: "nope" }, { origin: base });
    expect(wrong.status).toBe(403);
    const crossSite = await post("/payme/cabinet/sign-in", { token: TOKEN }, { origin: "http://evil.example" });
    expect(crossSite.status).toBe(403);
    const right = await post("/payme/cabinet/sign-in", { token: TOKEN }, { origin: base });
    expect(right.status).toBe(303);
    expect(right.headers.get("set-cookie")).toMatch(/^tolov_sandbox=.+HttpOnly; SameSite=Strict/);
  });

  it("never calls a URL the configuration did not give it", async () => {
    const hits: string[] = [];
    const trap = createServer((req, res) => {
      hits.push(req.headers.authorization ?? "");
      res.end("{}");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/internal#`;
    try {
      // The old open form: with or without the token, it changes nothing now.
      await post("/payme/cabinet/connection", { storeUrl: trapUrl }, {});
      await post("/payme/cabinet/connection", { storeUrl: trapUrl });
      const opened = await openByForm();
      await page(opened.headers.get("location")!);
      expect(hits).toEqual([]);
      expect(store.calls.length).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
  });
});
