// The two scenarios Payme's sandbox (test.paycom.uz) runs against a Merchant API endpoint, as a
// reusable runner: the integration tests, `npm run payme:sandbox-check` and the admin's tester
// page all run these same checks over real HTTP (docs/protocols/payme-merchant-api.md, "The
// sandbox's two scenarios"). It only speaks HTTP, so it works against any shop's endpoint.

export type ScenarioCheck = { name: string; ok: boolean; detail: string };

/** A payable order: its number (the account value) and outstanding amount in tiyin. */
export type ScenarioOrder = { number: string | number; amount: number | bigint | string };

export type SandboxScenarioOptions = {
  /** The Merchant API endpoint, e.g. `https://shop.example/api/payme`. */
  url: string;
  /** The cashbox key the endpoint expects (the test key outside live mode). */
  key: string;
  /** Basic auth login; default `Paycom`. */
  login?: string;
  /** The account field; default `order_id`. */
  accountField?: string;
  /**
   * The order to pay: a fixed one (both scenarios use it: scenario 1 leaves it payable again),
   * or a function called once per scenario that creates a fresh one.
   */
  order: ScenarioOrder | (() => Promise<ScenarioOrder>);
  /** An order number that does not exist; default a random one near 2^31. */
  missingOrderNumber?: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

type RpcError = { code: number; message?: unknown; data?: unknown };
type RpcAnswer = { status: number; contentType: string; text: string; body: Record<string, unknown> | undefined };

class CheckFailed extends Error {}

function fail(detail: string): never {
  throw new CheckFailed(detail);
}

/** Deep equality of JSON values, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameJson(value, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}

/** A Payme-style transaction id: 24 hexadecimal characters. */
export function newPaymeId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function basicAuth(credentials: string): string {
  const bytes = new TextEncoder().encode(credentials);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Creates a one-item order through a store's own API (`POST /api/orders` at `storeOrigin`), for
 * runs that were given no order.
 */
export function storeOrderFactory(storeOrigin: string, fetchImpl: typeof fetch = fetch): () => Promise<ScenarioOrder> {
  const origin = storeOrigin.replace(/\/+$/, "");
  return async () => {
    const products = await fetchImpl(`${origin}/api/products`, { headers: { accept: "application/json" } });
    if (!products.ok) throw new Error(`GET ${origin}/api/products answered ${products.status}`);
    const catalog = (await products.json()) as { sku: string; currency?: string }[];
    const product = catalog.find((entry) => entry.currency === "UZS") ?? catalog[0];
    if (!product) throw new Error(`the store at ${origin} has no products to order`);
    const created = await fetchImpl(`${origin}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ items: [{ sku: product.sku, quantity: 1 }] }),
    });
    if (created.status !== 201) throw new Error(`POST ${origin}/api/orders answered ${created.status}`);
    const order = (await created.json()) as { number: string; amount: string };
    return { number: order.number, amount: order.amount };
  };
}

/** Runs both scenarios and returns one line per check, in order. Never throws for the endpoint's faults. */
export async function runSandboxScenarios(options: SandboxScenarioOptions): Promise<ScenarioCheck[]> {
  const runner = new ScenarioRunner(options);
  await runner.scenarioOne();
  await runner.scenarioTwo();
  return runner.checks;
}

class ScenarioRunner {
  readonly checks: ScenarioCheck[] = [];
  readonly #options: SandboxScenarioOptions;
  readonly #login: string;
  readonly #field: string;
  readonly #fetch: typeof fetch;
  readonly #missing: string;
  #rpcId = 1000;
  /** Transactions made by the scenarios, for the statement check: Payme id → Payme time. */
  readonly #made = new Map<string, number>();

  constructor(options: SandboxScenarioOptions) {
    this.#options = options;
    this.#login = options.login ?? "Paycom";
    this.#field = options.accountField ?? "order_id";
    this.#fetch = options.fetch ?? fetch;
    this.#missing = options.missingOrderNumber ?? String(2_147_000_000 + Math.floor(Math.random() * 400_000));
  }

  /** Records one check; a thrown error fails it (its message is the detail, never with the key in it). */
  async #check(name: string, body: () => Promise<string | void>): Promise<boolean> {
    let ok = true;
    let detail: string;
    try {
      detail = (await body()) || "ok";
    } catch (error) {
      ok = false;
      detail = error instanceof CheckFailed ? error.message : `request failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.checks.push({ name, ok, detail: this.#redact(detail) });
    return ok;
  }

  #redact(text: string): string {
    const key = this.#options.key;
    const clipped = text.length > 400 ? `${text.slice(0, 400)}…` : text;
    return key ? clipped.split(key).join("•••") : clipped;
  }

  async #order(): Promise<{ number: string; amount: number } | undefined> {
    const source = this.#options.order;
    let order: ScenarioOrder;
    try {
      order = typeof source === "function" ? await source() : source;
    } catch (error) {
      this.checks.push({ name: "prepare an order", ok: false, detail: this.#redact(error instanceof Error ? error.message : String(error)) });
      return undefined;
    }
    const amount = Number(order.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      this.checks.push({ name: "prepare an order", ok: false, detail: `the order's amount ${String(order.amount)} is not a positive number of tiyin` });
      return undefined;
    }
    return { number: String(order.number), amount };
  }

  async #call(method: string, params: Record<string, unknown>, authorization?: string | null): Promise<RpcAnswer> {
    const id = ++this.#rpcId;
    const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
    const auth = authorization === undefined ? basicAuth(`${this.#login}:${this.#options.key}`) : authorization;
    if (auth !== null) headers.authorization = auth;
    const response = await this.#fetch(this.#options.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const answer: RpcAnswer = { status: response.status, contentType: response.headers.get("content-type") ?? "", text, body };
    if (response.status !== 200) fail(`HTTP ${response.status} (Payme takes anything but 200 as -32400): ${text}`);
    if (!body) fail(`the answer is not a JSON object: ${text}`);
    if (body.id !== id) fail(`the answer's id is ${JSON.stringify(body.id)}, not the request's ${id}: ${text}`);
    return answer;
  }

  async #result(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await this.#call(method, params);
    const result = answer.body!.result;
    if (answer.body!.error !== undefined || !result || typeof result !== "object") fail(`expected a result, got ${answer.text}`);
    return result as Record<string, unknown>;
  }

  async #error(method: string, params: Record<string, unknown>, codes: (code: number) => boolean, authorization?: string | null): Promise<RpcError> {
    const answer = await this.#call(method, params, authorization);
    const error = answer.body!.error as RpcError | undefined;
    if (!error || typeof error !== "object") fail(`expected an error, got ${answer.text}`);
    if (answer.body!.result !== undefined) fail(`an answer must not carry both result and error: ${answer.text}`);
    if (!codes(error.code)) fail(`got error ${error.code}: ${answer.text}`);
    const message = error.message as Record<string, unknown> | undefined;
    if (!message || typeof message.ru !== "string" || typeof message.uz !== "string" || typeof message.en !== "string") {
      fail(`error ${error.code} has no localized message {ru, uz, en}: ${answer.text}`);
    }
    return error;
  }

  #account(number: string): Record<string, string> {
    return { [this.#field]: number };
  }

  // ---- the checks, step by step ----

  async #wrongAuthorization(order: { number: string; amount: number }) {
    const id = newPaymeId();
    const calls: [string, Record<string, unknown>][] = [
      ["CheckPerformTransaction", { amount: order.amount, account: this.#account(order.number) }],
      ["CreateTransaction", { id, time: Date.now(), amount: order.amount, account: this.#account(order.number) }],
      ["PerformTransaction", { id }],
      ["CancelTransaction", { id, reason: 3 }],
      ["CheckTransaction", { id }],
      ["GetStatement", { from: Date.now() - 3_600_000, to: Date.now() }],
    ];
    const random = newPaymeId();
    const variants: [string, string | null][] = [
      ["Paycom:Uzcard:… (the sandbox's)", basicAuth(`Paycom:Uzcard:${random}`)],
      ["a wrong key", basicAuth(`${this.#login}:${random}`)],
      ["no header", null],
    ];
    for (const [method, params] of calls) {
      await this.#check(`1.1 wrong authorization: ${method} → -32504`, async () => {
        for (const [variant, header] of variants) {
          try {
            await this.#error(method, params, (code) => code === -32504, header);
          } catch (error) {
            if (error instanceof CheckFailed) fail(`${variant}: ${error.message}`);
            throw error;
          }
        }
        return `refused with ${variants.map(([variant]) => variant).join(", ")}`;
      });
    }
    await this.#check("1.1 wrong authorization changed nothing: CheckTransaction → -31003", async () => {
      await this.#error("CheckTransaction", { id }, (code) => code === -31003);
    });
  }

  async #wrongAmountAndOrder(order: { number: string; amount: number }) {
    const wrong = order.amount + 100;
    await this.#check("1.2 CheckPerformTransaction with a wrong amount → -31001", async () => {
      await this.#error("CheckPerformTransaction", { amount: wrong, account: this.#account(order.number) }, (code) => code === -31001);
    });
    await this.#check("1.2 CreateTransaction with a wrong amount → -31001", async () => {
      await this.#error("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount: wrong, account: this.#account(order.number) }, (code) => code === -31001);
    });
    const accountRange = (code: number) => code <= -31050 && code >= -31099;
    await this.#check("1.2 CheckPerformTransaction for a non-existent order → -31050…-31099", async () => {
      const error = await this.#error("CheckPerformTransaction", { amount: order.amount, account: this.#account(this.#missing) }, accountRange);
      return `${error.code}, data ${JSON.stringify(error.data)}`;
    });
    await this.#check("1.2 CreateTransaction for a non-existent order → -31050…-31099", async () => {
      const error = await this.#error(
        "CreateTransaction",
        { id: newPaymeId(), time: Date.now(), amount: order.amount, account: this.#account(this.#missing) },
        accountRange,
      );
      return `${error.code}, data ${JSON.stringify(error.data)}`;
    });
  }

  /** Check, Create, Create again, CheckTransaction, Create with a new id. Returns the transaction made. */
  async #createSteps(step: string, order: { number: string; amount: number }) {
    const paymeId = newPaymeId();
    const time = Date.now();
    const account = this.#account(order.number);
    let created: Record<string, unknown> | undefined;

    await this.#check(`${step} CheckPerformTransaction → allow`, async () => {
      const result = await this.#result("CheckPerformTransaction", { amount: order.amount, account });
      if (result.allow !== true) fail(`allow is ${JSON.stringify(result.allow)}`);
      return describeDetail(result.detail, order.amount);
    });
    await this.#check(`${step} CreateTransaction → state 1`, async () => {
      const result = await this.#result("CreateTransaction", { id: paymeId, time, amount: order.amount, account });
      if (result.state !== 1) fail(`state is ${JSON.stringify(result.state)}: ${JSON.stringify(result)}`);
      if (typeof result.transaction !== "string" || result.transaction === "") fail(`transaction must be a non-empty string: ${JSON.stringify(result)}`);
      if (!isMillis(result.create_time)) fail(`create_time must be integer milliseconds: ${JSON.stringify(result)}`);
      created = result;
      this.#made.set(paymeId, time);
      return `transaction ${result.transaction}, create_time ${result.create_time}`;
    });
    await this.#check(`${step} CreateTransaction again (same id) → identical answer`, async () => {
      const again = await this.#result("CreateTransaction", { id: paymeId, time, amount: order.amount, account });
      if (!sameJson(again, created)) fail(`first ${JSON.stringify(created)}, then ${JSON.stringify(again)}`);
    });
    await this.#check(`${step} CheckTransaction → state 1`, async () => {
      const result = await this.#result("CheckTransaction", { id: paymeId });
      expectFields(result, {
        state: 1,
        create_time: created?.create_time,
        perform_time: 0,
        cancel_time: 0,
        transaction: created?.transaction,
        reason: null,
      });
    });
    await this.#check(`${step} CreateTransaction with a new id for the same order → -31008`, async () => {
      await this.#error("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount: order.amount, account }, (code) => code === -31008);
    });
    return { paymeId, created };
  }

  async scenarioOne(): Promise<void> {
    const order = await this.#order();
    if (!order) return;
    await this.#wrongAuthorization(order);
    await this.#wrongAmountAndOrder(order);
    const { paymeId, created } = await this.#createSteps("1.3", order);

    const reason = 3;
    let cancelled: Record<string, unknown> | undefined;
    await this.#check("1.4 CancelTransaction (state 1) → state -1", async () => {
      const result = await this.#result("CancelTransaction", { id: paymeId, reason });
      if (result.state !== -1) fail(`state is ${JSON.stringify(result.state)}: ${JSON.stringify(result)}`);
      if (!isMillis(result.cancel_time) || result.cancel_time === 0) fail(`cancel_time must be set: ${JSON.stringify(result)}`);
      if (result.transaction !== created?.transaction) fail(`transaction ${JSON.stringify(result.transaction)} ≠ ${JSON.stringify(created?.transaction)}`);
      cancelled = result;
    });
    await this.#check("1.4 CancelTransaction again → identical answer", async () => {
      const again = await this.#result("CancelTransaction", { id: paymeId, reason });
      if (!sameJson(again, cancelled)) fail(`first ${JSON.stringify(cancelled)}, then ${JSON.stringify(again)}`);
    });
    await this.#check(`1.4 CheckTransaction → state -1, reason ${reason}, perform_time 0`, async () => {
      const result = await this.#result("CheckTransaction", { id: paymeId });
      expectFields(result, {
        state: -1,
        reason,
        perform_time: 0,
        create_time: created?.create_time,
        cancel_time: cancelled?.cancel_time,
        transaction: created?.transaction,
      });
    });
    await this.#check("1.4 the order is payable again: CheckPerformTransaction → allow", async () => {
      const result = await this.#result("CheckPerformTransaction", { amount: order.amount, account: this.#account(order.number) });
      if (result.allow !== true) fail(`allow is ${JSON.stringify(result.allow)}`);
    });
  }

  async scenarioTwo(): Promise<void> {
    const order = await this.#order();
    if (!order) return;
    const { paymeId, created } = await this.#createSteps("2.1", order);

    let performed: Record<string, unknown> | undefined;
    await this.#check("2.2 PerformTransaction → state 2", async () => {
      const result = await this.#result("PerformTransaction", { id: paymeId });
      if (result.state !== 2) fail(`state is ${JSON.stringify(result.state)}: ${JSON.stringify(result)}`);
      if (!isMillis(result.perform_time) || result.perform_time === 0) fail(`perform_time must be set: ${JSON.stringify(result)}`);
      if (result.transaction !== created?.transaction) fail(`transaction ${JSON.stringify(result.transaction)} ≠ ${JSON.stringify(created?.transaction)}`);
      performed = result;
    });
    await this.#check("2.2 PerformTransaction again → identical answer", async () => {
      const again = await this.#result("PerformTransaction", { id: paymeId });
      if (!sameJson(again, performed)) fail(`first ${JSON.stringify(performed)}, then ${JSON.stringify(again)}`);
    });
    await this.#check("2.2 CheckTransaction → state 2", async () => {
      const result = await this.#result("CheckTransaction", { id: paymeId });
      expectFields(result, {
        state: 2,
        perform_time: performed?.perform_time,
        cancel_time: 0,
        reason: null,
        create_time: created?.create_time,
        transaction: created?.transaction,
      });
    });
    await this.#check("2.2 the paid order is not payable: CheckPerformTransaction → -31050…-31099", async () => {
      const error = await this.#error(
        "CheckPerformTransaction",
        { amount: order.amount, account: this.#account(order.number) },
        (code) => code <= -31050 && code >= -31099,
      );
      return `${error.code}`;
    });

    const reason = 5;
    let cancelled: Record<string, unknown> | undefined;
    let refused: RpcError | undefined;
    await this.#check("2.3 CancelTransaction (state 2) → state -2 (or -31007 for a fulfilled order)", async () => {
      const answer = await this.#call("CancelTransaction", { id: paymeId, reason });
      const error = answer.body!.error as RpcError | undefined;
      if (error && error.code === -31007) {
        refused = error;
        return "-31007: the order is fulfilled, the payment was not refunded";
      }
      const result = answer.body!.result as Record<string, unknown> | undefined;
      if (!result || result.state !== -2) fail(`expected state -2 or error -31007, got ${answer.text}`);
      if (!isMillis(result.cancel_time) || result.cancel_time === 0) fail(`cancel_time must be set: ${answer.text}`);
      cancelled = result;
    });
    await this.#check("2.3 CancelTransaction again → identical answer", async () => {
      const answer = await this.#call("CancelTransaction", { id: paymeId, reason });
      const again = refused ? answer.body!.error : answer.body!.result;
      const first = refused ?? cancelled;
      if (!sameJson(again, first)) fail(`first ${JSON.stringify(first)}, then ${answer.text}`);
    });
    await this.#check(refused ? "2.3 CheckTransaction → still state 2" : `2.3 CheckTransaction → state -2, reason ${reason}`, async () => {
      const result = await this.#result("CheckTransaction", { id: paymeId });
      if (refused) {
        expectFields(result, { state: 2, perform_time: performed?.perform_time, cancel_time: 0, reason: null });
      } else {
        expectFields(result, {
          state: -2,
          reason,
          perform_time: performed?.perform_time,
          cancel_time: cancelled?.cancel_time,
          create_time: created?.create_time,
          transaction: created?.transaction,
        });
      }
    });

    await this.#check("GetStatement lists the scenarios' transactions, ascending by time", async () => {
      const times = [...this.#made.values()];
      if (times.length === 0) fail("no transaction was created");
      const result = await this.#result("GetStatement", { from: Math.min(...times), to: Math.max(...times) });
      const transactions = result.transactions;
      if (!Array.isArray(transactions)) fail(`transactions is not a list: ${JSON.stringify(result)}`);
      const listed = transactions as { id?: unknown; time?: unknown }[];
      for (const [id] of this.#made) {
        if (!listed.some((entry) => entry.id === id)) fail(`transaction ${id} is missing from ${transactions.length} listed`);
      }
      for (let index = 1; index < listed.length; index++) {
        if (Number(listed[index]!.time) < Number(listed[index - 1]!.time)) fail("transactions are not in ascending order of time");
      }
      return `${listed.length} listed`;
    });
  }
}

