// Payme Merchant API, transport and authorization, against the running store over real HTTP
// (docs/protocols/payme-merchant-api.md: "Transport and envelope", "Authorization and origin",
// "General errors", ChangePassword). Runs on SQLite and on PostgreSQL (vitest.config.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import {
  basicAuth,
  createOrder,
  newPaymeId,
  orderView,
  PaymeClient,
  startPaymeStores,
  StoreDatabase,
  UNEXPECTED_FAILURE_LOG,
  type PaymeStore,
  type StoreOrder,
} from "./helpers/payme";

const kind = testDatabaseKind();

describe(`Payme Merchant API transport and authorization on ${kind}`, () => {
  let database: FreshDatabase;
  let store: PaymeStore;
  let client: PaymeClient;
  let db: StoreDatabase;
  let order: StoreOrder;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    [store] = (await startPaymeStores(database)) as [PaymeStore];
    client = store.client;
    db = new StoreDatabase(database.url, store.appSecret);
    order = await createOrder(store.app.url);
  });

  afterAll(async () => {
    await db?.close();
    await store?.app.stop();
    await database?.drop();
  });

  const account = () => ({ order_id: order.number });
  const amount = () => Number(order.amount);

  /** Nothing a refused or malformed call did may show: no transaction, the order untouched. */
  async function expectNothingChanged() {
    expect(await db.count("PaymeTransaction")).toBe(0);
    expect(await db.count("LedgerEntry")).toBe(0);
    expect(await db.count("OutboxEvent")).toBe(0);
    expect(await db.reservation(order.number)).toBeUndefined();
    expect((await orderView(store.app.url, order.id)).status).toBe("pending");
  }

  it("answers the right key with a result (the baseline for everything below)", async () => {
    const result = await client.result("CheckPerformTransaction", { amount: amount(), account: account() });
    expect(result.allow).toBe(true);
  });

  describe("transport and envelope", () => {
    it.each(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])("answers -32300 with HTTP 200 to %s", async (method) => {
      const answer = await client.raw({ method, headers: { authorization: client.authorization } });
      expect(answer.body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32300, message: expect.any(Object) } });
    });

    it.each([
      ["an empty body", ""],
      ["a truncated object", '{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"x"}'],
      ["plain text", "CheckTransaction"],
      ["XML", "<request><method>CheckTransaction</method></request>"],
      ["a trailing comma", '{"method":"CheckTransaction","params":{},}'],
      ["single quotes", "{'method':'CheckTransaction','params':{}}"],
      ["a body over 64 KiB", JSON.stringify({ method: "CheckTransaction", params: { id: "x".repeat(70_000) } })],
    ])("answers -32700 to %s", async (_name, body) => {
      const answer = await client.raw({ body, headers: { authorization: client.authorization, "content-type": "application/json" } });
      expect(answer.body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.any(Object) } });
    });

    it.each([
      ["text/json; charset=UTF-8 (Payme's examples)", "text/json; charset=UTF-8"],
      ["text/plain", "text/plain"],
      ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"],
      ["application/json", "application/json"],
    ])("accepts the request content type %s", async (_name, contentType) => {
      const body = await client.call("CheckTransaction", { id: newPaymeId() }, { headers: { "content-type": contentType } });
      expect(body.error?.code).toBe(-31003);
    });

    it("serves the endpoint with a query string too", async () => {
      const answer = await client.raw({
        path: "?source=payme",
        body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "CheckTransaction", params: { id: newPaymeId() } }),
        headers: { authorization: client.authorization },
      });
      expect(answer.body.error.code).toBe(-31003);
    });

    it.each([
      ["no method", { jsonrpc: "2.0", id: 11, params: {} }],
      ["an empty method", { jsonrpc: "2.0", id: 11, method: "", params: {} }],
      ["a method that is not a string", { jsonrpc: "2.0", id: 11, method: 7, params: {} }],
      ["no params", { jsonrpc: "2.0", id: 11, method: "CheckTransaction" }],
      ["params null", { jsonrpc: "2.0", id: 11, method: "CheckTransaction", params: null }],
      ["params as an array", { jsonrpc: "2.0", id: 11, method: "CheckTransaction", params: ["5305e3bab097f420a62ced0b"] }],
      ["params as a string", { jsonrpc: "2.0", id: 11, method: "CheckTransaction", params: "x" }],
    ])("answers -32600 to %s, echoing the id", async (_name, request) => {
      const answer = await client.raw({ body: JSON.stringify(request), headers: { authorization: client.authorization } });
      expect(answer.body).toEqual({ jsonrpc: "2.0", id: 11, error: { code: -32600, message: expect.any(Object) } });
    });

    it("answers -32600 with id null to JSON that is not an object", async () => {
      for (const body of ["[]", "null", "42", '"CheckTransaction"', "[{\"method\":\"CheckTransaction\",\"params\":{}}]"]) {
        const answer = await client.raw({ body, headers: { authorization: client.authorization } });
        expect(answer.body, body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.any(Object) } });
      }
    });

    it("answers -32601 to an unknown method, naming it in data", async () => {
      for (const method of ["NoSuchMethod", "checkTransaction", "GetStatementX", "__proto__", "constructor", "toString", "hasOwnProperty"]) {
        const body = await client.call(method, {});
        expect(body.error, method).toEqual({ code: -32601, message: expect.any(Object), data: method });
      }
    });
  });

  describe("-32600 for params of the wrong type", () => {
    // Raw JSON text, so amounts beyond 2^53 reach the server exactly as Payme would send them.
    const cases: [string, string, (n: string, a: number) => string][] = [
      ["CheckPerformTransaction", "amount as a string", (n, a) => `{"amount":"${a}","account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "a negative amount", (n) => `{"amount":-100,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "a zero amount", (n) => `{"amount":0,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "a fractional amount (1.5)", (n) => `{"amount":1.5,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "an amount above 2^53", (n) => `{"amount":9007199254740993,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "an amount of 1e20", (n) => `{"amount":1e20,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "amount null", (n) => `{"amount":null,"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "no amount", (n) => `{"account":{"order_id":"${n}"}}`],
      ["CheckPerformTransaction", "account as a string", (n, a) => `{"amount":${a},"account":"${n}"}`],
      ["CheckPerformTransaction", "account as a number", (n, a) => `{"amount":${a},"account":${n}}`],
      ["CheckPerformTransaction", "account as an array", (n, a) => `{"amount":${a},"account":["${n}"]}`],
      ["CheckPerformTransaction", "account null", (_n, a) => `{"amount":${a},"account":null}`],
      ["CheckPerformTransaction", "no account", (_n, a) => `{"amount":${a}}`],
      ["CreateTransaction", "amount as a string", (n, a) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":"${a}","account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "a negative amount", (n) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":-1,"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "a fractional amount", (n, a) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":${a}.5,"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "an amount above 2^53", (n) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":9007199254740993,"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "an empty id", (n, a) => `{"id":"","time":${Date.now()},"amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "a numeric id", (n, a) => `{"id":530512345,"time":${Date.now()},"amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "id null", (n, a) => `{"id":null,"time":${Date.now()},"amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "no id", (n, a) => `{"time":${Date.now()},"amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "a fractional time", (n, a) => `{"id":"${newPaymeId()}","time":${Date.now()}.5,"amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "time as a string", (n, a) => `{"id":"${newPaymeId()}","time":"${Date.now()}","amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "no time", (n, a) => `{"id":"${newPaymeId()}","amount":${a},"account":{"order_id":"${n}"}}`],
      ["CreateTransaction", "account as a string", (n, a) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":${a},"account":"${n}"}`],
      ["CreateTransaction", "account as an array", (n, a) => `{"id":"${newPaymeId()}","time":${Date.now()},"amount":${a},"account":[{"order_id":"${n}"}]}`],
      ["PerformTransaction", "an empty id", () => `{"id":""}`],
      ["PerformTransaction", "a numeric id", () => `{"id":5305}`],
      ["PerformTransaction", "no id", () => `{}`],
      ["CancelTransaction", "an empty id", () => `{"id":"","reason":3}`],
      ["CancelTransaction", "a numeric id", () => `{"id":5305,"reason":3}`],
      ["CancelTransaction", "reason as a string", () => `{"id":"${newPaymeId()}","reason":"3"}`],
      ["CancelTransaction", "a fractional reason", () => `{"id":"${newPaymeId()}","reason":3.5}`],
      ["CancelTransaction", "no reason", () => `{"id":"${newPaymeId()}"}`],
      ["CheckTransaction", "an empty id", () => `{"id":""}`],
      ["CheckTransaction", "an object as id", () => `{"id":{"$ne":""}}`],
      ["GetStatement", "from as a string", () => `{"from":"0","to":${Date.now()}}`],
      ["GetStatement", "a fractional to", () => `{"from":0,"to":1.5}`],
      ["GetStatement", "no from", () => `{"to":${Date.now()}}`],
      ["GetStatement", "no params fields", () => `{}`],
      ["ChangePassword", "no password", () => `{}`],
      ["ChangePassword", "a numeric password", () => `{"password":12345678}`],
      ["ChangePassword", "an empty password", () => `{"password":""}`],
    ];

    it.each(cases)("%s with %s", async (method, _name, params) => {
      const id = Math.floor(Math.random() * 1e9);
      const answer = await client.raw({
        body: `{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${params(order.number, amount())}}`,
        headers: { authorization: client.authorization, "content-type": "application/json" },
      });
      expect(answer.body).toEqual({ jsonrpc: "2.0", id, error: expect.objectContaining({ code: -32600 }) });
    });

    it("changed nothing, and the key still works after the malformed ChangePassword calls", async () => {
      await expectNothingChanged();
      expect((await client.result("CheckPerformTransaction", { amount: amount(), account: account() })).allow).toBe(true);
    });
  });

  describe("-32504 for every authorization but the right one", () => {
    const wrongHeaders: [string, (key: string) => string | null][] = [
      ["no header", () => null],
      ["an empty header", () => ""],
      ["the Bearer scheme", (key) => `Bearer ${key}`],
      ["the Digest scheme", (key) => `Digest ${Buffer.from(`Paycom:${key}`).toString("base64")}`],
      ["Basic without credentials", () => "Basic "],
      ["Basic with unencoded credentials", (key) => `Basic Paycom:${key}`],
      ["a wrong key", () => basicAuth("Paycom:wrong-key-0123456789")],
      ["the key with a character more", (key) => basicAuth(`Paycom:${key}x`)],
      ["the key with a character less", (key) => basicAuth(`Paycom:${key.slice(0, -1)}`)],
      ["another login", (key) => basicAuth(`Payme:${key}`)],
      ["the login in lower case", (key) => basicAuth(`paycom:${key}`)],
      ["no login", (key) => basicAuth(`:${key}`)],
      ["the key alone", (key) => basicAuth(key)],
      ["extra segments (the sandbox's Paycom:Uzcard:…)", () => basicAuth("Paycom:Uzcard:someRandomString744c48d3c2a9")],
      ["an extra segment after the right key", (key) => basicAuth(`Paycom:${key}:Uzcard`)],
      ["the merchant id as the key", () => basicAuth("Paycom:5e730e8e0b852a417aa49ceb")],
    ];
    const methods: [string, () => Record<string, unknown>][] = [
      ["CheckPerformTransaction", () => ({ amount: amount(), account: account() })],
      ["CreateTransaction", () => ({ id: newPaymeId(), time: Date.now(), amount: amount(), account: account() })],
      ["PerformTransaction", () => ({ id: newPaymeId() })],
      ["CancelTransaction", () => ({ id: newPaymeId(), reason: 3 })],
      ["CheckTransaction", () => ({ id: newPaymeId() })],
      ["GetStatement", () => ({ from: 0, to: Date.now() })],
      ["SetFiscalData", () => ({ id: newPaymeId(), type: "PERFORM", fiscal_data: { receipt_id: 1 } })],
      ["ChangePassword", () => ({ password: "attacker-chosen-key-123" })],
      ["NoSuchMethod", () => ({})],
    ];

    it.each(methods)("%s", async (method, params) => {
      for (const [name, header] of wrongHeaders) {
        const body = await client.call(method, params(), { authorization: header(store.key) });
        expect(body.error?.code, `${method} with ${name}`).toBe(-32504);
        expect(body.error?.data, `${method} with ${name}`).toBeUndefined();
      }
    });

    it("changed nothing: the key was not rotated and no transaction exists", async () => {
      await expectNothingChanged();
      expect((await client.result("CheckPerformTransaction", { amount: amount(), account: account() })).allow).toBe(true);
      const refused = await client.call("CheckTransaction", { id: newPaymeId() }, { authorization: basicAuth("Paycom:attacker-chosen-key-123") });
      expect(refused.error?.code).toBe(-32504);
    });
  });

  describe("settings: login, account field, IP allowlist", () => {
    it("uses the login setting instead of Paycom", async () => {
      await db.setPaymeSetting("login", "Merchant");
      try {
        expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-32504);
        const other = await client.call("CheckTransaction", { id: newPaymeId() }, { authorization: basicAuth(`Merchant:${store.key}`) });
        expect(other.error?.code).toBe(-31003);
      } finally {
        await db.setPaymeSetting("login", "Paycom");
      }
      expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
    });

    it("reads the order number from the account field named in the settings", async () => {
      await db.setPaymeSetting("accountField", "order");
      try {
        const missing = await client.error("CheckPerformTransaction", { amount: amount(), account: { order_id: order.number } });
        expect(missing).toMatchObject({ code: -31050, data: "order" });
        const found = await client.result("CheckPerformTransaction", { amount: amount(), account: { order: order.number } });
        expect(found.allow).toBe(true);
      } finally {
        await db.setPaymeSetting("accountField", "order_id");
      }
      expect((await client.result("CheckPerformTransaction", { amount: amount(), account: account() })).allow).toBe(true);
    });

    describe("with the IP allowlist on", () => {
      beforeAll(async () => {
        await db.setPaymeSetting("trustedProxies", "");
        await db.setPaymeSetting("ipAllowlist", "true");
      });
      afterAll(async () => {
        await db.setPaymeSetting("ipAllowlist", "false");
        await db.setPaymeSetting("trustedProxies", "");
      });

      const probe = (headers: Record<string, string> = {}) => client.call("CheckTransaction", { id: newPaymeId() }, { headers });

      it("refuses our own address (not Payme's) with -32504 despite the right key", async () => {
        expect((await probe()).error?.code).toBe(-32504);
      });

      it("ignores X-Forwarded-For when no proxy is trusted", async () => {
        for (const forwarded of ["185.234.113.5", "::ffff:185.234.113.5", "10.0.0.1, 185.234.113.5"]) {
          expect((await probe({ "x-forwarded-for": forwarded })).error?.code, forwarded).toBe(-32504);
        }
      });

      it("takes the address from a trusted proxy's X-Forwarded-For, IPv4-mapped IPv6 included", async () => {
        for (const proxies of ["127.0.0.1", "::ffff:127.0.0.1", "10.9.8.7, 127.0.0.1"]) {
          await db.setPaymeSetting("trustedProxies", proxies);
          for (const forwarded of ["::ffff:185.234.113.5", "185.234.113.1", "185.234.113.15", "203.0.113.50, 185.234.113.5"]) {
            const body = await probe({ "x-forwarded-for": forwarded });
            expect(body.error?.code, `${proxies} / ${forwarded}`).toBe(-31003);
          }
          for (const forwarded of ["185.234.113.16", "185.178.51.1", "::ffff:127.0.0.2", "185.234.113.5, 203.0.113.50"]) {
            const body = await probe({ "x-forwarded-for": forwarded });
            expect(body.error?.code, `${proxies} / ${forwarded}`).toBe(-32504);
          }
          // The trusted proxy without a header is itself the caller, and it is not Payme.
          expect((await probe()).error?.code, proxies).toBe(-32504);
        }
      });

      it("applies the allowlist to every spelling of the path (/api/./payme is the fast path)", async () => {
        await db.setPaymeSetting("trustedProxies", "127.0.0.1");
        const viaDotPath = new PaymeClient(`${store.app.url}/api/./payme`, store.key, "Paycom", true);
        const fast = await probe({ "x-forwarded-for": "185.234.113.5" });
        expect(fast.error?.code).toBe(-31003);
        const dotted = await viaDotPath.call("CheckTransaction", { id: newPaymeId() }, { headers: { "x-forwarded-for": "185.234.113.5" } });
        expect(dotted.error?.code).toBe(-31003);
        const refused = await viaDotPath.call("CheckTransaction", { id: newPaymeId() }, { headers: { "x-forwarded-for": "203.0.113.9" } });
        expect(refused.error?.code).toBe(-32504);
      });

      it("still wants the right key from Payme's address", async () => {
        await db.setPaymeSetting("trustedProxies", "127.0.0.1");
        const body = await client.call("CheckTransaction", { id: newPaymeId() }, {
          headers: { "x-forwarded-for": "185.234.113.5" },
          authorization: basicAuth("Paycom:wrong"),
        });
        expect(body.error?.code).toBe(-32504);
      });
    });

    it("admits any address again once the allowlist is off", async () => {
      expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
    });
  });

  describe("the Next.js route (app/api/payme/route.ts)", () => {
    // server.ts answers /api/payme itself (any spelling of the path); a second store on the same
    // database with TOLOV_PAYME_FAST_PATH=off sends it through the Next.js route handler.
    let routeStore: PaymeStore;
    beforeAll(async () => {
      // The same secrets as the first store, so both decrypt the same settings.
      [routeStore] = (await startPaymeStores(database, 1, {
        TOLOV_PAYME_FAST_PATH: "off",
        PAYME_TEST_KEY: store.key,
        APP_SECRET: store.appSecret,
        ADMIN_PASSWORD: store.adminPassword,
      })) as [PaymeStore];
    });
    afterAll(async () => {
      await routeStore?.app.stop();
    });
    const nextRoute = () => new PaymeClient(`${routeStore.app.url}/api/payme`, store.key);

    async function varyOf(url: string, path: string): Promise<string> {
      const { request } = await import("node:http");
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const call = request(url, { method: "POST", path, headers: { authorization: client.authorization } }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.headers));
        });
        call.on("error", reject);
        call.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "CheckTransaction", params: { id: newPaymeId() } }));
      });
      return String(headers.vary ?? "");
    }

    it("is not a second entry point under server.ts: /api/./payme is the fast path too", async () => {
      // Next.js adds its Vary header; the fast path does not.
      expect(await varyOf(`${store.app.url}/api/payme`, "/api/./payme")).not.toMatch(/rsc/);
      expect(await varyOf(`${routeStore.app.url}/api/payme`, "/api/payme")).toMatch(/rsc/);
    });

    it("answers like the fast path: -32300, -32700, -32600, -32601, -32504, and methods", async () => {
      const fast = client;
      const slow = nextRoute();
      const pairs: [string, (c: PaymeClient) => Promise<unknown>][] = [
        ["GET", (c) => c.raw({ method: "GET" }).then((answer) => answer.body)],
        ["not JSON", (c) => c.raw({ body: "{", headers: { authorization: c.authorization } }).then((answer) => answer.body)],
        ["no method", (c) => c.raw({ body: '{"id":3,"params":{}}', headers: { authorization: c.authorization } }).then((answer) => answer.body)],
        ["unknown method", (c) => c.call("Nope", {}, { id: 3 })],
        ["wrong key", (c) => c.call("CheckTransaction", { id: "x" }, { id: 3, authorization: basicAuth("Paycom:nope") })],
        ["unknown transaction", (c) => c.call("CheckTransaction", { id: "5305e3bab097f420a62ced0b" }, { id: 3 })],
        ["wrong amount", (c) => c.call("CheckPerformTransaction", { amount: amount() + 1, account: account() }, { id: 3 })],
      ];
      for (const [name, call] of pairs) expect(await call(slow), name).toEqual(await call(fast));
    });
  });

  describe("ChangePassword", () => {
    it("rotates the key: the old one is refused afterwards, the new one accepted", async () => {
      const original = store.key;
      const rotated = `rotated-${newPaymeId()}`;
      expect(await client.result("ChangePassword", { password: rotated })).toEqual({ success: true });
      try {
        const old = await client.call("CheckTransaction", { id: newPaymeId() });
        expect(old.error?.code).toBe(-32504);
        const fresh = new PaymeClient(client.endpoint, rotated);
        expect((await fresh.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
        expect((await fresh.result("CheckPerformTransaction", { amount: amount(), account: account() })).allow).toBe(true);

        // Stored encrypted, never in plain text.
        const row = await db.sql.get<{ value: string; encrypted: boolean | number }>(`SELECT "value", "encrypted" FROM "Setting" WHERE "key" = 'payme.testKey'`);
        expect(Boolean(row?.encrypted)).toBe(true);
        expect(row?.value).not.toContain(rotated);
        expect(store.app.logs()).not.toContain(rotated);

        // And back, with the new key.
        expect(await fresh.result("ChangePassword", { password: original })).toEqual({ success: true });
      } finally {
        client.key = original;
      }
      expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
      const refused = new PaymeClient(client.endpoint, rotated);
      expect((await refused.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-32504);
    });
  });

  describe("hostile input", () => {
    // [name, raw body, the documented answer(s): error codes, or "result"]
    const hostile: [string, string, number | "result" | number[]][] = [
      ["a prototype-polluting params object", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"__proto__":{"allow":true},"amount":100,"account":{"__proto__":{"order_id":"1"}}}}`, -31050],
      ["an operator object as the account value", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"amount":100,"account":{"order_id":{"$gt":0}}}}`, -31050],
      ["SQL in the order number", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"amount":100,"account":{"order_id":"1; DROP TABLE \\"Order\\"; --"}}}`, -31050],
      ["SQL in the transaction id", `{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"' OR '1'='1"}}`, [-32600, -31003]],
      ["a huge order number", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"amount":100,"account":{"order_id":"99999999999999999999999"}}}`, -31050],
      ["an order number as a float", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"amount":100,"account":{"order_id":1.5}}}`, -31050],
      // Nesting past 32 levels is refused before the params are parsed (issue 10).
      ["deeply nested params", `{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"x","extra":${"[".repeat(2000)}${"]".repeat(2000)}}}`, -32600],
      // A transaction id with a NUL byte is malformed (-32600) or simply unknown: never an internal failure.
      ["a NUL byte in the id of CheckTransaction", `{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"abc\\u0000def"}}`, [-32600, -31003]],
      ["a NUL byte in the id of PerformTransaction", `{"jsonrpc":"2.0","id":1,"method":"PerformTransaction","params":{"id":"abc\\u0000def"}}`, [-32600, -31003]],
      ["a NUL byte in the id of CancelTransaction", `{"jsonrpc":"2.0","id":1,"method":"CancelTransaction","params":{"id":"abc\\u0000def","reason":3}}`, [-32600, -31003]],
      ["a NUL byte in the order number", `{"jsonrpc":"2.0","id":1,"method":"CheckPerformTransaction","params":{"amount":100,"account":{"order_id":"1\\u0000"}}}`, -31050],
      ["unpaired surrogates in the transaction id", `{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"\\ud800\\udc00\\ud800"}}`, [-32600, -31003]],
      ["a statement over all time", `{"jsonrpc":"2.0","id":1,"method":"GetStatement","params":{"from":0,"to":9007199254740991}}`, "result"],
      ["a statement with from after to", `{"jsonrpc":"2.0","id":1,"method":"GetStatement","params":{"from":${Date.now()},"to":0}}`, "result"],
      ["a very long transaction id", `{"jsonrpc":"2.0","id":1,"method":"CheckTransaction","params":{"id":"${"a".repeat(5000)}"}}`, -32600],
      ["a Create for order 0", `{"jsonrpc":"2.0","id":1,"method":"CreateTransaction","params":{"id":"${newPaymeId()}","time":${Date.now()},"amount":100,"account":{"order_id":"0"}}}`, -31050],
      // 1e400 parses to Infinity: not a valid RPC id, so the envelope is invalid.
      ["a huge RPC id", `{"jsonrpc":"2.0","id":1e400,"method":"CheckTransaction","params":{"id":"x"}}`, -32600],
      ["a NUL byte in the id of SetFiscalData", `{"jsonrpc":"2.0","id":1,"method":"SetFiscalData","params":{"id":"a\\u0000","type":"PERFORM","fiscal_data":{"receipt_id":1}}}`, [-32602, -32001]],
    ];

    it.each(hostile)("answers %s with a documented answer, HTTP 200 and no internals", async (_name, body, expected) => {
      const answer = await client.raw({ body, headers: { authorization: client.authorization } });
      expect(Array.isArray(expected) ? expected : [expected], answer.text).toContain(answer.body.error?.code ?? "result");
    });

    it("answers a NUL byte in the id of CreateTransaction as malformed or as an unknown order, never -32400", async () => {
      // An order that does not exist, so that no database accepts the transaction whatever it allows in text.
      const body = `{"jsonrpc":"2.0","id":1,"method":"CreateTransaction","params":{"id":"abc\\u0000def","time":${Date.now()},"amount":${amount()},"account":{"order_id":"2147483000"}}}`;
      const answer = await client.raw({ body, headers: { authorization: client.authorization } });
      expect([-32600, -31050], answer.text).toContain(answer.body.error?.code);
      expect(await db.count("PaymeTransaction")).toBe(0);
    });

    it("the same hostile input unauthenticated is refused before its params are read", async () => {
      for (const [name, body] of hostile) {
        const answer = await client.raw({ body, headers: { authorization: basicAuth("Paycom:nope") } });
        // Only a broken envelope is answered before authorization.
        expect(answer.body.error?.code, name).toBe(name === "a huge RPC id" ? -32600 : -32504);
      }
    });

    it("changed nothing, and no call failed unexpectedly in the store", async () => {
      await expectNothingChanged();
      expect(store.app.logs()).not.toMatch(UNEXPECTED_FAILURE_LOG);
      expect(store.app.logs()).not.toContain(store.key);
    });
  });
  describe("-32400 when the database fails", () => {
    // Renaming a table away is a database failure the store cannot foresee; afterwards it must
    // recover by itself. Runs last: the store logs these failures (as it should).
    async function withTableAway(table: string, body: () => Promise<void>) {
      await db.run(`ALTER TABLE "${table}" RENAME TO "${table}_away"`);
      try {
        await body();
      } finally {
        await db.run(`ALTER TABLE "${table}_away" RENAME TO "${table}"`);
      }
    }

    it("answers -32400, without naming the table or the error, when a method's query fails; recovers after", async () => {
      await withTableAway("PaymeTransaction", async () => {
        for (const [method, params] of [
          ["CheckTransaction", { id: newPaymeId() }],
          ["CreateTransaction", { id: newPaymeId(), time: Date.now(), amount: amount(), account: account() }],
          ["GetStatement", { from: 0, to: Date.now() }],
        ] as const) {
          const body = await client.call(method, params, { id: 31 });
          expect(body, method).toEqual({ jsonrpc: "2.0", id: 31, error: { code: -32400, message: expect.any(Object) } });
          expect(JSON.stringify(body), method).not.toMatch(/PaymeTransaction|no such table|does not exist|relation/i);
        }
      });
      expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
      expect(await db.count("PaymeTransaction")).toBe(0);
    });

    it("answers -32400 when the settings cannot be read, and recovers", async () => {
      await withTableAway("Setting", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        const body = await client.call("CheckTransaction", { id: newPaymeId() });
        expect(body.error?.code).toBe(-32400);
        expect(JSON.stringify(body)).not.toMatch(/Setting|no such table|does not exist/i);
      });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect((await client.call("CheckTransaction", { id: newPaymeId() })).error?.code).toBe(-31003);
    });
  });
});
