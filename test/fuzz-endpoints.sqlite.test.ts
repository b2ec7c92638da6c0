// Issue 15 (1): generated bodies, headers and query strings (fast-check) against every endpoint
// of the running store, over real HTTP: Payme's Merchant API, Click Prepare/Complete, Robokassa
// Result/Success/Fail, the 1C exchange, the store API and the server actions' HTTP form. Every
// answer is the protocol's documented error or a 4xx, never a 5xx, a hang or a stack trace, and
// the money is unchanged afterwards (row counts and checksums of the ledger, reservations,
// provider transactions and outbox tables; orders placed by valid bodies are left out).
// FUZZ_RUNS bodies per endpoint: 300 in `npm test` (SQLite), ≥ 10 000 in `npm run test:soak`.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { lastOrderNumber, moneySnapshot, type MoneySnapshot } from "./helpers/money-snapshot";
import { createOrder, LEAKS, type StoreOrder } from "./helpers/payme";
import { callbackCredentials, clickAmount, clickFields, newClickTransId, paymeAuthorization, robokassaResultFields, shpOf } from "./helpers/provider-callbacks";
import { actionId, serverActions } from "./helpers/server-actions";

const kind = testDatabaseKind();
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 300));
/** A request that gets no answer within this long is a hang. */
const ANSWER_WITHIN_MS = 30_000;
/** Each endpoint's run: generous, since a loaded machine answers a request in tens of ms (not a timing assertion). */
const RUN_TIMEOUT_MS = Math.max(180_000, RUNS * 250);
const credentials = callbackCredentials();
const ONE_C_LOGIN = "fuzz-1c";
const ONE_C_PASSWORD = `pw-${randomBytes(9).toString("base64url")}`;
/** The 1C fixtures, where test/exchange-1c.test.ts finds them. */
const FIXTURES_BESIDE = join(__dirname, "..", "..", "shared", "fixtures", "1c");
const FIXTURES = existsSync(FIXTURES_BESIDE) ? FIXTURES_BESIDE : "/work/shared/fixtures/1c";

type Answer = { status: number; type: string; text: string };
type Sent = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array | FormData };

/** Values that break parsers: empty, huge, unicode, control characters, numbers at the edges. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", "0", "-0", "-1", "1e400", "NaN", "Infinity", "9".repeat(40), "9223372036854775808", "1.005", "0x10", "null", "[]", "{}", "%00", "\u0000", "'; DROP TABLE \"Order\"; --", "../../etc/passwd", "__proto__", "constructor"),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/x-www-form-urlencoded",
  "text/plain",
  "text/xml; charset=windows-1251",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "",
);
const extraHeaders = fc.dictionary(fc.constantFrom("x-forwarded-for", "accept", "accept-language", "origin", "cookie", "x-real-ip", "user-agent", "x-tolov-fuzz"), headerValue, { maxKeys: 3 });
const queryString = fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Za-z_]{1,12}$/), fc.string({ maxLength: 8 })), nasty, { maxKeys: 4 }).map((query) => new URLSearchParams(query).toString());
/** A form body: the given field names (and a few random ones) with nasty values, url-encoded. */
const formOf = (names: readonly string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })), nasty, { maxKeys: names.length + 2 });
const encoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** Any JSON (deep, unicode, big numbers) or text that is almost JSON. */
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value).slice(0, -1)),
);