function isMillis(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function expectFields(result: Record<string, unknown>, expected: Record<string, unknown>): void {
  const wrong = Object.entries(expected).filter(([field, value]) => !sameJson(result[field], value));
  if (wrong.length > 0) {
    fail(`${wrong.map(([field, value]) => `${field} is ${JSON.stringify(result[field])}, expected ${JSON.stringify(value)}`).join("; ")}`);
  }
}

/** Checks the fiscal detail adds up to the amount asked; returns a short description. */
function describeDetail(detail: unknown, amount: number): string {
  if (!detail || typeof detail !== "object") return "no fiscal detail";
  const items = (detail as { items?: unknown }).items;
  if (!Array.isArray(items) || items.length === 0) fail(`detail has no items: ${JSON.stringify(detail)}`);
  let total = 0n;
  for (const item of items as Record<string, unknown>[]) {
    for (const field of ["title", "price", "count", "code", "package_code", "vat_percent"]) {
      if (item[field] === undefined) fail(`a detail item has no ${field}: ${JSON.stringify(item)}`);
    }
    total += BigInt(Number(item.price)) * BigInt(Number(item.count)) - BigInt(Number(item.discount ?? 0));
  }
  const shipping = (detail as { shipping?: { price?: unknown } }).shipping;
  if (shipping?.price !== undefined) total += BigInt(Number(shipping.price));
  if (total !== BigInt(amount)) fail(`the detail's items add up to ${total}, not the amount asked ${amount}`);
  return `detail: ${items.length} item(s) adding up to ${amount}`;
}
