import { describe, expect, it } from "vitest";
import type { RobokassaAttempt, RobokassaPayment } from "./callbacks";
import { answerResultUrl, type ResultEndpointDeps } from "./result-endpoint";

const attempt: RobokassaAttempt = { invId: 450009n, orderNumber: "197", amount: 1_000_000n, outSum: 10_026n };
const body = "OutSum=100.260000&InvId=450009&SignatureValue=C515724E8349AF0C429132BF59FB3B8D&Shp_login=Vasya&Shp_oplata=1&Fee=0.1";

/** An in-memory ledger with the settlement core's exactly-once rule. */
function deps(overrides: Partial<ResultEndpointDeps> = {}) {
  const ledger = new Map<string, RobokassaPayment>();
  const value: ResultEndpointDeps = {
    keys: { password1: "password_1", password2: "password_2", hash: "md5", live: true },
    allowlist: false,
    findAttempt: async (invId) => (invId === attempt.invId ? attempt : undefined),
    recordPayment: async (payment) => {
      const duplicate = ledger.has(payment.reference);
      if (!duplicate) ledger.set(payment.reference, payment);
      return { ok: true, duplicate };
    },
    ...overrides,
  };
  return { deps: value, ledger };
}

describe("answerResultUrl", () => {
  it("records once and answers OK{InvId} to the notification and its repeats", async () => {
    const { deps: d, ledger } = deps();
    const request = { method: "POST", query: new URLSearchParams(), body };
    const first = await answerResultUrl(request, d);
    const second = await answerResultUrl(request, d);
    expect(first).toMatchObject({ status: 200, body: "OK450009", recorded: { duplicate: false, payment: { amount: 1_000_000n } } });
    expect(second).toMatchObject({ status: 200, body: "OK450009", recorded: { duplicate: true } });
    expect([...ledger.keys()]).toEqual(["450009"]);
  });

  it("reads the query for GET, and not the query for POST", async () => {
    const { deps: d } = deps();
    expect(await answerResultUrl({ method: "GET", query: new URLSearchParams(body) }, d)).toMatchObject({ status: 200, body: "OK450009" });
    expect(await answerResultUrl({ method: "POST", query: new URLSearchParams(body), body: "" }, d)).toEqual({ status: 400, body: "bad request" });
  });

  it("changes nothing for a forged notification or an unknown InvId", async () => {
    const { deps: d, ledger } = deps();
    const forged = body.replace("C515724E", "C515724F");
    expect(await answerResultUrl({ method: "POST", query: new URLSearchParams(), body: forged }, d)).toEqual({ status: 403, body: "bad sign" });
    const { deps: empty } = deps({ findAttempt: async () => undefined });
    expect(await answerResultUrl({ method: "POST", query: new URLSearchParams(), body }, empty)).toEqual({ status: 404, body: "unknown InvId" });
    expect(ledger.size).toBe(0);
  });

  it("withholds OK while the payment cannot be recorded, so Robokassa retries", async () => {
    const { deps: d } = deps({ recordPayment: async () => ({ ok: false, message: "database is down" }) });
    expect(await answerResultUrl({ method: "POST", query: new URLSearchParams(), body }, d)).toEqual({ status: 503, body: "try again" });
  });

  it("applies the optional address allowlist and refuses other methods", async () => {
    const { deps: d } = deps({ allowlist: true });
    const request = { method: "POST", query: new URLSearchParams(), body };
    expect(await answerResultUrl({ ...request, clientAddress: "203.0.113.9" }, d)).toEqual({ status: 403, body: "forbidden" });
    expect(await answerResultUrl({ ...request, clientAddress: "185.59.217.65" }, d)).toMatchObject({ status: 200, body: "OK450009" });
    expect(await answerResultUrl({ ...request, method: "PUT" }, d)).toEqual({ status: 405, body: "method not allowed" });
  });
});
