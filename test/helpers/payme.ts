// Helpers for the Payme Merchant API tests: a JSON-RPC client that checks the transport rules on
// every answer, a store started with a known cashbox key, and direct database reads/writes for
// what the tests must set up or verify (Payme times, fulfilment, settings, ledger, outbox).
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { expect } from "vitest";
import { createSql, type SqlDatabase, type SqlValue } from "@/lib/db/sql";
import { newPaymeId } from "@/lib/payments/payme/sandbox-scenarios";
import { writeSetting } from "@/lib/settings/settings";
import { startApp, type App, type EnvOverrides } from "./app";
import type { FreshDatabase } from "./database";

export { newPaymeId };

export const TWELVE_HOURS_MS = 43_200_000;

export type RpcError = { code: number; message: { ru: string; uz: string; en: string }; data?: unknown };
export type RpcBody = { jsonrpc: string; id: unknown; result?: any; error?: RpcError };
export type RawAnswer = { status: number; contentType: string; text: string; body: any };

export const basicAuth = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

/**
 * What no answer may contain, whatever the input: stack frames, source paths, driver or SQL
 * error texts (DESIGN.md "Security rules": never a 500, never a stack trace).
 */
export const LEAKS = /\bat [\w$.<>]+ \(|node:internal|\.tsx?:\d+|\/work\/|node_modules|SQLITE_|sqlite3|syntax error|relation "|violates|duplicate key|ECONNREFUSED|TypeError|RangeError|ReferenceError|SyntaxError/;

/** Asserts the protocol's transport rules: HTTP 200, JSON with charset, no leak. */
export function expectWellFormed(answer: RawAnswer, label = ""): void {
  expect(answer.status, `${label} HTTP status (body ${answer.text.slice(0, 300)})`).toBe(200);
  expect(answer.contentType.toLowerCase(), `${label} content-type`).toBe("application/json; charset=utf-8");
  expect(answer.text, `${label} leaks internals`).not.toMatch(LEAKS);
  expect(answer.body, `${label} is a JSON object: ${answer.text.slice(0, 300)}`).toBeTypeOf("object");
  expect(answer.body.jsonrpc, label).toBe("2.0");
  const hasResult = "result" in answer.body;
  const hasError = "error" in answer.body;
  expect(hasResult !== hasError, `${label} carries exactly one of result/error: ${answer.text}`).toBe(true);
  if (hasError) {
    const error = answer.body.error as RpcError;
    expect(Number.isInteger(error.code), label).toBe(true);
    expect(Object.keys(error.message ?? {}).sort(), `${label} localized message`).toEqual(["en", "ru", "uz"]);
    for (const text of Object.values(error.message)) expect(text, label).toMatch(/\S/);
    // `id` sits beside `error`, never inside it.
    expect(error, label).not.toHaveProperty("id");
  }
}

export type CallOptions = {
  /** Authorization header; null sends none; default the client's Basic credentials. */
  authorization?: string | null;
  headers?: Record<string, string>;
  id?: number | string;
};

/**
 * One HTTP request through node:http, which sends the path exactly as given (fetch would
 * normalize `/api/./payme` to `/api/payme`).
 */
function literalRequest(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; contentType: string; text: string }> {
  const parsed = new URL(url);
  const path = url.slice(url.indexOf("/", parsed.protocol.length + 2));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: parsed.hostname, port: parsed.port, path, method: init.method, headers: init.headers },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), text }));
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

export class PaymeClient {
  #rpcId = 0;
  constructor(
    readonly endpoint: string,
    public key: string,
    public login = "Paycom",
    /** Send the endpoint's path literally (node:http), e.g. to reach `/api/./payme`. */
    readonly literalPath = false,
  ) {}

  get authorization(): string {
    return basicAuth(`${this.login}:${this.key}`);
  }

