import { afterEach, describe, expect, it } from "vitest";
import { robokassaHash } from "./hash";
import { fetchOpState, readOpStateXml, type OpStateClientOptions } from "./op-state";
import { startTestServer, type TestServer } from "./test-server";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const paidXml = `<?xml version="1.0" encoding="utf-8"?>
<OperationStateResponse xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://merchant.roboxchange.com/WebService/">
  <Result><Code>0</Code></Result>
  <State><Code>100</Code><RequestDate>2026-11-30T10:00:00.123+03:00</RequestDate><StateDate>2026-11-30T10:01:02.456+03:00</StateDate></State>
  <Info>
    <IncCurrLabel>BankCardPSR</IncCurrLabel><IncSum>100.260000</IncSum><IncAccount>220000******0004</IncAccount>
    <PaymentMethod><Code>BankCard</Code><Description>Банковская карта</Description></PaymentMethod>
    <OutCurrLabel>BankCardPSR</OutCurrLabel><OutSum>96.750000</OutSum><OpKey>6C8E0F2B-&amp;-KEY</OpKey>
  </Info>
  <UserField><Field><Name>Shp_order</Name><Value>197</Value></Field><Field><Name>Shp_lang</Name><Value>ru</Value></Field></UserField>
</OperationStateResponse>`;

const refusal = (code: number, description = "") =>
  `<?xml version="1.0" encoding="utf-8"?><OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><Result><Code>${code}</Code><Description>${description}</Description></Result></OperationStateResponse>`;

function options(url: string): OpStateClientOptions {
  return { url: `${url}/Merchant/WebService/Service.asmx/OpStateExt`, merchantLogin: "demo", password2: "password_2", hash: "md5", timeoutMs: 2_000 };
}

function md5(text: string): string {
  const result = robokassaHash("md5", text);
  if (!result.ok) throw new Error(result.message);
  return result.hex;
}

