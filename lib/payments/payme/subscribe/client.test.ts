// The Subscribe client against a real local node:http endpoint that checks each request against
// the shapes recorded from Payme's docs and answers with the documented responses. No fetch mocks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSubscribeBrowserClient, normalizeCardInput } from "./browser-client";
import { DOC_KEY, DOC_MERCHANT_ID, DOC_TOKEN, docExamples, docReceiptHeld } from "./doc-examples";
import { documentedSubscribeCodes, SubscribeError, subscribeErrorMessage, transportErrorCodes } from "./errors";
import { createSubscribeClient } from "./server-client";
import { subscribeMethods, type SubscribeMethod } from "./schemas";

type Recorded = { method: string; params: Record<string, unknown>; auth: string | undefined; contentType: string | undefined; body: Record<string, unknown> };
type Reply = { json: unknown } | { status: number; text: string } | "hang" | "drop";
type Responder = (request: Recorded) => Reply;

let server: Server;
let endpoint: string;
let responder: Responder;
let requests: Recorded[] = [];
const hanging = new Set<ServerResponse>();

function reply(res: ServerResponse, answer: Reply): void {
  if (answer === "hang") {
    hanging.add(res);
    return;
  }
  if (answer === "drop") {
    res.socket?.destroy();
    return;
  }
  if ("json" in answer) {
    const text = JSON.stringify(answer.json);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(text);
    return;
  }
  res.writeHead(answer.status, { "content-type": "text/html" });
  res.end(answer.text);
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      const recorded: Recorded = {
        method: String(body.method),
        params: body.params as Record<string, unknown>,
        auth: req.headers["x-auth"] as string | undefined,
        contentType: req.headers["content-type"],
        body,
      };
      requests.push(recorded);
      reply(res, responder(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterEach(() => {
  for (const res of hanging) res.destroy();
  hanging.clear();
  requests = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Answers each method with its documented response. */
const documented: Responder = (request) => ({ json: docExamples[request.method]!.response });

const serverClient = (overrides: Partial<Parameters<typeof createSubscribeClient>[0]> = {}) =>
  createSubscribeClient({ endpoint, merchantId: DOC_MERCHANT_ID, key: DOC_KEY, retryDelayMs: 5, ...overrides });
const browserClient = () => createSubscribeBrowserClient({ endpoint, merchantId: DOC_MERCHANT_ID });

describe("the Subscribe client against the documented exchanges", () => {
  it("covers every method of the protocol file", () => {
    expect(Object.keys(docExamples).sort()).toEqual(Object.keys(subscribeMethods).sort());
  });

  it("sends the browser's card methods with X-Auth {id} only and reads the documented answers", async () => {
    responder = documented;
    const client = browserClient();
    const created = await client.cardsCreate({ card: { number: "8600069195406311", expire: "0399" }, save: true });
    expect(created.card).toEqual({ number: "860006******6311", expire: "03/99", token: DOC_TOKEN, recurrent: true, verify: false });
    const code = await client.cardsGetVerifyCode(DOC_TOKEN);
    expect(code).toEqual({ sent: true, phone: "99890*****31", wait: 60000 });
    const verified = await client.cardsVerify(DOC_TOKEN, "666666");
    expect(verified.card.verify).toBe(true);

    expect(requests.map((request) => request.method)).toEqual(["cards.create", "cards.get_verify_code", "cards.verify"]);
    for (const request of requests) {
      expect(request.auth).toBe(DOC_MERCHANT_ID);
      expect(request.params).toEqual(docExamples[request.method]!.params);
      expect(request.body).toMatchObject({ jsonrpc: "2.0", id: expect.any(Number), method: request.method });
      expect(request.contentType).toBe("application/json");
    }
  });

  it("sends every server method with X-Auth {id}:{key} and the documented params", async () => {
    responder = documented;
    const client = serverClient();
    const results: Record<string, unknown> = {};
    const params = (method: string) => docExamples[method]!.params as never;
    results["cards.check"] = await client.cardsCheck(DOC_TOKEN);
    results["cards.remove"] = await client.cardsRemove(DOC_TOKEN);
    results["receipts.create"] = await client.receiptsCreate(params("receipts.create"));
    results["receipts.pay"] = await client.receiptsPay(params("receipts.pay"));
    results["receipts.send"] = await client.receiptsSend(params("receipts.send"));
    results["receipts.cancel"] = await client.receiptsCancel("2e0b1bc1f1eb50d487ba268d");
    results["receipts.check"] = await client.receiptsCheck("2e0b1bc1f1eb50d487ba268d");
    results["receipts.get"] = await client.receiptsGet("2e0b1bc1f1eb50d487ba268d");
    results["receipts.get_all"] = await client.receiptsGetAll(params("receipts.get_all"));
    results["receipts.set_fiscal_data"] = await client.receiptsSetFiscalData(params("receipts.set_fiscal_data"));
    results["receipts.confirm_hold"] = await client.receiptsConfirmHold("624c0c2b0ac8b463e47422c7");

    for (const request of requests) {
      expect(request.auth, request.method).toBe(`${DOC_MERCHANT_ID}:${DOC_KEY}`);
      expect(request.params, request.method).toEqual(docExamples[request.method]!.params);
    }
    for (const [method, result] of Object.entries(results)) {
      // The client hands back exactly what Payme documented (loose objects keep unknown fields).
      expect(result, method).toEqual((docExamples[method]!.response as { result: unknown }).result);
    }
    expect((results["receipts.create"] as { receipt: { state: number } }).receipt.state).toBe(0);
    expect((results["receipts.confirm_hold"] as { receipt: { state: number } }).receipt.state).toBe(4);
  });

  it("reads a held receipt (state 5) as documented", async () => {
    responder = () => ({ json: { jsonrpc: "2.0", id: 123, result: { receipt: docReceiptHeld } } });
    const receipt = await serverClient().payReceipt({ id: docReceiptHeld._id, token: DOC_TOKEN, hold: true });
    expect(receipt.state).toBe(5);
    expect(requests[0]!.params).toEqual({ id: docReceiptHeld._id, token: DOC_TOKEN, hold: true });
  });

  it("refuses to send params that break the method's schema, without a request", async () => {
    responder = documented;
    const error = await browserClient()
      .cardsCreate({ card: { number: "8600 0691 9540 6311", expire: "03/99" } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SubscribeError);
    expect(error).toMatchObject({ kind: "params", code: transportErrorCodes.params, method: "cards.create" });
    expect(requests).toHaveLength(0);
    expect(normalizeCardInput("8600 0691-9540 6311", "03/99")).toEqual({ number: "8600069195406311", expire: "0399" });
  });
});

describe("errors", () => {
  it("maps a JSON-RPC error to SubscribeError {code, method, data} with a shopper message", async () => {
    responder = () => ({ json: { jsonrpc: "2.0", id: 1, error: { code: -31103, message: "Неверный код", data: "code" } } });
    const error = (await browserClient().cardsVerify(DOC_TOKEN, "111111").catch((caught: unknown) => caught)) as SubscribeError;
    expect(error).toBeInstanceOf(SubscribeError);
    expect(error).toMatchObject({ code: -31103, method: "cards.verify", data: "code", kind: "rpc", providerMessage: "Неверный код" });
    expect(error.shopperMessage("en")).toMatch(/SMS code is wrong/);
    expect(error.toJSON()).toEqual({ code: -31103, method: "cards.verify", kind: "rpc", message: subscribeErrorMessage(-31103) });
  });

  it("reads a localized error message object", async () => {
    responder = () => ({ json: { jsonrpc: "2.0", id: 1, error: { code: -32504, message: { ru: "Нет прав", uz: "Ruxsat yo'q", en: "No rights" } } } });
    const error = (await serverClient().cardsCheck(DOC_TOKEN).catch((caught: unknown) => caught)) as SubscribeError;
    expect(error).toMatchObject({ code: -32504, kind: "rpc", providerMessage: "Нет прав" });
  });

  it("has a clear ru/uz/en sentence for every code of the protocol file, never the raw code", () => {
    const protocolCodes = [
      -31300, -31301, -31302, -31303, -31630, -31400, -31110, -31101, -31102, -31103, -31002, -32500, -32602, -32504,
      -31601, -31610, -31611, -31612, -31622, -31623,
    ];
    const fallback = subscribeErrorMessage(-99999);
    for (const code of [...protocolCodes, ...documentedSubscribeCodes(), -31050, -31075, -31099]) {
      const message = subscribeErrorMessage(code);
      for (const locale of ["ru", "uz", "en"] as const) {
        expect(message[locale].length, `${code} ${locale}`).toBeGreaterThan(20);
        expect(message[locale], `${code} ${locale}`).not.toContain(String(code));
      }
      if (protocolCodes.includes(code)) expect(message, String(code)).not.toEqual(fallback);
    }
    // -31301 names its reason when `data` does.
    expect(subscribeErrorMessage(-31301, "card_expired").en).toMatch(/expired/);
    expect(subscribeErrorMessage(-31301, "card_blocked").en).toMatch(/blocked/);
    expect(subscribeErrorMessage(-31301, "sms_not_connected").en).toMatch(/SMS notifications/);
    expect(subscribeErrorMessage(-31301, "something else")).toEqual(subscribeErrorMessage(-31301));
  });

  it("gives up after the timeout with a `timeout` error", async () => {
    responder = () => "hang";
    const started = Date.now();
    const error = (await serverClient({ timeoutMs: 200, readRetries: 0 })
      .receiptsCheck("x")
      .catch((caught: unknown) => caught)) as SubscribeError;
    expect(error).toMatchObject({ kind: "timeout", code: transportErrorCodes.timeout, method: "receipts.check" });
    expect(error.outcomeUnknown).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("treats a 5xx page as a network failure and a 200 that is not JSON-RPC as a protocol error", async () => {
    responder = () => ({ status: 502, text: "<html>Bad gateway</html>" });
    await expect(serverClient({ readRetries: 0 }).receiptsCheck("x")).rejects.toMatchObject({ kind: "network" });
    responder = () => ({ status: 200, text: "<html>hello</html>" });
    await expect(serverClient().receiptsCheck("x")).rejects.toMatchObject({ kind: "protocol" });
    responder = () => ({ json: { jsonrpc: "2.0", id: 1, result: { receipt: { _id: "x" } } } });
    await expect(serverClient().receiptsGet("x")).rejects.toMatchObject({ kind: "protocol", code: transportErrorCodes.protocol });
  });

  it("fails with `network` when nothing listens", async () => {
    const client = createSubscribeClient({ endpoint: "http://127.0.0.1:1/api", merchantId: "m", key: "k", readRetries: 0 });
    await expect(client.receiptsCheck("x")).rejects.toMatchObject({ kind: "network", code: transportErrorCodes.network });
  });
});

describe("safe retries", () => {
  const check = (state: number): Reply => ({ json: { jsonrpc: "2.0", id: 1, result: { state } } });
  const paidReceipt = docExamples["receipts.pay"]!.response;
  const count = (method: SubscribeMethod) => requests.filter((request) => request.method === method).length;

  it("repeats an idempotent read after a dropped connection", async () => {
    let calls = 0;
    responder = () => (++calls === 1 ? "drop" : check(4));
    expect(await serverClient().receiptsCheck("r1")).toEqual({ state: 4 });
    expect(count("receipts.check")).toBe(2);
  });

  it("never repeats receipts.create, receipts.send or cards.remove", async () => {
    responder = () => "drop";
    const client = serverClient({ readRetries: 5 });
    await expect(client.receiptsCreate({ amount: 100, account: { order_id: 1 } })).rejects.toMatchObject({ kind: "network" });
    await expect(client.receiptsSend({ id: "r1", phone: "998901304527" })).rejects.toMatchObject({ kind: "network" });
    await expect(client.cardsRemove(DOC_TOKEN)).rejects.toMatchObject({ kind: "network" });
    expect(requests.map((request) => request.method)).toEqual(["receipts.create", "receipts.send", "cards.remove"]);
  });

  it("after a pay timeout checks the receipt, and pays again only because it is still state 0", async () => {
    let pays = 0;
    responder = (request) => {
      if (request.method === "receipts.pay") return ++pays === 1 ? "hang" : { json: paidReceipt };
      return check(0);
    };
    const receipt = await serverClient({ payTimeoutMs: 200 }).payReceipt(docExamples["receipts.pay"]!.params as never);
    expect(receipt.state).toBe(4);
    expect(requests.map((request) => request.method)).toEqual(["receipts.pay", "receipts.check", "receipts.pay"]);
  });

  it("after a pay timeout does not pay again when the receipt moved on: it returns the receipt as Payme has it", async () => {
    responder = (request) => {
      if (request.method === "receipts.pay") return "hang";
      if (request.method === "receipts.check") return check(4);
      return { json: paidReceipt };
    };
    const receipt = await serverClient({ payTimeoutMs: 200 }).payReceipt(docExamples["receipts.pay"]!.params as never);
    expect(receipt).toMatchObject({ _id: "2e0b1bc1f1eb50d487ba268d", state: 4 });
    expect(requests.map((request) => request.method)).toEqual(["receipts.pay", "receipts.check", "receipts.get"]);
  });

  it("after a pay timeout while the debit is still running (state 2) returns the receipt without paying again", async () => {
    responder = (request) => {
      if (request.method === "receipts.pay") return "hang";
      if (request.method === "receipts.check") return check(2);
      return { json: { jsonrpc: "2.0", id: 1, result: { receipt: { ...(paidReceipt.result as { receipt: object }).receipt, state: 2, pay_time: 0 } } } };
    };
    const receipt = await serverClient({ payTimeoutMs: 200 }).payReceipt(docExamples["receipts.pay"]!.params as never);
    expect(receipt.state).toBe(2);
    expect(count("receipts.pay")).toBe(1);
  });

  it("does not check or repeat after Payme refused the payment", async () => {
    responder = () => ({ json: { jsonrpc: "2.0", id: 1, error: { code: -31630, message: "Недостаточно средств" } } });
    await expect(serverClient().payReceipt(docExamples["receipts.pay"]!.params as never)).rejects.toMatchObject({ code: -31630, kind: "rpc" });
    expect(requests.map((request) => request.method)).toEqual(["receipts.pay"]);
  });

  it("keeps the outcome unknown when neither the pay nor the check answers", async () => {
    responder = () => "hang";
    const error = (await serverClient({ payTimeoutMs: 150, timeoutMs: 150, readRetries: 1 })
      .payReceipt(docExamples["receipts.pay"]!.params as never)
      .catch((caught: unknown) => caught)) as SubscribeError;
    expect(error).toMatchObject({ kind: "timeout", method: "receipts.pay" });
    expect(count("receipts.pay")).toBe(1);
    expect(count("receipts.check")).toBe(2);
  });

  it("stops after the allowed repeats even if the receipt stays untouched", async () => {
    responder = (request) => (request.method === "receipts.pay" ? "hang" : check(0));
    await expect(
      serverClient({ payTimeoutMs: 100, mutationRetries: 1 }).payReceipt(docExamples["receipts.pay"]!.params as never),
    ).rejects.toMatchObject({ kind: "timeout" });
    expect(count("receipts.pay")).toBe(2);
  });

  it("confirms a hold again only while the receipt is still held, and cancels again only from the same state", async () => {
    let confirms = 0;
    responder = (request) => {
      if (request.method === "receipts.confirm_hold") return ++confirms === 1 ? "hang" : { json: docExamples["receipts.confirm_hold"]!.response };
      return check(5);
    };
    expect((await serverClient({ payTimeoutMs: 150 }).confirmHold("624c0c2b0ac8b463e47422c7")).state).toBe(4);
    expect(count("receipts.confirm_hold")).toBe(2);

    requests = [];
    responder = (request) => {
      if (request.method === "receipts.cancel") return "hang";
      if (request.method === "receipts.check") return check(21);
      return { json: docExamples["receipts.cancel"]!.response };
    };
    expect((await serverClient({ timeoutMs: 150 }).cancelReceipt("2e0b1bc1f1eb50d487ba268d", 4)).state).toBe(21);
    expect(requests.map((request) => request.method)).toEqual(["receipts.cancel", "receipts.check", "receipts.get"]);
  });
});