describe(`fuzzing every endpoint on ${kind} (${RUNS} bodies each)`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;
  let orders: StoreOrder[];
  let robokassaForm: Record<string, string>;
  let ordersUpTo: number;
  let before: MoneySnapshot;
  let oneCCookie: string;
  let fixtures: Uint8Array[];
  const counts = new Map<string, Map<number, number>>();

  /** One request; a hang (no answer within ANSWER_WITHIN_MS) fails the property. */
  async function send(endpoint: string, request: Sent): Promise<Answer> {
    let response: Response;
    try {
      response = await fetch(`${app.url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : (request.body as BodyInit | undefined),
        redirect: "manual",
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
    } catch (error) {
      throw new Error(`${request.method} ${request.path}: no answer (${String((error as Error).cause ?? error)})`);
    }
    const text = await response.text();
    const byStatus = counts.get(endpoint) ?? new Map<number, number>();
    byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    counts.set(endpoint, byStatus);
    return { status: response.status, type: response.headers.get("content-type") ?? "", text };
  }

  /** What no answer may be: a 5xx, or a text that shows internals. */
  function expectNoFailure(answer: Answer, request: Sent): void {
    const label = `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${typeof request.body === "string" ? request.body.slice(0, 300) : ""}\n→ ${answer.status} ${answer.text.slice(0, 300)}`;
    expect(answer.status, label).toBeLessThan(500);
    expect(answer.text, label).not.toMatch(LEAKS);
  }

  async function property<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>): Promise<void> {
    // endOnFailure: shrinking against a live store costs minutes; the first failing input is reported as is.
    await fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: RUNS, endOnFailure: true });
    expect(await moneySnapshot(sql, ordersUpTo), `${name}: the money tables changed`).toEqual(before);
    expect(app.logs(), `${name}: an unexpected failure was logged`).not.toMatch(/Unexpected error|unhandled|payme: \w+ failed/i);
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { ...credentials.env, EXCHANGE_1C_LOGIN: ONE_C_LOGIN, EXCHANGE_1C_PASSWORD: ONE_C_PASSWORD } });
    sql = createSql(database.url);
    orders = [await createOrder(app.url), await createOrder(app.url, [{ sku: "KAZAN-8L", quantity: 2 }])];
    const attempt = await fetch(`${app.url}/api/orders/${orders[1]!.id}/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "robokassa", lang: "en" }),
    });
    expect(attempt.status).toBe(200);
    robokassaForm = ((await attempt.json()) as { form: { fields: Record<string, string> } }).form.fields;
    const auth = await fetch(`${app.url}/api/1c/exchange?type=sale&mode=checkauth`, {
      headers: { authorization: `Basic ${Buffer.from(`${ONE_C_LOGIN}:${ONE_C_PASSWORD}`).toString("base64")}` },
    });
    const [state, name, value] = (await auth.text()).split("\n");
    expect(state).toBe("success");
    oneCCookie = `${name}=${value}`;
    fixtures = readdirSync(FIXTURES)
      .filter((file) => file.endsWith(".xml"))
      .map((file) => readFileSync(join(FIXTURES, file)));
    ordersUpTo = await lastOrderNumber(sql);
    before = await moneySnapshot(sql, ordersUpTo);
  });

  afterAll(async () => {
    // What the endpoints answered, for whoever reads the log: endpoint → {status: count}.
    console.log(JSON.stringify(Object.fromEntries([...counts].map(([endpoint, byStatus]) => [endpoint, Object.fromEntries(byStatus)]))));
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("Payme Merchant API: JSON-RPC errors (HTTP 200) for any body, authorization, content type or query", async () => {
    const methods = ["CheckPerformTransaction", "CreateTransaction", "PerformTransaction", "CancelTransaction", "CheckTransaction", "GetStatement", "ChangePassword", "SetFiscalData"];
    const params = fc.dictionary(
      fc.constantFrom("id", "time", "amount", "account", "reason", "from", "to", "password", "type", "order_id"),
      fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }), fc.record({ order_id: fc.oneof(nasty, fc.constantFrom(...orders.map((order) => order.number))) })),
      { maxKeys: 5 },
    );
    const rpc = fc
      .record({ jsonrpc: fc.oneof(fc.constant("2.0"), fc.jsonValue({ maxDepth: 1 })), id: fc.jsonValue({ maxDepth: 1 }), method: fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 20 })), params: fc.oneof(params, fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] })
      .map((body) => JSON.stringify(body));
    const authorization = fc.oneof(
      fc.constant(paymeAuthorization(credentials.paymeKey)),
      headerValue,
      fc.string({ maxLength: 30 }).map((text) => `Basic ${Buffer.from(text).toString("base64")}`),
      fc.constant(undefined),
    );
    const request = fc.record({ body: fc.oneof(rpc, rpc, jsonish), authorization, type: contentType, query: queryString, headers: extraHeaders, method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT") });
    await property("payme", request, async (input) => {
      const headers: Record<string, string> = { ...input.headers, ...(input.type ? { "content-type": input.type } : {}), ...(input.authorization === undefined ? {} : { authorization: input.authorization }) };
      const sent: Sent = { method: input.method, path: `/api/payme${input.query ? `?${input.query}` : ""}`, headers, body: input.body };
      const answer = await send("payme", sent);
      expectNoFailure(answer, sent);
      if (answer.status !== 200) return;
      const body = JSON.parse(answer.text) as { jsonrpc: string; error?: { code: number }; result?: unknown };
      expect(body.jsonrpc).toBe("2.0");
      // A result only for a read: nothing generated may create or perform a transaction.
      if (!body.error) expect(JSON.parse(input.body).method, answer.text).toMatch(/^(CheckPerformTransaction|CheckTransaction|GetStatement)$/);
      else expect(Number.isInteger(body.error.code), answer.text).toBe(true);
    });
  }, RUN_TIMEOUT_MS);

  for (const endpoint of ["prepare", "complete"] as const) {
    it(`Click ${endpoint}: Click's JSON with a documented negative error for any fields, signed or not`, async () => {
      const names = ["click_trans_id", "service_id", "click_paydoc_id", "merchant_trans_id", "merchant_prepare_id", "amount", "action", "error", "error_note", "sign_time", "sign_string"];
      const realAmounts = new Set(orders.map((order) => clickAmount(order.amount)));
      // Correctly signed, with generated values (never an order's exact amount: that would be a valid payment).
      const signed = fc
        .record({
          merchant_trans_id: fc.oneof(nasty, fc.constantFrom(...orders.map((order) => order.number))),
          amount: nasty.filter((amount) => !realAmounts.has(amount)),
          action: fc.oneof(fc.constantFrom("0", "1"), nasty),
          error: fc.oneof(fc.constant("0"), nasty),
          sign_time: fc.oneof(nasty, fc.constant(undefined)),
          merchant_prepare_id: endpoint === "complete" ? fc.oneof(nasty, fc.constant("1")) : fc.constant(undefined),
        })
        .map((values) => encoded(clickFields(credentials, { click_trans_id: newClickTransId(), ...values })));
      const request = fc.record({
        body: fc.oneof(signed, signed, formOf(names).map(encoded), jsonish),
        type: fc.oneof(fc.constant("application/x-www-form-urlencoded"), contentType),
        query: queryString,
        headers: extraHeaders,
        method: fc.constantFrom("POST", "POST", "POST", "GET"),
      });
      await property(`click ${endpoint}`, request, async (input) => {
        const headers = { ...input.headers, ...(input.type ? { "content-type": input.type } : {}) };
        const sent: Sent = { method: input.method, path: `/api/click/${endpoint}${input.query ? `?${input.query}` : ""}`, headers, body: input.body };
        const answer = await send(`click ${endpoint}`, sent);
        expectNoFailure(answer, sent);
        if (answer.status !== 200) return;
        const body = JSON.parse(answer.text) as { error: number };
        expect([-1, -2, -3, -4, -5, -6, -7, -8, -9], answer.text).toContain(body.error);
      });
    }, RUN_TIMEOUT_MS);
  }

  it("Robokassa ResultURL: a 4xx in plain text for any fields, signed or not, by POST or GET", async () => {
    const names = ["OutSum", "InvId", "SignatureValue", "IsTest", "Culture", "Shp_order", "Shp_key", "Fee", "EMail", "PaymentMethod"];
    const shp = shpOf(robokassaForm);
    const signed = fc
      .record({
        outSum: nasty.filter((sum) => sum !== robokassaForm.OutSum),
        invId: fc.oneof(nasty, fc.constant(robokassaForm.InvId!)),
        shp: fc.oneof(fc.constant(shp), fc.dictionary(fc.constantFrom("Shp_order", "Shp_key", "Shp_x"), nasty, { maxKeys: 3 })),
      })
      .map(({ outSum, invId, shp }) => encoded(robokassaResultFields(credentials.robokassaPassword2, outSum, invId, shp)));
    const request = fc.record({ fields: fc.oneof(signed, signed, formOf(names).map(encoded), fc.string({ maxLength: 100 })), headers: extraHeaders, method: fc.constantFrom("POST", "POST", "GET") });
    await property("robokassa result", request, async (input) => {
      const post = input.method === "POST";
      const sent: Sent = post
        ? { method: "POST", path: "/api/robokassa/result", headers: { ...input.headers, "content-type": "application/x-www-form-urlencoded" }, body: input.fields }
        : { method: "GET", path: `/api/robokassa/result?${input.fields}`, headers: input.headers };
      const answer = await send("robokassa result", sent);
      expectNoFailure(answer, sent);
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
      expect(answer.type).toMatch(/^text\/plain/);
    });
  }, RUN_TIMEOUT_MS);

  for (const endpoint of ["success", "fail"] as const) {
    it(`Robokassa ${endpoint}URL: a redirect to the order or a 4xx, whatever comes back`, async () => {
      const shp = shpOf(robokassaForm);
      const names = ["OutSum", "InvId", "SignatureValue", "Culture", "IsTest", "Shp_order", "Shp_key"];
      const nearlyRight = fc.record({ OutSum: fc.oneof(fc.constant(robokassaForm.OutSum!), nasty), InvId: fc.oneof(fc.constant(robokassaForm.InvId!), nasty), SignatureValue: nasty, Shp_order: fc.oneof(fc.constant(shp.Shp_order ?? ""), nasty), Shp_key: nasty }, { requiredKeys: [] });
      const request = fc.record({ query: fc.oneof(formOf(names).map(encoded), nearlyRight.map(encoded), queryString), headers: extraHeaders, method: fc.constantFrom("GET", "GET", "POST") });
      await property(`robokassa ${endpoint}`, request, async (input) => {
        const sent: Sent =
          input.method === "GET"
            ? { method: "GET", path: `/api/robokassa/${endpoint}?${input.query}`, headers: input.headers }
            : { method: "POST", path: `/api/robokassa/${endpoint}`, headers: { ...input.headers, "content-type": "application/x-www-form-urlencoded" }, body: input.query };
        const answer = await send(`robokassa ${endpoint}`, sent);
        expectNoFailure(answer, sent);
        expect(answer.status === 303 || (answer.status >= 400 && answer.status < 500), `${answer.status} ${answer.text}`).toBe(true);
      });
    }, RUN_TIMEOUT_MS);
  }

  it("1C exchange: success/failure/progress text or a 4xx for any mode, file name, credentials, cookie or (mutated) CommerceML file", async () => {
    const modes = ["checkauth", "init", "file", "import", "query", "success", "info", "deactivate"];
    /** A fixture with a slice replaced by generated text, cut short, or as is. */
    const mutated = fc
      .record({ file: fc.nat(fixtures.length - 1), at: fc.nat(), length: fc.nat(400), insert: fc.string({ maxLength: 60 }), cut: fc.boolean() })
      .map(({ file, at, length, insert, cut }) => {
        const bytes = Buffer.from(fixtures[file]!);
        const start = at % Math.max(1, bytes.length);
        return cut ? bytes.subarray(0, start) : Buffer.concat([bytes.subarray(0, start), Buffer.from(insert), bytes.subarray(start + length)]);
      });
    const request = fc.record({
      // Mostly what the exchange serves (type=sale and a known mode), so the calls get past the query's check.
      type: fc.oneof({ arbitrary: fc.constant("sale"), weight: 6 }, { arbitrary: fc.constantFrom("catalog", "get_catalog"), weight: 1 }, { arbitrary: nasty, weight: 1 }),
      mode: fc.oneof({ arbitrary: fc.constantFrom(...modes), weight: 6 }, { arbitrary: nasty, weight: 1 }),
      filename: fc.oneof(fc.constantFrom("orders.xml", "import.xml", "../orders.xml", "a/b.xml", "orders.zip"), nasty),
      version: fc.oneof(fc.constantFrom("2.10", "3.1"), nasty, fc.constant(undefined)),
      credentials: fc.oneof(
        fc.constant({ cookie: oneCCookie }),
        fc.constant({ authorization: `Basic ${Buffer.from(`${ONE_C_LOGIN}:${ONE_C_PASSWORD}`).toString("base64")}` }),
        fc.record({ authorization: headerValue }),
        fc.record({ cookie: headerValue }),
        fc.constant({}),
      ),
      body: fc.oneof(mutated, fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)), fc.constant(undefined)),
    });
    await property("1c exchange", request, async (input) => {
      const query = new URLSearchParams({ type: input.type, mode: input.mode, filename: input.filename, ...(input.version === undefined ? {} : { version: input.version }) });
      const sent: Sent = { method: input.body ? "POST" : "GET", path: `/api/1c/exchange?${query}`, headers: input.credentials as Record<string, string>, body: input.body };
      const answer = await send("1c exchange", sent);
      expectNoFailure(answer, sent);
      // The exchange's plain-text answers (init's settings, checkauth's cookie…) or CommerceML.
      if (answer.status === 200 && !/xml/.test(answer.type)) expect(answer.text, answer.text).toMatch(/^(success|failure|progress|zip=(yes|no))\b/);
    });
  }, RUN_TIMEOUT_MS);

  it("store API: orders, an order's view and its payment requests answer 2xx for valid input, a 4xx JSON error otherwise", async () => {
    const skus = ["KAZAN-8L", "CHOYNAK-1L", "NOPE", ""];
    const item = fc.record({ sku: fc.oneof(fc.constantFrom(...skus), nasty), quantity: fc.oneof(fc.integer({ min: -3, max: 1000 }), nasty, fc.double()) }, { requiredKeys: [] });
    const orderBody = fc.oneof(
      fc.record({ items: fc.oneof(fc.array(item, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), customer: fc.oneof(fc.record({ name: nasty, phone: nasty, email: nasty }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 1 })), lang: nasty, amount: nasty }, { requiredKeys: [] }).map((body) => JSON.stringify(body)),
      jsonish,
    );
    const paymentBody = fc.oneof(
      fc.record({ provider: fc.oneof(fc.constantFrom("payme", "click", "robokassa", "card", "1c"), nasty), lang: fc.oneof(fc.constantFrom("ru", "uz", "en"), nasty), amount: nasty, method: nasty }, { requiredKeys: [] }).map((body) => JSON.stringify(body)),
      jsonish,
    );
    const id = fc.oneof(fc.constantFrom(...orders.map((order) => order.id)), fc.constantFrom(...orders.map((order) => order.number)), fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/));
    const request = fc.oneof(
      fc.record({ kind: fc.constant("orders" as const), body: orderBody, method: fc.constantFrom("POST", "POST", "PUT", "DELETE") }),
      fc.record({ kind: fc.constant("order" as const), id, method: fc.constantFrom("GET", "POST", "DELETE") }),
      fc.record({ kind: fc.constant("payments" as const), id, body: paymentBody, method: fc.constantFrom("POST", "POST", "GET") }),
      fc.record({ kind: fc.constant("products" as const), query: queryString, method: fc.constantFrom("GET", "POST") }),
    );
    const withHeaders = fc.record({ request, type: contentType, headers: extraHeaders });
    await property("store api", withHeaders, async ({ request: input, type, headers: extra }) => {
      const headers = { ...extra, ...(type ? { "content-type": type } : {}) };
      const path = {
        orders: "/api/orders",
        order: `/api/orders/${"id" in input ? encodeURIComponent(input.id) : ""}`,
        payments: `/api/orders/${"id" in input ? encodeURIComponent(input.id) : ""}/payments`,
        products: `/api/products${"query" in input && input.query ? `?${input.query}` : ""}`,
      }[input.kind];
      const sent: Sent = { method: input.method, path, headers, body: "body" in input ? input.body : undefined };
      const answer = await send(`store api ${input.kind}`, sent);
      expectNoFailure(answer, sent);
      // A refusal with a body is the API's JSON error (Next.js answers a method no route has with an empty 405).
      if (answer.status >= 400 && answer.text !== "") {
        expect(answer.type, answer.text).toMatch(/^application\/json/);
        expect(JSON.parse(answer.text), answer.text).toHaveProperty("error");
      }
    });
  }, RUN_TIMEOUT_MS);

  it("server actions over HTTP: any action id, page, form fields or argument text gets a 2xx/3xx/4xx, never a 5xx", async () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(0);
    const pages = [...new Set(actions.map((action) => action.page.replace("[number]", orders[0]!.number).replace("[id]", orders[0]!.id)))];
    const fields = fc.dictionary(fc.oneof(fc.constantFrom("_1_order", "_1_amount", "_1_provider", "_1_phone", "_1_code", "_1_card", "_1_expire", "0", "1_$ACTION_ID", "_1_password"), fc.string({ maxLength: 10 })), nasty, { maxKeys: 5 });
    const request = fc.record({
      action: fc.oneof(fc.constantFrom(...actions.map((action) => action.id)), fc.stringMatching(/^[0-9a-f]{0,42}$/), headerValue),
      page: fc.constantFrom(...pages, "/", "/checkout"),
      form: fc.oneof(
        fields.map((entries) => ({ multipart: entries })),
        fc.oneof(jsonish, fc.jsonValue({ maxDepth: 2 }).map((args) => JSON.stringify([args]))).map((text) => ({ text })),
      ),
      origin: fc.oneof(fc.constant("same"), fc.constant("null"), headerValue, fc.constant(undefined)),
      headers: extraHeaders,
    });
    await property("server actions", request, async (input) => {
      const headers: Record<string, string> = { ...input.headers, accept: "text/x-component", "next-action": input.action };
      if (input.origin !== undefined) headers.origin = input.origin === "same" ? app.url : input.origin;
      let body: string | FormData;
      if ("multipart" in input.form) {
        body = new FormData();
        for (const [name, value] of Object.entries(input.form.multipart)) body.append(name, value);
      } else {
        body = input.form.text;
        headers["content-type"] = "text/plain;charset=UTF-8";
      }
      const sent: Sent = { method: "POST", path: input.page, headers, body };
      const answer = await send("server actions", sent);
      expectNoFailure(answer, sent);
    });
  }, RUN_TIMEOUT_MS);

  it("server actions: the malformed calls fuzzing found get a 4xx (an Origin that is no URL, a root that is no argument list, a part not sent, broken JSON)", async () => {
    const id = actionId("loadCardForm", "lib/payments/payme/saved-cards/");
    const page = `/orders/${orders[0]!.id}`;
    const call = async (body: string | Record<string, string>, origin: string) => {
      const headers: Record<string, string> = { accept: "text/x-component", "next-action": id, origin };
      let payload: string | FormData;
      if (typeof body === "string") {
        payload = body;
        headers["content-type"] = "text/plain;charset=UTF-8";
      } else {
        payload = new FormData();
        for (const [name, value] of Object.entries(body)) payload.append(name, value);
      }
      const sent: Sent = { method: "POST", path: page, headers, body: payload };
      const answer = await send("server actions (found)", sent);
      expectNoFailure(answer, sent);
      return answer.status;
    };
    expect(await call(JSON.stringify([{ orderId: orders[0]!.id }]), "null")).toBe(403);
    expect(await call(JSON.stringify([{ orderId: orders[0]!.id }]), "E")).toBe(403);
    const malformed: (string | Record<string, string>)[] = ["1", "null", '"x"', '["$Q1"]', "[{", { "0": "1" }, {}, { "u.": "apply" }];
    for (const body of malformed) expect(await call(body, app.url), JSON.stringify(body)).toBe(400);
    // A well-formed call still works.
    expect(await call(JSON.stringify([{ orderId: orders[0]!.id }]), app.url)).toBe(200);
  });
});