describe("fetchOpState over HTTP", () => {
  it("signs MerchantLogin:InvoiceID:Password2 and reads a paid invoice", async () => {
    server = await startTestServer((req, res) => {
      const query = new URL(req.url ?? "", "http://x").searchParams;
      const signed = query.get("Signature") === md5(`demo:${query.get("InvoiceID")}:password_2`);
      res.writeHead(200, { "content-type": "text/xml; charset=utf-8" }).end(signed ? paidXml : refusal(1, "bad signature"));
    });
    const result = await fetchOpState(options(server.url), 450009n);
    expect(result).toEqual({
      ok: true,
      found: {
        stateCode: 100,
        state: "success",
        requestDate: "2026-11-30T10:00:00.123+03:00",
        stateDate: "2026-11-30T10:01:02.456+03:00",
        incSum: 10_026n,
        outSum: 9_675n,
        incCurrLabel: "BankCardPSR",
        paymentMethod: "BankCard",
        opKey: "6C8E0F2B-&-KEY",
        userFields: { Shp_order: "197", Shp_lang: "ru" },
      },
    });
    expect(server.requests[0]).toMatchObject({ method: "GET", url: expect.stringContaining("/Merchant/WebService/Service.asmx/OpStateExt?MerchantLogin=demo&InvoiceID=450009&Signature=") });
  });

  it("tells 'operation not found' (right signature) from 'bad signature' (wrong password): the connection check", async () => {
    server = await startTestServer((req, res) => {
      const query = new URL(req.url ?? "", "http://x").searchParams;
      const signed = query.get("Signature") === md5(`demo:${query.get("InvoiceID")}:password_2`);
      res.writeHead(200, { "content-type": "text/xml" }).end(signed ? refusal(3, "Операция не найдена") : refusal(1));
    });
    expect(await fetchOpState(options(server.url), 999_999_999n)).toEqual({
      ok: false,
      reason: "refused",
      refusal: "operation_not_found",
      code: 3,
      description: "Операция не найдена",
    });
    expect(await fetchOpState({ ...options(server.url), password2: "wrong" }, 999_999_999n)).toMatchObject({ ok: false, reason: "refused", refusal: "bad_signature", code: 1 });
  });

  it("types HTTP failures", async () => {
    server = await startTestServer((req, res) => {
      if (req.url?.includes("InvoiceID=1&")) res.writeHead(500).end("Server Error");
      else if (req.url?.includes("InvoiceID=2&")) res.writeHead(200, { "content-type": "text/html" }).end("<html><body>maintenance</body></html>");
      else if (req.url?.includes("InvoiceID=3&")) res.writeHead(200).end("x".repeat(300 * 1024));
      else if (req.url?.includes("InvoiceID=4&")) res.writeHead(302, { location: "http://127.0.0.1:9/" }).end();
      // InvoiceID=5: no answer at all.
    });
    expect(await fetchOpState(options(server.url), 1n)).toMatchObject({ ok: false, reason: "http_status", status: 500 });
    expect(await fetchOpState(options(server.url), 2n)).toMatchObject({ ok: false, reason: "protocol" });
    expect(await fetchOpState(options(server.url), 3n)).toMatchObject({ ok: false, reason: "protocol" });
    expect(await fetchOpState(options(server.url), 4n)).toMatchObject({ ok: false, reason: "http_status", status: 302 });
    expect(await fetchOpState({ ...options(server.url), timeoutMs: 200 }, 5n)).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("reports an unreachable service, or a URL that does not parse, as a network failure", async () => {
    const closed = await startTestServer(() => undefined);
    await closed.close();
    expect(await fetchOpState(options(closed.url), 1n)).toMatchObject({ ok: false, reason: "network" });
    expect(await fetchOpState({ ...options(closed.url), url: "auth.robokassa.ru/OpStateExt" }, 1n)).toMatchObject({ ok: false, reason: "network" });
  });

  it("signs with the configured algorithm, not MD5", async () => {
    server = await startTestServer((req, res) => {
      const query = new URL(req.url ?? "", "http://x").searchParams;
      res.writeHead(200).end(query.get("Signature")?.length === 128 ? refusal(3) : refusal(1));
    });
    expect(await fetchOpState({ ...options(server.url), hash: "sha512" }, 7n)).toMatchObject({ refusal: "operation_not_found" });
  });
});

describe("readOpStateXml", () => {
  it("reads an invoice that is still being paid (no Info)", () => {
    expect(
      readOpStateXml(
        `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><Result><Code>0</Code></Result><State><Code>5</Code></State><Info/><UserField/></OperationStateResponse>`,
      ),
    ).toEqual({ ok: true, found: { stateCode: 5, state: "initialised", userFields: {}, requestDate: undefined, stateDate: undefined, incSum: undefined, outSum: undefined, incCurrLabel: undefined, paymentMethod: undefined, opKey: undefined } });
  });

  it("names unknown codes instead of guessing", () => {
    expect(readOpStateXml(refusal(77))).toMatchObject({ ok: false, reason: "refused", refusal: "unknown_code", code: 77 });
    const odd = readOpStateXml(`<OperationStateResponse><Result><Code>0</Code></Result><State><Code>42</Code></State></OperationStateResponse>`);
    expect(odd).toMatchObject({ ok: true, found: { stateCode: 42, state: "unknown" } });
  });

  it.each([
    ["a DTD with entities", `<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><OperationStateResponse><Result><Code>0</Code></Result></OperationStateResponse>`],
    ["code 0 without a State", `<OperationStateResponse><Result><Code>0</Code></Result></OperationStateResponse>`],
    ["a non-numeric code", `<OperationStateResponse><Result><Code>ok</Code></Result></OperationStateResponse>`],
    ["another document", `<html><body>hello</body></html>`],
    ["no XML", `{"Result":0}`],
  ])("refuses %s as a protocol failure", (_label, xml) => {
    expect(readOpStateXml(xml)).toMatchObject({ ok: false, reason: "protocol" });
  });
});
