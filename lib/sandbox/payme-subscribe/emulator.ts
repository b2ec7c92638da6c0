import type Database from "better-sqlite3";
import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  createParams,
  errorText,
  getAllParams,
  idParams,
  isMethod,
  METHODS,
  payParams,
  RECEIPT,
  sendParams,
  setFiscalDataParams,
  type Method,
  type WireReceipt,
} from "./wire";
import { createMerchantCaller, type MerchantAnswer } from "./merchant-calls";
import { openEmulatorStorage, type CardRow, type ReceiptRow } from "./storage";
import { passesLuhn } from "../../payments/card-number";
import { cardNetwork, failureOf, maskCardNumber, SLOW_CARD_DELAY_MS, TEST_CARD_EXPIRE, TEST_SMS_CODE, testCards } from "./test-cards";

/**
 * Payme's Subscribe API, emulated for the sandbox (DESIGN.md "Contract"): JSON-RPC at
 * `POST /payme/api`, called by the shopper's browser cross-origin (CORS) and by the store's
 * server, with Payme's shapes, X-Auth rules, test cards, OTP, receipt states (hold, cancel
 * 21 → 50) and — for a cashbox with billing — Payme's Merchant API calls to the store.
 */
export type SubscribeEmulatorOptions = {
  /** The store's Merchant API endpoint, e.g. `http://localhost:3000/api/payme`. */
  storePaymeUrl: string | (() => string);
  merchantId: string | (() => string);
  testKey: string | (() => string);
  /** Basic auth login for the Merchant API calls (default `Paycom`). */
  login?: string;
  /** Whether the cashbox has billing (then paying calls the store's Merchant API). */
  billing: () => boolean;
  /** A folder for our own SQLite file… */
  storageDir?: string;
  /** …or a better-sqlite3 handle to share (left open on close); neither: memory. */
  db?: Database.Database;
  now?: () => number;
  /** The endpoint's path (default `/payme/api`). */
  path?: string;
  /** How long an SMS code is valid (`wait`, default 60 000 ms). */
  otpWaitMs?: number;
  /** Wrong codes before the code is burned (-31102), default 3. */
  maxOtpAttempts?: number;
  /** The slow test card's processing delay (default 10 000 ms). */
  slowCardDelayMs?: number;
  /** How long a receipt stays queued for cancel (21) before it is cancelled (50). */
  cancelDelayMs?: number;
  /** After this long a UZCARD hold is released by the network (default 30 days). */
  holdLapseMs?: number;
  /** Send SetFiscalData to the store after a paid receipt (billing only; default true). */
  fiscal?: boolean;
  merchantTimeoutMs?: number;
  merchantRetryDelayMs?: number;
  log?: (message: string) => void;
  fetch?: typeof fetch;
};

export type SubscribeEmulator = ((req: IncomingMessage, res: ServerResponse) => boolean) & {
  readonly path: string;
  /** Settles receipts with work left (due cancels, lapsed holds, Perform retries). A timer calls it every minute. */
  tick(): Promise<void>;
  /** Stops timers, ends delays early, waits for requests in flight; closes our own storage. */
  close(): Promise<void>;
};

export const DEFAULT_PATH = "/payme/api";
export const OTP_WAIT_MS = 60_000;
export const MAX_OTP_ATTEMPTS = 3;
export const CANCEL_DELAY_MS = 2_000;
export const HOLD_LAPSE_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 256 * 1024;
const TICK_INTERVAL_MS = 60_000;

class EmulatorError extends Error {
  constructor(
    readonly code: number,
    readonly data?: unknown,
    readonly customMessage?: unknown,
  ) {
    super(`Subscribe error ${code}`);
  }
}

const fail = (code: number, data?: unknown, message?: unknown): never => {
  throw new EmulatorError(code, data, message);
};

const value = (source: string | (() => string)) => (typeof source === "function" ? source() : source);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parse<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) fail(-32602, parsed.error.issues[0]?.path.map(String).join(".") || "params");
  return (parsed as { data: T }).data;
}

/** A token in the style of Payme's (base64 of the cashbox id and random characters). */
function newToken(merchantId: string): string {
  return Buffer.from(`${merchantId}_${randomBytes(96).toString("base64url")}`).toString("base64");
}

