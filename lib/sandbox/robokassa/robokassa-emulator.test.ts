import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  decideFail,
  decideResultNotification,
  decideSuccess,
  parseResultNotification,
  type RobokassaAttempt,
  type RobokassaCallbackKeys,
} from "../../payments/robokassa/callbacks";
import { fetchOpState } from "../../payments/robokassa/op-state";
import { buildRobokassaPayment, type RobokassaPaymentInput } from "../../payments/robokassa/payment-link";
import { buildRobokassaReceipt } from "../../payments/robokassa/receipt";
import { createRefund, pollRefundState } from "../../payments/robokassa/refund";
import { startTestServer, type TestServer } from "../../payments/robokassa/test-server";
import { createSandboxServer, type SandboxServer } from "../server";
import { openSandboxStorage, type SandboxStorage } from "../storage";
import type { RobokassaSandboxCredentials } from "./credentials";
import { robokassaEmulatorModule } from "./index";
import { createRobokassaRecords } from "./records";
import { testSandboxConfig } from "../fixtures/sandbox-config";

const TOKEN = "sandbox-token-for-tests-".padEnd(43, "x");
const credentials: RobokassaSandboxCredentials = {
  login: "tolov-sandbox",
  password1: "test-password-1",
  password2: "test-password-2",
  password3: "password-3",
  hash: "sha256",
};
const keys: RobokassaCallbackKeys = { password1: credentials.password1, password2: credentials.password2, hash: credentials.hash, live: false };

/** The store's side: ResultURL through the real decisions, payments recorded once per InvId. */
class FakeStore {
  server!: TestServer;
  attempts = new Map<string, RobokassaAttempt>();
  payments = new Map<string, bigint>();
  answers: { status: number; body: string; signature: string }[] = [];
  /** The next N notifications get a 500 before the store looks at them (an outage). */
  outage = 0;

  async start(): Promise<void> {
    this.server = await startTestServer((req, res) => {
      if (req.url !== "/api/robokassa/result" || req.method !== "POST") return void res.writeHead(404).end();
      const form = new URLSearchParams(req.body);
      if (this.outage > 0) {
        this.outage -= 1;
        return void res.writeHead(500).end("down");
      }
      const parsed = parseResultNotification(form);
      const decision = parsed.ok
        ? decideResultNotification(parsed.notification, this.attempts.get(parsed.notification.invId.toString()), keys)
        : parsed.decision;
      if (decision.kind === "record_payment" && !this.payments.has(decision.payment.reference)) {
        this.payments.set(decision.payment.reference, decision.payment.amount);
      }
      this.answers.push({ ...decision.answer, signature: form.get("SignatureValue") ?? "" });
      res.writeHead(decision.answer.status, { "content-type": "text/plain" }).end(decision.answer.body);
    });
  }
}

let store: FakeStore;
let storage: SandboxStorage;
let sandbox: SandboxServer;
let base = "";

beforeEach(async () => {
  store = new FakeStore();
  await store.start();
  storage = openSandboxStorage(":memory:");
  const config = testSandboxConfig({ storeUrl: store.server.url, token: TOKEN });
  sandbox = createSandboxServer({
    config,
    storage,
    modules: [robokassaEmulatorModule({ credentials, sleep: async () => undefined, retryDelayMs: 1, maxAttempts: 4, timeoutMs: 2_000 })],
    log: () => undefined,
  });
  base = `http://127.0.0.1:${await sandbox.listen()}`;
});

afterEach(async () => {
  await sandbox.close();
  await store.server.close();
  storage.close();
});

