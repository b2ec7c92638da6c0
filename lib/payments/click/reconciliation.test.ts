import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClickMerchantClient } from "./merchant-api";
import { clickRecordOf, fetchClickRecords, type ClickPreparedAttempt } from "./reconciliation";

const attempt = (paydoc: bigint, orderNumber = 1001): ClickPreparedAttempt => ({
  clickTransId: paydoc - 1_000_000_000n,
  clickPaydocId: paydoc,
  orderNumber,
  amount: 1_500_000n,
  preparedAt: new Date(Date.UTC(2026, 10, 30, 9)),
});

describe("clickRecordOf", () => {
  it.each([
    [2, "paid"],
    [1, "unpaid"],
    [0, "unpaid"],
    [-1, "unpaid"],
  ] as const)("maps payment_status %i to %s", (paymentStatus, state) => {
    const record = clickRecordOf(attempt(4_000_000_001n), { ok: true, paymentId: 4_000_000_001n, paymentStatus, state: "unknown" });
    expect(record).toEqual({ reference: "3000000001", orderNumber: 1001, amount: 1_500_000n, state, rawState: `payment_status ${paymentStatus}`, at: new Date(Date.UTC(2026, 10, 30, 9)) });
  });

  it("has no record when Click does not know the payment", () => {
    expect(clickRecordOf(attempt(4_000_000_001n), { ok: false, reason: "click_error", errorCode: -5, errorNote: "Not found" })).toBeNull();
  });
});

describe("fetchClickRecords over HTTP", () => {
  let server: Server;
  let url: string;
  let statuses: Map<string, number>;
  let down = false;
  let seen: string[];

  beforeEach(async () => {
    statuses = new Map([["4000000001", 2], ["4000000002", -1]]);
    down = false;
    seen = [];
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      const paydoc = (req.url ?? "").split("/").pop()!;
      if (down) return void res.writeHead(502).end();
      const status = statuses.get(paydoc);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(status === undefined ? '{"error_code":-5,"error_note":"Not found"}' : `{"error_code":0,"error_note":"Success","payment_id":${paydoc},"payment_status":${status}}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/merchant/`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => createClickMerchantClient({ baseUrl: url, serviceId: "12345", merchantUserId: "1", secretKey: "s", retries: 0 });

  it("asks payment/status for every Prepare and keeps the ones Click knows, in order", async () => {
    const attempts = [attempt(4_000_000_001n, 1), attempt(4_000_000_002n, 2), attempt(4_000_000_003n, 3)];
    const result = await fetchClickRecords(client(), attempts, 2);
    expect(result.ok && result.records.map((record) => [record.orderNumber, record.state])).toEqual([
      [1, "paid"],
      [2, "unpaid"],
    ]);
    expect(seen.sort()).toEqual(["/v2/merchant/payment/status/12345/4000000001", "/v2/merchant/payment/status/12345/4000000002", "/v2/merchant/payment/status/12345/4000000003"]);
  });

  it("fails as a whole, with a message in three languages, when Click cannot be asked", async () => {
    down = true;
    const result = await fetchClickRecords(client(), [attempt(4_000_000_001n)]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.ru).toContain("Click");
  });

  it("asks nothing for an empty period", async () => {
    expect(await fetchClickRecords(client(), [])).toEqual({ ok: true, records: [] });
    expect(seen).toEqual([]);
  });
});
