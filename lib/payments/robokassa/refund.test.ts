import { compactVerify, decodeProtectedHeader } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { createRefund, getRefundState, pollRefundState, refundPayload, type RefundClientOptions } from "./refund";
import { startTestServer, type TestServer } from "./test-server";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const password3 = "password_3";
const options = (url: string): RefundClientOptions => ({ url: `${url}/RefundService/`, password3, timeoutMs: 2_000 });

/** What the refund service sees: the verified payload text, or undefined for a bad token. */
async function verifiedPayload(token: string, key = password3): Promise<string | undefined> {
  try {
    const { payload } = await compactVerify(token, new TextEncoder().encode(key), { algorithms: ["HS256"] });
    return new TextDecoder().decode(payload);
  } catch {
    return undefined;
  }
}

describe("createRefund over HTTP", () => {
  it("posts a JWT signed with Password3 (HS256) for a partial refund", async () => {
    server = await startTestServer((req, res) => {
      void verifiedPayload(req.body).then((payload) =>
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify(payload ? { success: true, message: null, requestId: "9d1a5b4e-2c8f-4f62-9b7e-0a1b2c3d4e5f" } : { success: false, message: "bad token" }),
        ),
      );
    });
    expect(await createRefund(options(server.url), { opKey: "OPKEY-1", amount: 1_234n })).toEqual({
      ok: true,
      requestId: "9d1a5b4e-2c8f-4f62-9b7e-0a1b2c3d4e5f",
    });
    const sent = server.requests[0]!;
    expect(sent).toMatchObject({ method: "POST", url: "/RefundService/Refund/Create" });
    expect(decodeProtectedHeader(sent.body)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(await verifiedPayload(sent.body)).toBe('{"OpKey":"OPKEY-1","RefundSum":12.34}');
    expect(await verifiedPayload(sent.body, "password_2")).toBeUndefined();
  });

  it("omits RefundSum for a full refund and can list the refunded items", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"success":true,"requestId":"r-2"}'));
    expect(await createRefund(options(server.url), { opKey: "K" })).toEqual({ ok: true, requestId: "r-2" });
    expect(await verifiedPayload(server.requests[0]!.body)).toBe('{"OpKey":"K"}');
    expect(
      refundPayload({
        opKey: "K",
        amount: 500n,
        items: [{ name: "Чай", quantity: 2, cost: 250n, tax: "none", paymentMethod: "full_payment", paymentObject: "commodity" }],
      }),
    ).toBe('{"OpKey":"K","RefundSum":5.00,"InvoiceItems":[{"Name":"Чай","Quantity":2,"Cost":2.50,"Tax":"none","PaymentMethod":"full_payment","PaymentObject":"commodity"}]}');
  });

  it("returns Robokassa's refusal as data", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"success":false,"message":"Недостаточно средств для возврата","requestId":null}'));
    expect(await createRefund(options(server.url), { opKey: "K", amount: 100n })).toEqual({
      ok: false,
      reason: "refused",
      message: "Недостаточно средств для возврата",
    });
  });

  it("types HTTP and protocol failures", async () => {
    server = await startTestServer((req, res) => {
      const payload = Buffer.from(req.body.split(".")[1] ?? "", "base64url").toString("utf8");
      if (payload.includes('"401"')) res.writeHead(401).end("Unauthorized");
      else if (payload.includes('"junk"')) res.writeHead(200).end("<html>oops</html>");
      else res.writeHead(200).end('{"success":true}');
    });
    expect(await createRefund(options(server.url), { opKey: "401" })).toMatchObject({ ok: false, reason: "http_status", status: 401 });
    expect(await createRefund(options(server.url), { opKey: "junk" })).toMatchObject({ ok: false, reason: "protocol" });
    expect(await createRefund(options(server.url), { opKey: "no-id" })).toMatchObject({ ok: false, reason: "protocol" });
  });

  it("reports a URL that does not parse as a network failure", async () => {
    expect(await createRefund({ url: "services.robokassa.ru", password3 }, { opKey: "K" })).toMatchObject({ ok: false, reason: "network" });
    expect(await getRefundState({ url: "services.robokassa.ru", password3 }, "r")).toMatchObject({ ok: false, reason: "network" });
  });

  it("refuses to send what cannot be a refund", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"success":true,"requestId":"x"}'));
    expect(await createRefund(options(server.url), { opKey: "K", amount: 0n })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await createRefund(options(server.url), { opKey: "" })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await createRefund({ ...options(server.url), password3: "" }, { opKey: "K" })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("refund state", () => {
  it("reads the state with the amount in kopeks", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"requestId":"r-1","amount":12.34,"label":"finished"}'));
    expect(await getRefundState(options(server.url), "r-1")).toEqual({ ok: true, refund: { requestId: "r-1", amount: 1_234n, label: "finished" } });
    expect(server.requests[0]!.url).toBe("/RefundService/Refund/GetState?id=r-1");
  });

  it("polls while processing, until finished or canceled", async () => {
    const labels = ["processing", "processing", "canceled"];
    server = await startTestServer((_req, res) => res.writeHead(200).end(JSON.stringify({ requestId: "r-3", amount: 10, label: labels.shift() ?? "finished" })));
    const pauses: number[] = [];
    const sleep = async (ms: number) => void pauses.push(ms);
    expect(await pollRefundState(options(server.url), "r-3", { intervalMs: 5, sleep })).toEqual({
      ok: true,
      refund: { requestId: "r-3", amount: 1_000n, label: "canceled" },
    });
    expect(pauses).toEqual([5, 5]);
  });

  it("stops polling after the given number of reads, still processing", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"requestId":"r-4","amount":"1.5","label":"processing"}'));
    expect(await pollRefundState(options(server.url), "r-4", { attempts: 3, sleep: async () => undefined })).toEqual({
      ok: true,
      refund: { requestId: "r-4", amount: 150n, label: "processing" },
    });
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    ["an unknown label", '{"requestId":"r","amount":1,"label":"done"}'],
    ["a negative amount", '{"requestId":"r","amount":-1,"label":"finished"}'],
    ["a fraction of a kopek", '{"requestId":"r","amount":1.001,"label":"finished"}'],
    ["not JSON", "Service Unavailable"],
  ])("treats %s as a protocol failure", async (_label, body) => {
    server = await startTestServer((_req, res) => res.writeHead(200).end(body));
    expect(await getRefundState(options(server.url), "r")).toMatchObject({ ok: false, reason: "protocol" });
  });

  it("returns a refusal as data", async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end('{"success":false,"message":"not found"}'));
    expect(await getRefundState(options(server.url), "r")).toEqual({ ok: false, reason: "refused", message: "not found" });
  });
});