const cardsCreateInput = z.object({
  card: z.object({ number: z.string(), expire: z.string() }),
  save: z.boolean().optional(),
  account: z.record(z.string(), z.unknown()).optional(),
  customer: z.string().optional(),
});
const tokenInput = z.object({ token: z.string().min(1) });
const verifyInput = z.object({ token: z.string().min(1), code: z.string() });

/** Payme keeps `MMYY` on receipts (`0399` → `9903` in its examples: year first). */
const receiptExpire = (expire: string) => `${expire.slice(3, 5)}${expire.slice(0, 2)}`;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
  });
}

export function createSubscribeEmulator(options: SubscribeEmulatorOptions): SubscribeEmulator {
  const path = options.path ?? DEFAULT_PATH;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.log(`payme-subscribe: ${message}`));
  const otpWaitMs = options.otpWaitMs ?? OTP_WAIT_MS;
  const maxOtpAttempts = options.maxOtpAttempts ?? MAX_OTP_ATTEMPTS;
  const slowCardDelayMs = options.slowCardDelayMs ?? SLOW_CARD_DELAY_MS;
  const cancelDelayMs = options.cancelDelayMs ?? CANCEL_DELAY_MS;
  const holdLapseMs = options.holdLapseMs ?? HOLD_LAPSE_MS;
  const storage = openEmulatorStorage({ db: options.db, storageDir: options.storageDir });
  const merchant = createMerchantCaller({
    url: () => value(options.storePaymeUrl),
    login: options.login ?? "Paycom",
    key: () => value(options.testKey),
    timeoutMs: options.merchantTimeoutMs,
    retryDelayMs: options.merchantRetryDelayMs,
    fetch: options.fetch,
    log,
  });
  const startedAt = now();
  let fiscalCounter = randomInt(1, 1_000_000);

  // ---- background work: timers, delays, requests in flight ----
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  const later = (ms: number, task: () => Promise<unknown>) => {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) void track(task().catch((error: unknown) => log(`background task failed: ${String(error)}`)));
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  // ---- wire shapes ----
  function merchantObject(merchantId: string) {
    return {
      _id: merchantId,
      name: "Tolov sandbox",
      organization: "ЧП «Tolov sandbox»",
      address: "",
      business_id: merchantId.split("").reverse().join(""),
      epos: { merchantId: "106600000050000", terminalId: "20660000" },
      date: startedAt,
      logo: null,
      type: "Интернет",
      terms: null,
    };
  }

  const cardView = (card: CardRow, verify = card.verified) => ({
    number: card.masked,
    expire: card.expire,
    token: card.token,
    recurrent: card.recurrent,
    verify,
  });

  function setState(row: ReceiptRow, state: number, patch: Partial<WireReceipt> = {}): ReceiptRow {
    return { ...row, state, body: { ...row.body, ...patch, state } };
  }

  /** Writes the change unless another request changed the receipt first (then -31008). */
  function commit(row: ReceiptRow, expectedState: number): ReceiptRow {
    if (!storage.saveReceipt(row, expectedState)) fail(-31008, "state");
    return row;
  }

  function receiptOrFail(id: string, merchantId: string): ReceiptRow {
    return storage.getReceipt(id, merchantId) ?? fail(-31003, "id");
  }

  const fromMerchant = (answer: MerchantAnswer): never => {
    if (answer.ok) throw new Error("not a failure");
    return "unreachable" in answer ? fail(answer.code) : fail(answer.code, answer.data, answer.message);
  };

  // ---- Merchant API steps (billing) ----
  function fiscalDataFor(receiptId: string) {
    fiscalCounter += 1;
    const date = new Date(now()).toISOString().replace(/\D/g, "").slice(0, 14);
    const sign = String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100, 999));
    return {
      receipt_id: fiscalCounter,
      status_code: 0,
      message: "accepted",
      terminal_id: "EP000000000025",
      date,
      fiscal_sign: sign,
      qr_code_url: `https://ofd.soliq.uz/check?t=EP000000000025&r=${fiscalCounter}&c=${date}&s=${sign}&id=${receiptId}`,
    };
  }

  /** 3 → Perform → 4; when the store does not answer, 30 (queued for closing), retried later. */
  async function close3(row: ReceiptRow): Promise<ReceiptRow> {
    if (!options.billing()) {
      return commit(setState(row, RECEIPT.paid, { pay_time: now() }), RECEIPT.closing);
    }
    const answer = await merchant("PerformTransaction", { id: row.id });
    if (!answer.ok) {
      log(`receipt ${row.id}: PerformTransaction failed, queued for closing`);
      const queued = commit(setState(row, RECEIPT.closeQueued), RECEIPT.closing);
      later(cancelDelayMs, () => settle(row.id, { force: true }));
      return queued;
    }
    const paid = commit(setState(row, RECEIPT.paid, { pay_time: now() }), RECEIPT.closing);
    if (options.fiscal ?? true) {
      later(0, () => merchant("SetFiscalData", { id: row.id, type: "PERFORM", fiscal_data: fiscalDataFor(row.id) }));
    }
    return paid;
  }

  /**
   * Work a receipt has left when it is read or its timer fires: a due cancel (21 → 50, with
   * CancelTransaction reason 5), a Perform to retry (30), a UZCARD hold the network released
   * after 30 days (5 → 50, CancelTransaction reason 4).
   */
  const settling = new Map<string, Promise<ReceiptRow | undefined>>();
  function settle(id: string, opts: { force?: boolean } = {}): Promise<ReceiptRow | undefined> {
    const running = settling.get(id);
    if (running) return running;
    const work = settleNow(id, opts).finally(() => settling.delete(id));
    settling.set(id, work);
    return work;
  }

  async function settleNow(id: string, opts: { force?: boolean }): Promise<ReceiptRow | undefined> {
    const row = storage.getReceipt(id);
    if (!row) return undefined;
    const at = now();
    if (row.state === RECEIPT.cancelQueued && (opts.force || at - (row.cancelRequestedAt ?? at) >= cancelDelayMs)) {
      if (options.billing()) {
        const answer = await merchant("CancelTransaction", { id: row.id, reason: 5 });
        if (!answer.ok && "unreachable" in answer) {
          later(cancelDelayMs * 2, () => settle(id, { force: true }));
          return row;
        }
        if (!answer.ok) {
          // The store refused (e.g. -31007, a fulfilled order): Payme pauses the receipt for a person.
          const paused = setState(row, RECEIPT.paused, { error: { code: answer.code, message: answer.message } });
          return storage.saveReceipt(paused, RECEIPT.cancelQueued) ? paused : storage.getReceipt(id);
        }
      }
      const cancelled = setState(row, RECEIPT.cancelled, { cancel_time: now() });
      return storage.saveReceipt(cancelled, RECEIPT.cancelQueued) ? cancelled : storage.getReceipt(id);
    }
    if (row.state === RECEIPT.closeQueued) {
      const answer = options.billing() ? await merchant("PerformTransaction", { id: row.id }) : { ok: true as const, result: {} };
      if (!answer.ok) {
        later(cancelDelayMs * 2, () => settle(id, { force: true }));
        return row;
      }
      const paid = setState(row, RECEIPT.paid, { pay_time: now() });
      return storage.saveReceipt(paid, RECEIPT.closeQueued) ? paid : storage.getReceipt(id);
    }
    if (row.state === RECEIPT.held && row.cardNetwork === "uzcard" && row.heldAt !== null && at - row.heldAt >= holdLapseMs) {
      if (options.billing()) await merchant("CancelTransaction", { id: row.id, reason: 4 });
      log(`receipt ${row.id}: the hold lapsed (UZCARD, 30 days) and was released`);
      const released = setState(row, RECEIPT.cancelled, { cancel_time: now() });
      return storage.saveReceipt(released, RECEIPT.held) ? released : storage.getReceipt(id);
    }
    return row;
  }

  async function settled(id: string, merchantId: string): Promise<ReceiptRow> {
    receiptOrFail(id, merchantId);
    return (await settle(id)) ?? fail(-31003, "id");
  }

  // ---- methods ----
  type Handler = (params: unknown, merchantId: string) => Promise<unknown> | unknown;

  const handlers: Record<Method, Handler> = {
    "cards.create"(params, merchantId) {
      const input = parse(cardsCreateInput, params);
      const digits = input.card.number.replace(/[\s-]/g, "");
      if (!/^\d{16}$/.test(digits) || !passesLuhn(digits)) fail(-31300, "number");
      const expire = input.card.expire.replace(/\D/g, "");
      if (!/^(0[1-9]|1[0-2])\d{2}$/.test(expire)) fail(-31300, "expire");
      const test = (Object.hasOwn(testCards, digits) ? testCards[digits] : undefined) ?? fail(-31400, "number");
      if (expire !== TEST_CARD_EXPIRE) fail(-31300, "expire");
      const failure = failureOf(test.behaviour);
      if (failure?.step === "cards.create") fail(failure.code, failure.data);
      const card: CardRow = {
        token: newToken(merchantId),
        merchantId,
        masked: maskCardNumber(digits),
        network: cardNetwork(digits),
        behaviour: test.behaviour,
        expire: `${expire.slice(0, 2)}/${expire.slice(2)}`,
        recurrent: input.save === true,
        verified: false,
        phone: test.phone,
        customer: input.customer ?? null,
        codeExpiresAt: null,
        codeAttempts: 0,
        createdAt: now(),
      };
      storage.insertCard(card);
      return { card: cardView(card) };
    },

    "cards.get_verify_code"(params, merchantId) {
      const { token } = parse(tokenInput, params);
      const card = storage.getCard(token, merchantId) ?? fail(-31400, "token");
      const failure = failureOf(card.behaviour);
      if (failure?.step === "cards.get_verify_code") fail(failure.code, failure.data);
      storage.setCode(token, now() + otpWaitMs, 0);
      log(`SMS code ${TEST_SMS_CODE} sent to ${card.phone}`);
      return { sent: true, phone: card.phone, wait: otpWaitMs };
    },

    "cards.verify"(params, merchantId) {
      const { token, code } = parse(verifyInput, params);
      const card = storage.getCard(token, merchantId) ?? fail(-31400, "token");
      if (card.codeExpiresAt === null) fail(-31101, "code");
      if (card.codeAttempts >= maxOtpAttempts) fail(-31102, "code");
      if (now() > card.codeExpiresAt!) fail(-31101, "code");
      if (code !== TEST_SMS_CODE) {
        const attempts = card.codeAttempts + 1;
        storage.setCode(token, card.codeExpiresAt, attempts);
        fail(attempts >= maxOtpAttempts ? -31102 : -31103, "code");
      }
      storage.markVerified(token);
      return { card: cardView(card, true) };
    },

    "cards.check"(params, merchantId) {
      const { token } = parse(tokenInput, params);
      return { card: cardView(storage.getCard(token, merchantId) ?? fail(-31400, "token")) };
    },

    "cards.remove"(params, merchantId) {
      const { token } = parse(tokenInput, params);
      if (!storage.deleteCard(token, merchantId)) fail(-31400, "token");
      return { success: true };
    },

    async "receipts.create"(params, merchantId) {
      const input = parse(createParams, params);
      if (options.billing()) {
        const answer = await merchant("CheckPerformTransaction", { amount: input.amount, account: input.account });
        if (!answer.ok) fromMerchant(answer);
      }
      const id = randomBytes(12).toString("hex");
      const createTime = now();
      const body: WireReceipt = {
        _id: id,
        create_time: createTime,
        pay_time: 0,
        cancel_time: 0,
        state: RECEIPT.created,
        type: 2,
        external: false,
        operation: -1,
        category: null,
        error: null,
        description: input.description ?? "",
        detail: input.detail ?? null,
        amount: input.amount,
        currency: 860,
        commission: 0,
        account: Object.entries(input.account).map(([name, entry], index) => ({ name, title: name, value: String(entry), main: index === 0 })),
        card: null,
        merchant: merchantObject(merchantId),
        meta: { source: "subscribe", owner: merchantId },
        processing_id: null,
      };
      storage.insertReceipt({
        id,
        merchantId,
        state: RECEIPT.created,
        hold: input.hold === true,
        createTime,
        account: input.account,
        body,
        cardToken: null,
        cardNetwork: null,
        cardBehaviour: null,
        heldAt: null,
        cancelRequestedAt: null,
        invoicePhone: null,
      });
      return { receipt: body };
    },

    async "receipts.pay"(params, merchantId) {
      const input = parse(payParams, params);
      let row = receiptOrFail(input.id, merchantId);
      if (row.state !== RECEIPT.created) fail(-31008, "state");
      if ((input.hold === true) !== row.hold) fail(-32602, "hold");
      const card = storage.getCard(input.token, merchantId) ?? fail(-31400, "token");
      if (!card.verified) fail(-31400, "token");
      // Claim the receipt: a second pay racing this one finds state 1 and gets -31008.
      row = commit(
        {
          ...setState(row, RECEIPT.checking, {
            card: { number: card.masked, expire: receiptExpire(card.expire) },
            merchant: { ...merchantObject(merchantId), ...(input.payer ? { payer: input.payer } : {}) },
          }),
          cardToken: card.token,
          cardNetwork: card.network,
          cardBehaviour: card.behaviour,
        },
        RECEIPT.created,
      );
      const amount = row.body.amount;
      if (options.billing()) {
        const check = await merchant("CheckPerformTransaction", { amount, account: row.account });
        const create = check.ok ? await merchant("CreateTransaction", { id: row.id, time: now(), amount, account: row.account }) : check;
        if (!create.ok) {
          commit({ ...setState(row, RECEIPT.created, { card: null }), cardToken: null, cardNetwork: null, cardBehaviour: null }, RECEIPT.checking);
          fromMerchant(create);
        }
      }
      row = commit(setState(row, RECEIPT.debiting), RECEIPT.checking);

      const failure = failureOf(card.behaviour);
      if (failure?.step === "receipts.pay") {
        if (card.behaviour === "slow_error") await sleep(slowCardDelayMs);
        // The debit failed after the billing's transaction was created: Payme cancels it (reason 2).
        if (options.billing()) await merchant("CancelTransaction", { id: row.id, reason: 2 });
        const message = errorText(failure.code, failure.data);
        commit(setState(row, RECEIPT.cancelled, { cancel_time: now(), error: { code: failure.code, message } }), RECEIPT.debiting);
        fail(failure.code, failure.data);
      }

      if (!card.recurrent) storage.deleteCard(card.token, merchantId);
      if (row.hold) {
        return { receipt: commit({ ...setState(row, RECEIPT.held), heldAt: now() }, RECEIPT.debiting).body };
      }
      row = commit(setState(row, RECEIPT.closing), RECEIPT.debiting);
      return { receipt: (await close3(row)).body };
    },

    async "receipts.confirm_hold"(params, merchantId) {
      const { id } = parse(idParams, params);
      const row = await settled(id, merchantId);
      if (row.state !== RECEIPT.held) fail(-31008, "state");
      const closing = commit(setState(row, RECEIPT.closing), RECEIPT.held);
      return { receipt: (await close3(closing)).body };
    },

    async "receipts.cancel"(params, merchantId) {
      const { id } = parse(idParams, params);
      const row = await settled(id, merchantId);
      if (row.state === RECEIPT.cancelQueued || row.state === RECEIPT.cancelled) return { receipt: row.body };
      if (row.state === RECEIPT.created) {
        return { receipt: commit(setState(row, RECEIPT.cancelled, { cancel_time: now() }), RECEIPT.created).body };
      }
      if (row.state !== RECEIPT.paid && row.state !== RECEIPT.held) fail(-31008, "state");
      if (row.state === RECEIPT.held && row.cardNetwork === "humo" && row.heldAt !== null && now() - row.heldAt >= holdLapseMs) {
        // HUMO: after 30 days a hold can only be confirmed.
        fail(-31008, "state");
      }
      const queued = commit({ ...setState(row, RECEIPT.cancelQueued), cancelRequestedAt: now() }, row.state);
      later(cancelDelayMs, () => settle(id, { force: true }));
      return { receipt: queued.body };
    },

    async "receipts.check"(params, merchantId) {
      const { id } = parse(idParams, params);
      return { state: (await settled(id, merchantId)).state };
    },

    async "receipts.get"(params, merchantId) {
      const { id } = parse(idParams, params);
      return { receipt: (await settled(id, merchantId)).body };
    },

    async "receipts.get_all"(params, merchantId) {
      const input = parse(getAllParams, params);
      const rows = storage.listReceipts(merchantId, input.from, input.to, input.count, input.offset);
      const receipts: WireReceipt[] = [];
      for (const row of rows) receipts.push(((await settle(row.id)) ?? row).body);
      return receipts;
    },

    "receipts.send"(params, merchantId) {
      const input = parse(sendParams, params);
      const row = receiptOrFail(input.id, merchantId);
      if (row.state !== RECEIPT.created) fail(-31008, "state");
      commit({ ...row, invoicePhone: input.phone }, row.state);
      log(`SMS to +${input.phone}: invoice for receipt ${row.id} (${row.body.amount} tiyin)`);
      return { success: true };
    },

    "receipts.set_fiscal_data"(params, merchantId) {
      const input = parse(setFiscalDataParams, params);
      const row = receiptOrFail(input.id, merchantId);
      commit({ ...row, body: { ...row.body, fiscal_data: input.fiscal_data } }, row.state);
      return { success: true };
    },
  };

  // ---- HTTP ----
  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return {
      "access-control-allow-origin": typeof origin === "string" && origin ? origin : "*",
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "Content-Type, X-Auth",
      "access-control-max-age": "600",
      vary: "Origin",
    };
  }

  function send(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(200, {
      ...corsHeaders(req),
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  const errorBody = (id: unknown, error: EmulatorError) => ({
    jsonrpc: "2.0",
    id,
    error: {
      code: error.code,
      message: error.customMessage ?? errorText(error.code, error.data),
      ...(error.data === undefined ? {} : { data: error.data }),
    },
  });

  /** `id` alone for the browser's card methods; `id:key` for everything (and accepted for those too). */
  function authorized(header: string | undefined, method: Method): string | undefined {
    if (!header) return undefined;
    const merchantId = value(options.merchantId);
    const colon = header.indexOf(":");
    const id = colon === -1 ? header.trim() : header.slice(0, colon).trim();
    if (!sameSecret(id, merchantId)) return undefined;
    if (colon === -1) return METHODS[method] === "browser" ? merchantId : undefined;
    return sameSecret(header.slice(colon + 1).trim(), value(options.testKey)) ? merchantId : undefined;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      req.resume();
      return send(req, res, errorBody(null, new EmulatorError(-32300)));
    }
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text ?? "");
    } catch {
      return send(req, res, errorBody(null, new EmulatorError(-32700)));
    }
    const rawId = (body as { id?: unknown } | null)?.id;
    const id = typeof rawId === "number" || typeof rawId === "string" ? rawId : null;
    const envelope = z.object({ method: z.string().min(1), params: z.unknown() }).safeParse(body);
    if (!envelope.success) return send(req, res, errorBody(id, new EmulatorError(-32600)));
    const method = envelope.data.method;
    if (!isMethod(method)) return send(req, res, errorBody(id, new EmulatorError(-32601, method)));
    const auth = req.headers["x-auth"];
    const merchantId = authorized(Array.isArray(auth) ? auth[0] : auth, method as Method);
    if (!merchantId) return send(req, res, errorBody(id, new EmulatorError(-32504)));
    try {
      const result = await handlers[method as Method](envelope.data.params ?? {}, merchantId);
      send(req, res, { jsonrpc: "2.0", id, result });
    } catch (error) {
      if (error instanceof EmulatorError) return send(req, res, errorBody(id, error));
      log(`${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      send(req, res, errorBody(id, new EmulatorError(-32400)));
    }
  }

  async function tick(): Promise<void> {
    for (const row of storage.pendingReceipts()) await settle(row.id);
  }

  const ticker = setInterval(() => {
    if (!closed) void track(tick().catch((error: unknown) => log(`tick failed: ${String(error)}`)));
  }, TICK_INTERVAL_MS);
  ticker.unref();
  // Receipts a previous run left queued (cancel, Perform) are finished soon after start.
  later(cancelDelayMs, tick);

  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    const pathname = new URL(req.url ?? "/", "http://emulator.invalid").pathname;
    if (pathname !== path || closed) return false;
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...corsHeaders(req), "content-length": 0 });
      res.end();
      return true;
    }
    void track(
      answer(req, res).catch((error: unknown) => {
        log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
        send(req, res, errorBody(null, new EmulatorError(-32400)));
      }),
    );
    return true;
  };

  return Object.assign(handler, {
    path,
    tick,
    async close() {
      closed = true;
      clearInterval(ticker);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...sleepers]) wake();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      storage.close();
    },
  });
}