  /** Any HTTP request to the endpoint; the answer is checked with expectWellFormed. */
  async raw(init: { method?: string; body?: string; headers?: Record<string, string>; path?: string } = {}): Promise<RawAnswer> {
    const url = this.endpoint + (init.path ?? "");
    const method = init.method ?? "POST";
    let status: number;
    let contentType: string;
    let text: string;
    if (this.literalPath) {
      ({ status, contentType, text } = await literalRequest(url, { method, headers: init.headers, body: init.body }));
    } else {
      const response = await fetch(url, { method, headers: init.headers, body: init.body });
      status = response.status;
      contentType = response.headers.get("content-type") ?? "";
      text = await response.text();
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = { status, contentType, text, body };
    if (init.method !== "HEAD") expectWellFormed(answer, `${init.method ?? "POST"} ${init.body?.slice(0, 120) ?? ""}`);
    return answer;
  }

  /** One JSON-RPC call; returns the whole answer (`{jsonrpc, id, result | error}`). */
  async call(method: string, params: unknown, options: CallOptions = {}): Promise<RpcBody> {
    const id = options.id ?? ++this.#rpcId;
    const authorization = options.authorization === undefined ? this.authorization : options.authorization;
    const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8", ...options.headers };
    if (authorization !== null) headers.authorization = authorization;
    const answer = await this.raw({ body: JSON.stringify({ jsonrpc: "2.0", id, method, params }), headers });
    expect(answer.body.id, `${method}: the answer's id`).toEqual(id);
    return answer.body as RpcBody;
  }

  /** The call's result; fails the test on an error answer. */
  async result(method: string, params: unknown, options?: CallOptions): Promise<any> {
    const body = await this.call(method, params, options);
    expect(body.error, `${method} ${JSON.stringify(params)} answered an error`).toBeUndefined();
    return body.result;
  }

  /** The call's error; fails the test on a result. */
  async error(method: string, params: unknown, options?: CallOptions): Promise<RpcError> {
    const body = await this.call(method, params, options);
    expect(body.result, `${method} ${JSON.stringify(params)} answered a result`).toBeUndefined();
    return body.error!;
  }
}

export type PaymeStore = {
  app: App;
  client: PaymeClient;
  key: string;
  appSecret: string;
  adminPassword: string;
};

/** Environment for a store whose Payme test key (and secrets) the test knows. */
export function paymeEnvironment(overrides: EnvOverrides = {}): { env: EnvOverrides; key: string; appSecret: string; adminPassword: string } {
  const key = `test-key-${randomBytes(12).toString("base64url")}`;
  const appSecret = randomBytes(32).toString("base64url");
  const adminPassword = `admin-${randomBytes(9).toString("base64url")}`;
  return {
    key,
    appSecret,
    adminPassword,
    env: {
      PAYMENTS_MODE: "sandbox",
      PAYME_MERCHANT_ID: "5e730e8e0b852a417aa49ceb",
      PAYME_TEST_KEY: key,
      APP_SECRET: appSecret,
      ADMIN_PASSWORD: adminPassword,
      ...overrides,
    },
  };
}

/** Starts `count` store processes on one database with one key and APP_SECRET (so all decrypt the same settings). */
export async function startPaymeStores(database: FreshDatabase, count = 1, overrides: EnvOverrides = {}): Promise<PaymeStore[]> {
  const { env, key, appSecret, adminPassword } = paymeEnvironment(overrides);
  // The first one migrates and seeds; the others then start on a prepared database.
  const first = await startApp({ databaseUrl: database.url, env });
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startApp({ databaseUrl: database.url, env })));
  return [first, ...rest].map((app) => ({ app, key, appSecret, adminPassword, client: new PaymeClient(`${app.url}/api/payme`, key) }));
}

export type StoreOrder = { id: string; number: string; amount: string; status: string };

