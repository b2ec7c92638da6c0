import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clickAuthHeader, clickPaymentState, ClickMerchantApiError, createClickMerchantClient, tashkentDate, type ClickMerchantClientOptions } from "./merchant-api";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
type Handler = (request: Seen, response: ServerResponse) => void;

const json = (body: string, status = 200): Handler => (_request, response) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body);
};

type ClickServer = { url: string; port: number; seen: Seen[]; answer: (...handlers: Handler[]) => void; close: () => Promise<void> };

async function startServer(port = 0): Promise<ClickServer> {
  let handlers: Handler[] = [json('{"error_code":0,"error_note":"Success"}')];
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(entry);
      // Each request takes the next handler; the last one repeats.
      const handler = handlers.length > 1 ? handlers.shift()! : handlers[0]!;
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/v2/merchant/`,
    port: actual,
    seen,
    answer: (...next) => {
      handlers = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const NOW = 1_519_051_543_000;
const SECRET = "TESTSECRETKEY";

describe("clickAuthHeader", () => {
  it("is merchant_user_id:sha1(timestamp + secret):timestamp (protocol file example)", () => {
    expect(clickAuthHeader("4321", SECRET, NOW)).toBe("4321:47f1eddf3de441f8fe1b8aed7590ec6b62784a6e:1519051543");
  });

  it("uses whole seconds, 10 digits, and SHA-1 rather than the seed article's MD5", () => {
    const header = clickAuthHeader("4321", SECRET, NOW + 999);
    expect(header).toBe("4321:47f1eddf3de441f8fe1b8aed7590ec6b62784a6e:1519051543");
    const md5 = createHash("md5").update(`1519051543${SECRET}`).digest("hex");
    expect(header).not.toContain(md5);
  });
});

describe("Click Merchant API client over HTTP", () => {
  let click: ClickServer;
  let sleeps: number[];

  beforeEach(async () => {
    click = await startServer();
    sleeps = [];
  });

  afterEach(async () => {
    await click.close();
  });

  function client(overrides: Partial<ClickMerchantClientOptions> = {}) {
    return createClickMerchantClient({
      baseUrl: click.url,
      serviceId: "12345",
      merchantUserId: "4321",
      secretKey: SECRET,
      now: () => NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      timeoutMs: 2_000,
      ...overrides,
    });
  }

  it("creates an invoice: POST JSON with the amount as an exact sum, Auth header, invoice_id as bigint", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","invoice_id":9007199254740993}'));
    const result = await client().createInvoice({ amount: 1_500_050n, phoneNumber: "998901234567", merchantTransId: "1001" });
    expect(result).toEqual({ ok: true, invoiceId: 9007199254740993n });
    const [request] = click.seen;
    expect(request).toMatchObject({ method: "POST", url: "/v2/merchant/invoice/create" });
    expect(request!.headers.auth).toBe("4321:47f1eddf3de441f8fe1b8aed7590ec6b62784a6e:1519051543");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers.accept).toBe("application/json");
    expect(request!.body).toBe('{"service_id":12345,"amount":15000.50,"phone_number":"998901234567","merchant_trans_id":"1001"}');
    expect(JSON.parse(request!.body)).toEqual({ service_id: 12345, amount: 15000.5, phone_number: "998901234567", merchant_trans_id: "1001" });
  });

  it("returns Click's refusal as a result, not an exception", async () => {
    click.answer(json('{"error_code":-511,"error_note":"Client not found"}'));
    expect(await client().createInvoice({ amount: 100n, phoneNumber: "998901234567", merchantTransId: "1001" })).toEqual({
      ok: false,
      reason: "click_error",
      errorCode: -511,
      errorNote: "Client not found",
    });
  });

  it("refuses to send a bad phone number or amount", async () => {
    await expect(client().createInvoice({ amount: 100n, phoneNumber: "+998901234567", merchantTransId: "1" })).rejects.toThrow(RangeError);
    await expect(client().createInvoice({ amount: 0n, phoneNumber: "998901234567", merchantTransId: "1" })).rejects.toThrow(RangeError);
    expect(click.seen).toHaveLength(0);
  });

  it("reads an invoice's status with GET invoice/status/:service_id/:invoice_id", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","invoice_status":-99,"invoice_status_note":"Deleted"}'));
    expect(await client().invoiceStatus(9007199254740993n)).toEqual({ ok: true, invoiceStatus: -99, invoiceStatusNote: "Deleted" });
    expect(click.seen[0]).toMatchObject({ method: "GET", url: "/v2/merchant/invoice/status/12345/9007199254740993", body: "" });
    expect(click.seen[0]!.headers.auth).toBe("4321:47f1eddf3de441f8fe1b8aed7590ec6b62784a6e:1519051543");
  });

  it("reads a payment's status and maps it", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","payment_id":3456789012,"payment_status":2}'));
    expect(await client().paymentStatus(3456789012n)).toEqual({ ok: true, paymentId: 3456789012n, paymentStatus: 2, state: "succeeded" });
    expect(click.seen[0]).toMatchObject({ method: "GET", url: "/v2/merchant/payment/status/12345/3456789012" });
  });

  it("finds a payment by our order number with GET (never DELETE)", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","payment_id":3456789012,"merchant_trans_id":"1001"}'));
    expect(await client().paymentByMerchantTransId("1001", "2026-12-01")).toEqual({ ok: true, paymentId: 3456789012n, merchantTransId: "1001" });
    expect(click.seen[0]).toMatchObject({ method: "GET", url: "/v2/merchant/payment/status_by_mti/12345/1001/2026-12-01" });
    await expect(client().paymentByMerchantTransId("1001", "01.12.2026")).rejects.toThrow(RangeError);
  });

  it("escapes our order number in the path", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","payment_id":1,"merchant_trans_id":"a/b?c"}'));
    await client().paymentByMerchantTransId("a/b?c", "2026-12-01");
    expect(click.seen[0]!.url).toBe("/v2/merchant/payment/status_by_mti/12345/a%2Fb%3Fc/2026-12-01");
  });

  it("reverses a payment with DELETE payment/reversal/:service_id/:payment_id", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","payment_id":3456789012}'));
    expect(await client().reversePayment(3456789012n)).toEqual({ ok: true, paymentId: 3456789012n });
    expect(click.seen[0]).toMatchObject({ method: "DELETE", url: "/v2/merchant/payment/reversal/12345/3456789012" });
  });

  it("works with a base URL without its trailing slash", async () => {
    click.answer(json('{"error_code":0,"error_note":"Success","payment_id":1,"payment_status":0}'));
    expect(await client({ baseUrl: click.url.replace(/\/$/, "") }).paymentStatus(1n)).toMatchObject({ ok: true, state: "created" });
    expect(click.seen[0]!.url).toBe("/v2/merchant/payment/status/12345/1");
  });

  it.each([401, 403, 404, 406, 410, 400])("raises a typed error on HTTP %i without retrying", async (status) => {
    click.answer(json('{"error_code":-16,"error_note":"Unauthorized"}', status));
    const error = await client().paymentStatus(1n).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClickMerchantApiError);
    expect(error).toMatchObject({ kind: "http", status, errorCode: -16, endpoint: "payment/status" });
    expect(click.seen).toHaveLength(1);
  });

  it("retries a status call after 502 and 500, backing off", async () => {
    click.answer(json("<html>bad gateway</html>", 502), json("", 500), json('{"error_code":0,"error_note":"","payment_id":1,"payment_status":1}'));
    expect(await client({ retryDelayMs: 100 }).paymentStatus(1n)).toMatchObject({ ok: true, state: "processing" });
    expect(click.seen).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("gives up after the configured retries", async () => {
    click.answer(json("", 502));
    await expect(client({ retries: 1 }).invoiceStatus(1n)).rejects.toMatchObject({ kind: "http", status: 502 });
    expect(click.seen).toHaveLength(2);
  });

  it("never retries an invoice or a reversal that reached Click (a second push, a second refund)", async () => {
    click.answer(json("", 502));
    await expect(client().createInvoice({ amount: 100n, phoneNumber: "998901234567", merchantTransId: "1" })).rejects.toMatchObject({ kind: "http", status: 502 });
    await expect(client().reversePayment(1n)).rejects.toMatchObject({ kind: "http", status: 502 });
    expect(click.seen.map((request) => request.method)).toEqual(["POST", "DELETE"]);
  });

  it("times out a call Click does not answer, and retries it only when idempotent", async () => {
    click.answer(() => {});
    await expect(client({ timeoutMs: 150, retries: 1 }).paymentStatus(1n)).rejects.toMatchObject({ kind: "timeout" });
    expect(click.seen).toHaveLength(2);
    await expect(client({ timeoutMs: 150, retries: 1 }).reversePayment(1n)).rejects.toMatchObject({ kind: "timeout" });
    expect(click.seen).toHaveLength(3);
  });

  it.each([
    ["not JSON", "<html>ok</html>"],
    ["a JSON array", "[]"],
    ["no error_code", '{"error_note":"Success"}'],
    ["a text error_code", '{"error_code":"zero"}'],
    ["success without invoice_status", '{"error_code":0}'],
    ["a float id", '{"error_code":0,"invoice_status":1.5}'],
  ])("raises invalid_response for %s", async (_name, body) => {
    click.answer(json(body));
    await expect(client().invoiceStatus(1n)).rejects.toMatchObject({ kind: "invalid_response", endpoint: "invoice/status" });
  });

  it("sends a new Auth timestamp with every attempt", async () => {
    let clock = NOW;
    click.answer(json("", 502), json('{"error_code":0,"payment_id":1,"payment_status":2}'));
    await client({ now: () => (clock += 2_000) }).paymentStatus(1n);
    const stamps = click.seen.map((request) => String(request.headers.auth).split(":")[2]);
    expect(stamps).toEqual(["1519051545", "1519051547"]);
  });
});

describe("connection refused", () => {
  it("raises a network error, and retries even an invoice when nothing was sent", async () => {
    // A port that was free a moment ago; the server comes up while the client waits to retry.
    const probe = await startServer();
    const { port } = probe;
    await probe.close();
    let started: ClickServer | undefined;
    const invoices = createClickMerchantClient({
      baseUrl: `http://127.0.0.1:${port}/v2/merchant/`,
      serviceId: "12345",
      merchantUserId: "4321",
      secretKey: SECRET,
      retries: 1,
      sleep: async () => {
        started = await startServer(port);
        started.answer(json('{"error_code":0,"invoice_id":77}'));
      },
    });
    try {
      expect(await invoices.createInvoice({ amount: 100n, phoneNumber: "998901234567", merchantTransId: "1" })).toEqual({ ok: true, invoiceId: 77n });
      expect(started!.seen).toHaveLength(1);
    } finally {
      await started?.close();
    }
  });

  it("raises a typed network error once retries are spent", async () => {
    const probe = await startServer();
    const { port } = probe;
    await probe.close();
    const error = await createClickMerchantClient({
      baseUrl: `http://127.0.0.1:${port}/`,
      serviceId: "1",
      merchantUserId: "1",
      secretKey: "s",
      retries: 0,
    })
      .paymentStatus(1n)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClickMerchantApiError);
    expect(error).toMatchObject({ kind: "network" });
  });
});

describe("helpers", () => {
  it.each([
    [-1, "failed"],
    [-5017, "failed"],
    [0, "created"],
    [1, "processing"],
    [2, "succeeded"],
    [3, "unknown"],
  ] as const)("payment_status %i is %s", (status, state) => {
    expect(clickPaymentState(status)).toBe(state);
  });

  it("gives the Tashkent date (UTC+5)", () => {
    expect(tashkentDate(Date.UTC(2026, 10, 30, 18, 59, 59))).toBe("2026-11-30");
    expect(tashkentDate(Date.UTC(2026, 10, 30, 19, 0, 0))).toBe("2026-12-01");
  });
});