function payment(invId: bigint, extra: Partial<RobokassaPaymentInput> = {}) {
  const receipt = buildRobokassaReceipt(
    [
      { name: "Чай & кофе", quantity: 2, amount: 6_000_000n },
      { name: "Кружка", quantity: 1, amount: 4_000_000n },
    ],
    70_250n,
    { sno: "osn", tax: "none", paymentMethod: "full_prepayment", paymentObject: "commodity" },
  );
  if (!receipt.ok) throw new Error(receipt.reason);
  const result = buildRobokassaPayment({
    payUrl: `${base}/robokassa/Merchant/Index.aspx`,
    merchantLogin: credentials.login,
    outSum: 70_250n,
    invId,
    description: "Заказ №197",
    culture: "en",
    isTest: true,
    receiptJson: receipt.json,
    shp: { Shp_order: "197" },
    password1: credentials.password1,
    hash: credentials.hash,
    ...extra,
  });
  if (!result.ok) throw new Error(result.message);
  store.attempts.set(invId.toString(), { invId, orderNumber: "197", amount: 10_000_000n, outSum: 70_250n });
  return result;
}

/** The headers of a browser on the cabinet's own page holding the sandbox token's cookie. */
function cabinetBrowser(): Record<string, string> {
  return { cookie: `tolov_sandbox=${TOKEN}`, origin: base, "sec-fetch-site": "same-origin" };
}

async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function open(invId: bigint, via: "form" | "link" = "form"): Promise<string> {
  const { url, form } = payment(invId);
  const response = via === "form" ? await postForm(form.action, form.fields) : await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!, base).toString();
}

describe("Robokassa emulator: paying", () => {
  it("pays through the form: notifies ResultURL as Robokassa does, then redirects to a verifiable SuccessURL", async () => {
    const page = await open(450_009n);
    const html = await (await fetch(page)).text();
    expect(html).toContain("702.50 ₽");
    expect(html).toContain("Чай &amp; кофе");

    const paid = await postForm(page, { action: "pay" });
    expect(paid.status).toBe(303);
    const success = new URL(paid.headers.get("location")!);
    expect(`${success.origin}${success.pathname}`).toBe(`${store.server.url}/api/robokassa/success`);
    expect(success.searchParams.get("OutSum")).toBe("702.500000");
    expect(decideSuccess(success.searchParams, store.attempts.get("450009"), keys)).toMatchObject({
      kind: "show_order",
      orderNumber: "197",
      outcome: "confirming",
      culture: "en",
    });

    expect(store.payments).toEqual(new Map([["450009", 10_000_000n]]));
    const notification = new URLSearchParams(store.server.requests[0]!.body);
    expect(notification.get("OutSum")).toBe("702.500000");
    expect(notification.get("Shp_order")).toBe("197");
    expect(notification.get("IsTest")).toBe("1");
    expect(notification.get("SignatureValue")).toMatch(/^[0-9A-F]{64}$/);
    expect(store.answers).toEqual([{ status: 200, body: "OK450009", signature: notification.get("SignatureValue") }]);
  });

  it("accepts the GET link with its twice-encoded Receipt", async () => {
    const page = await open(450_010n, "link");
    expect(page).toBe(`${base}/robokassa/pay/450010`);
    expect((await postForm(page, { action: "pay" })).status).toBe(303);
    expect(store.payments.get("450010")).toBe(10_000_000n);
  });

  it("leads a refusal to FailURL without notifying", async () => {
    const page = await open(450_011n);
    const failed = await postForm(page, { action: "fail" });
    const fail = new URL(failed.headers.get("location")!);
    expect(fail.pathname).toBe("/api/robokassa/fail");
    expect(decideFail(fail.searchParams, store.attempts.get("450011"))).toMatchObject({ kind: "show_order", outcome: "failed" });
    expect(store.server.requests).toHaveLength(0);
    // The closed invoice cannot be paid afterwards.
    expect((await postForm(page, { action: "pay" })).headers.get("location")).toBe("/robokassa/pay/450011");
    expect(store.payments.size).toBe(0);
  });

  it("pays once however often the button is pressed", async () => {
    const page = await open(450_012n);
    await Promise.all([postForm(page, { action: "pay" }), postForm(page, { action: "pay" })]);
    expect(store.server.requests).toHaveLength(1);
  });
});