/** A new order through the store's API (one KAZAN-8L unless items are given). */
export async function createOrder(appUrl: string, items: { sku: string; quantity: number }[] = [{ sku: "KAZAN-8L", quantity: 1 }]): Promise<StoreOrder> {
  const response = await fetch(`${appUrl}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ items }),
  });
  const body = (await response.json()) as StoreOrder;
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

export type OrderView = {
  id: string;
  number: string;
  status: string;
  payable: boolean;
  amount: string;
  paidAmount: string;
  refundedAmount: string;
  outstandingAmount: string;
  payments: { kind: string; provider: string; reference: string; amount: string; at: string }[];
  fiscalReceipts: string[];
};

export async function orderView(appUrl: string, id: string): Promise<OrderView> {
  const response = await fetch(`${appUrl}/api/orders/${id}`, { headers: { accept: "application/json" } });
  expect(response.status).toBe(200);
  return (await response.json()) as OrderView;
}

export type TransactionRow = {
  id: number;
  paymeId: string;
  orderNumber: number;
  amount: bigint;
  paymeTime: bigint;
  createTime: bigint;
  performTime: bigint;
  cancelTime: bigint;
  state: number;
  reason: number | null;
  fiscalPerform: string | null;
  fiscalCancel: string | null;
};

export type LedgerRow = { kind: string; provider: string; reference: string; amount: bigint };
export type EventRow = { type: string; dedupeKey: string };

/** Direct access to the store's database for set-up and for checks the API does not show. */
export class StoreDatabase {
  readonly sql: SqlDatabase;
  constructor(
    readonly url: string,
    readonly appSecret: string,
  ) {
    this.sql = createSql(url);
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  transaction(paymeId: string): Promise<TransactionRow | undefined> {
    return this.sql.get<TransactionRow>(
      `SELECT "id", "paymeId", "orderNumber", "amount", "paymeTime", "createTime", "performTime", "cancelTime", "state", "reason", "fiscalPerform", "fiscalCancel"
         FROM "PaymeTransaction" WHERE "paymeId" = ?`,
      [paymeId],
    );
  }

  transactionsOf(orderNumber: number | string): Promise<TransactionRow[]> {
    return this.sql.all<TransactionRow>(
      `SELECT "id", "paymeId", "orderNumber", "amount", "paymeTime", "createTime", "performTime", "cancelTime", "state", "reason", "fiscalPerform", "fiscalCancel"
         FROM "PaymeTransaction" WHERE "orderNumber" = ? ORDER BY "id"`,
      [Number(orderNumber)],
    );
  }

  async count(table: string): Promise<number> {
    const row = await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}"`, [], { n: "number" });
    return Number(row!.n);
  }

  order(orderNumber: number | string) {
    return this.sql.get<{ status: string; amount: bigint; paidAmount: bigint; refundedAmount: bigint }>(
      `SELECT "status", "amount", "paidAmount", "refundedAmount" FROM "Order" WHERE "number" = ?`,
      [Number(orderNumber)],
    );
  }

  ledger(orderNumber: number | string): Promise<LedgerRow[]> {
    return this.sql.all<LedgerRow>(
      `SELECT "kind", "provider", "reference", "amount" FROM "LedgerEntry" WHERE "orderNumber" = ? ORDER BY "id"`,
      [Number(orderNumber)],
    );
  }

  events(orderNumber: number | string): Promise<EventRow[]> {
    return this.sql.all<EventRow>(`SELECT "type", "dedupeKey" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [Number(orderNumber)]);
  }

  async eventTypes(orderNumber: number | string): Promise<string[]> {
    return (await this.events(orderNumber)).map((event) => event.type);
  }

  reservation(orderNumber: number | string) {
    return this.sql.get<{ provider: string; kind: string; reference: string; expiresAt: bigint | null }>(
      `SELECT "provider", "kind", "reference", "expiresAt" FROM "Reservation" WHERE "orderNumber" = ?`,
      [Number(orderNumber)],
    );
  }

  /** Moves a transaction's Payme `time` (what the 12-hour rule reads). */
  async setPaymeTime(paymeId: string, paymeTime: number, options: { alsoReservation?: boolean } = {}): Promise<void> {
    const changed = await this.sql.run(`UPDATE "PaymeTransaction" SET "paymeTime" = ? WHERE "paymeId" = ?`, [BigInt(paymeTime), paymeId]);
    expect(changed.changes).toBe(1);
    if (options.alsoReservation) {
      await this.sql.run(`UPDATE "Reservation" SET "expiresAt" = ? WHERE "provider" = 'payme' AND "reference" = ?`, [
        BigInt(paymeTime + TWELVE_HOURS_MS),
        paymeId,
      ]);
    }
  }

  async setOrderColumn(orderNumber: number | string, column: "fulfilledAt" | "cancelledAt", value: Date | null): Promise<void> {
    const changed = await this.sql.run(`UPDATE "Order" SET "${column}" = ? WHERE "number" = ?`, [value, Number(orderNumber)]);
    expect(changed.changes).toBe(1);
  }

  async approveRefund(reference: string, at: Date = new Date()): Promise<void> {
    const changed = await this.sql.run(
      `UPDATE "LedgerEntry" SET "refundApprovedAt" = ? WHERE "kind" = 'payment' AND "provider" = 'payme' AND "reference" = ?`,
      [at, reference],
    );
    expect(changed.changes).toBe(1);
  }

  /**
   * Writes a `payme.*` setting row as the admin would, then waits out the store's settings
   * cache (≤ 1 s).
   */
  async setPaymeSetting(name: "ipAllowlist" | "trustedProxies" | "login" | "accountField", value: string): Promise<void> {
    await writeSetting(this.sql, `payme.${name}`, value, { secret: false, appSecret: this.appSecret });
    await sleep(1_200);
  }

  async run(statement: string, params: SqlValue[] = []) {
    return this.sql.run(statement, params);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Σ price × count − discount (+ shipping) of a CheckPerformTransaction detail. */
export function fiscalTotal(detail: { items: { price: number; count: number; discount?: number }[]; shipping?: { price: number } }): bigint {
  const items = detail.items.reduce((sum, item) => sum + BigInt(item.price) * BigInt(item.count) - BigInt(item.discount ?? 0), 0n);
  return items + BigInt(detail.shipping?.price ?? 0);
}

/** The Merchant API's unexpected-failure log line (service.ts onError): bad input must never produce one. */
export const UNEXPECTED_FAILURE_LOG = /payme: \w+ failed/;