describe("Robokassa emulator: refusing bad payment requests", () => {
  it.each([
    ["a wrong signature", (fields: Record<string, string>) => ({ ...fields, SignatureValue: "0".repeat(64) }), 400, "signature"],
    ["a changed amount", (fields: Record<string, string>) => ({ ...fields, OutSum: "1.00" }), 400, "signature"],
    ["a Receipt encoded twice in the form", (fields: Record<string, string>) => ({ ...fields, Receipt: encodeURIComponent(fields.Receipt!) }), 400, "signature"],
    ["another shop", (fields: Record<string, string>) => ({ ...fields, MerchantLogin: "other" }), 404, "Shop not found"],
  ])("refuses %s", async (_label, change, status, text) => {
    const { form } = payment(460_001n);
    const response = await postForm(form.action, change(form.fields));
    expect(response.status).toBe(status);
    expect((await response.text()).toLowerCase()).toContain(text.toLowerCase());
  });

  it("takes a Description of 100 characters, emoji included, and refuses a longer one", async () => {
    const long = payment(460_005n, { description: "😀".repeat(100) });
    expect(long.form.fields.Description).toBe("😀".repeat(100));
    expect((await postForm(long.form.action, long.form.fields)).status).toBe(303);
    const { form } = payment(460_006n);
    const response = await postForm(form.action, { ...form.fields, Description: "x".repeat(101) });
    expect(response.status).toBe(400);
  });

  it("refuses a Receipt that does not add up to OutSum", async () => {
    const receipt = '{"items":[{"name":"a","quantity":1,"sum":1.00,"tax":"none"}]}';
    const { form } = payment(460_002n, { receiptJson: receipt });
    const response = await postForm(form.action, form.fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Receipt items add up to 100 kopeks");
  });

  it("refuses an expired invoice and a paid InvId used again", async () => {
    const { form } = payment(460_003n, { expiresAt: new Date(Date.now() - 60_000) });
    expect((await postForm(form.action, form.fields)).status).toBe(400);
    const page = await open(460_004n);
    await postForm(page, { action: "pay" });
    const again = payment(460_004n);
    expect((await postForm(again.form.action, again.form.fields)).status).toBe(409);
  });
});

describe("Robokassa emulator: notifications until OK{InvId}", () => {
  it("repeats the notification while the store fails, and the store records it once", async () => {
    store.outage = 2;
    const page = await open(470_001n);
    await postForm(page, { action: "pay" });
    const records = createRobokassaRecords(storage);
    // The retries run in the background: wait until the emulator recorded the store's OK.
    await vi.waitFor(() => expect(records.getInvoice("470001")?.notified).toBe(true), { timeout: 5_000 });
    expect(store.server.requests).toHaveLength(3);
    expect(store.payments).toEqual(new Map([["470001", 10_000_000n]]));
    expect(records.listNotifications("470001").map((entry) => [entry.status, entry.accepted])).toEqual([
      [500, false],
      [500, false],
      [200, true],
    ]);
    expect(records.getInvoice("470001")?.notified).toBe(true);
  });

  it("injects a lost answer, a repeat and a forged notification; the store pays once and refuses the forgery", async () => {
    createRobokassaRecords(storage).setFaults({ loseAnswers: 1, repeat: true, forge: true });
    const page = await open(470_002n);
    await postForm(page, { action: "pay" });
    await vi.waitFor(() => expect(createRobokassaRecords(storage).listNotifications("470002")).toHaveLength(4), { timeout: 5_000 });
    expect(store.answers.map((answer) => `${answer.status} ${answer.body}`)).toEqual([
      "403 bad sign",
      "200 OK470002",
      "200 OK470002",
      "200 OK470002",
    ]);
    expect(store.payments).toEqual(new Map([["470002", 10_000_000n]]));
    expect(createRobokassaRecords(storage).listNotifications("470002").map((entry) => entry.kind)).toEqual(["forged", "genuine", "genuine", "repeat"]);
  });
});

describe("Robokassa emulator: shutting down", () => {
  it("stops waiting to retry when the sandbox closes", async () => {
    await sandbox.close();
    store.outage = 100;
    const config = testSandboxConfig({ storeUrl: store.server.url, token: TOKEN });
    // Real pauses of ten minutes between notifications: close() must not wait for them.
    sandbox = createSandboxServer({ config, storage, modules: [robokassaEmulatorModule({ credentials, retryDelayMs: 600_000 })], log: () => undefined });
    base = `http://127.0.0.1:${await sandbox.listen()}`;
    const page = await open(490_001n);
    await postForm(page, { action: "pay" });
    await sandbox.close();
    expect(createRobokassaRecords(storage).listNotifications("490001").map((entry) => entry.status)).toEqual([500]);
    sandbox = createSandboxServer({ config, storage, modules: [], log: () => undefined });
  });
});

describe("Robokassa emulator: OpStateExt and refunds", () => {
  const opState = () => ({ url: `${base}/robokassa/Merchant/WebService/Service.asmx/OpStateExt`, merchantLogin: credentials.login, password2: credentials.password2, hash: credentials.hash });
  const refunds = () => ({ url: `${base}/robokassa/RefundService`, password3: credentials.password3 });

  it("answers the connection check: operation not found with the right password, bad signature otherwise", async () => {
    expect(await fetchOpState(opState(), 999_999n)).toMatchObject({ ok: false, reason: "refused", refusal: "operation_not_found" });
    expect(await fetchOpState({ ...opState(), password2: "wrong" }, 999_999n)).toMatchObject({ ok: false, refusal: "bad_signature" });
    expect(await fetchOpState({ ...opState(), merchantLogin: "other" }, 999_999n)).toMatchObject({ ok: false, refusal: "shop_not_found" });
  });

  it("reports the paid invoice, refunds it in two parts and then reports it returned", async () => {
    const page = await open(480_001n);
    expect(await fetchOpState(opState(), 480_001n)).toMatchObject({ ok: true, found: { state: "initialised" } });
    await postForm(page, { action: "pay" });
    const state = await fetchOpState(opState(), 480_001n);
    expect(state).toMatchObject({ ok: true, found: { state: "success", incSum: 70_250n, userFields: { Shp_order: "197" } } });
    const opKey = state.ok ? state.found.opKey! : "";

    const partial = await createRefund(refunds(), { opKey, amount: 20_000n });
    expect(partial).toMatchObject({ ok: true });
    const sleep = async () => undefined;
    expect(await pollRefundState(refunds(), partial.ok ? partial.requestId : "", { sleep })).toMatchObject({
      ok: true,
      refund: { amount: 20_000n, label: "finished" },
    });
    expect(await createRefund(refunds(), { opKey, amount: 60_000n })).toMatchObject({ ok: false, reason: "refused" });
    expect(await createRefund({ ...refunds(), password3: "wrong" }, { opKey })).toMatchObject({ ok: false, reason: "http_status", status: 401 });

    const rest = await createRefund(refunds(), { opKey });
    expect(await pollRefundState(refunds(), rest.ok ? rest.requestId : "", { sleep })).toMatchObject({ ok: true, refund: { amount: 50_250n, label: "finished" } });
    expect(await fetchOpState(opState(), 480_001n)).toMatchObject({ ok: true, found: { state: "returned" } });
  });

  it("lists what it recorded in the cabinet", async () => {
    const page = await open(480_002n);
    await postForm(page, { action: "pay" });
    const html = await (await fetch(`${base}/robokassa/cabinet`, { headers: cabinetBrowser() })).text();
    expect(html).toContain("480002");
    expect(html).toContain("OK480002");
    const saved = await postForm(`${base}/robokassa/cabinet/faults`, { loseAnswers: "2", repeat: "1" }, cabinetBrowser());
    expect(await saved.text()).toContain("Fault injection updated.");
    expect(createRobokassaRecords(storage).faults()).toEqual({ loseAnswers: 2, repeat: true, forge: false });
  });
});

describe("Robokassa emulator: the cabinet needs the sandbox token (issue 10)", () => {
  it("shows nothing of the store's answers without the token", async () => {
    const page = await open(500_001n);
    await postForm(page, { action: "pay" });
    for (const headers of [{}, { cookie: "tolov_sandbox=wrong" }] as Record<string, string>[]) {
      const anonymous = await fetch(`${base}/robokassa/cabinet`, { headers });
      expect(anonymous.status).toBe(401);
      const text = await anonymous.text();
      expect(text).not.toContain("OK500001");
      expect(text).not.toContain(store.server.url);
      expect(text).toContain('action="/robokassa/cabinet/sign-in"');
    }
    expect(await (await fetch(`${base}/robokassa/cabinet`, { headers: cabinetBrowser() })).text()).toContain("OK500001");
  });

  it("refuses a change without the token, with a wrong one, or from another site: nothing changed", async () => {
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
      const response = await postForm(`${base}/robokassa/cabinet/faults`, { loseAnswers: "3", forge: "1" }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).not.toContain("Fault injection updated.");
    }
    expect(createRobokassaRecords(storage).faults()).toEqual({ loseAnswers: 0, repeat: false, forge: false });
    expect((await postForm(`${base}/robokassa/cabinet/faults`, { loseAnswers: "3", forge: "1" }, cabinetBrowser())).status).toBe(200);
    expect(createRobokassaRecords(storage).faults()).toEqual({ loseAnswers: 3, repeat: false, forge: true });
    const bearer = await postForm(`${base}/robokassa/cabinet/faults`, { loseAnswers: "1" }, { authorization: `Bearer ${TOKEN}` });
    expect(bearer.status).toBe(200);
    expect(createRobokassaRecords(storage).faults()).toEqual({ loseAnswers: 1, repeat: false, forge: false });
  });

  it("signs a browser in with the token from its own page only", async () => {
    expect((await postForm(`${base}/robokassa/cabinet/sign-in`, { token: "nope" }, { origin: base })).status).toBe(403);
    const crossSite = await postForm(`${base}/robokassa/cabinet/sign-in`, { token: TOKEN }, { origin: "http://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const right = await postForm(`${base}/robokassa/cabinet/sign-in`, { token: TOKEN }, { origin: base });
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/robokassa/cabinet");
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^tolov_sandbox=.+HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/robokassa/cabinet`, { headers: { cookie: cookie.split(";")[0]! } })).status).toBe(200);
  });

  it("has no connection form: the store's addresses are shown read-only", async () => {
    const html = await (await fetch(`${base}/robokassa/cabinet`, { headers: cabinetBrowser() })).text();
    expect(html).toContain(`${store.server.url}/api/robokassa/result`);
    expect(html).toContain('data-testid="robokassa-connection-source"');
    expect(html).not.toContain("/robokassa/cabinet/connection");
    expect([...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((match) => match[1])).toEqual(["/robokassa/cabinet/faults"]);
  });

  it("never calls a URL the configuration did not give it", async () => {
    const hits: string[] = [];
    const trap = await startTestServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "text/plain" }).end("OK500002");
    });
    try {
      const fields = { storeUrl: trap.url, resultUrl: `${trap.url}/internal`, password2: "chosen-by-a-stranger" };
      expect((await postForm(`${base}/robokassa/cabinet/connection`, fields)).status).toBe(403);
      expect((await postForm(`${base}/robokassa/cabinet/connection`, fields, cabinetBrowser())).status).toBe(404);
      const page = await open(500_002n);
      await postForm(page, { action: "pay" });
      expect(hits).toEqual([]);
      expect(store.payments).toEqual(new Map([["500002", 10_000_000n]]));
    } finally {
      await trap.close();
    }
  });
});
