import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Locale } from "../../i18n/locales";
import type { SandboxStorage } from "../storage";
import type { CheckoutRequest } from "./checkout-request";
import type { CardBehaviour } from "./test-cards";

/** The emulator's own tables, in the sandbox's storage file. */
const schema = [
  `CREATE TABLE IF NOT EXISTS payme_checkout_session (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     merchant TEXT NOT NULL,
     amount TEXT NOT NULL,
     account TEXT NOT NULL,
     lang TEXT NOT NULL,
     callback TEXT,
     referer TEXT,
     callback_timeout INTEGER NOT NULL,
     description TEXT,
     detail TEXT,
     status TEXT NOT NULL,
     card_mask TEXT,
     card_behaviour TEXT,
     sms_attempts INTEGER NOT NULL DEFAULT 0,
     notice TEXT,
     failure TEXT,
     transaction_id TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS payme_checkout_transaction (
     id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL,
     time INTEGER NOT NULL,
     amount TEXT NOT NULL,
     account TEXT NOT NULL,
     card_mask TEXT,
     store_transaction TEXT,
     create_time INTEGER NOT NULL DEFAULT 0,
     perform_time INTEGER NOT NULL DEFAULT 0,
     cancel_time INTEGER NOT NULL DEFAULT 0,
     state INTEGER,
     reason INTEGER,
     warnings TEXT NOT NULL DEFAULT '[]',
     error TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS payme_checkout_transaction_time ON payme_checkout_transaction (time)`,
  `CREATE TABLE IF NOT EXISTS payme_checkout_call (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     session_id TEXT,
     transaction_id TEXT,
     method TEXT NOT NULL,
     request TEXT NOT NULL,
     response TEXT,
     note TEXT,
     duration_ms INTEGER NOT NULL
   )`,
];

export type SessionStatus = "card" | "sms" | "processing" | "paid" | "failed";

/** Why a payment failed, kept to render the page in any language later. */
export type Failure =
  | { kind: "card"; behaviour: CardBehaviour | "too_many_codes" }
  | { kind: "check"; code: number; field?: string }
  | { kind: "merchant"; code: number; message?: unknown };

/** A message on the current step (wrong code, unknown card…): a dictionary key and its values. */
export type Notice = { key: string; params?: Record<string, string | number> };

export type CheckoutSession = {
  id: string;
  createdAt: number;
  merchant: string;
  amount: bigint;
  account: Record<string, string>;
  lang: Locale;
  callback?: string;
  /** The page that sent the shopper: the way back when the check names no callback. */
  referer?: string;
  callbackTimeoutMs: number;
  description?: CheckoutRequest["description"];
  detail?: unknown;
  status: SessionStatus;
  cardMask?: string;
  cardBehaviour?: CardBehaviour;
  smsAttempts: number;
  notice?: Notice;
  failure?: Failure;
  transactionId?: string;
};

export type EmulatorTransaction = {
  id: string;
  sessionId: string;
  time: number;
  amount: bigint;
  account: Record<string, string>;
  cardMask?: string;
  storeTransaction?: string;
  createTime: number;
  performTime: number;
  cancelTime: number;
  /** Null until the store answered CreateTransaction. */
  state: number | null;
  reason: number | null;
  warnings: string[];
  error?: unknown;
};

export type CallRecord = {
  id: number;
  at: number;
  sessionId?: string;
  transactionId?: string;
  method: string;
  request: string;
  response?: string;
  note?: string;
  durationMs: number;
};

/** QA's fault injection (cabinet toggles). */
export const faultsSchema = z.object({
  /** How many of the next Merchant API answers to lose (Payme then repeats the call). */
  loseNext: z.number().int().min(0).max(100).default(0),
  /** Waited before every call. */
  delayMs: z.number().int().min(0).max(60_000).default(0),
  /** Send Create, Perform and Cancel twice at once. */
  duplicate: z.boolean().default(false),
});
export type Faults = z.infer<typeof faultsSchema>;


type SessionRow = {
  id: string;
  created_at: number;
  merchant: string;
  amount: string;
  account: string;
  lang: string;
  callback: string | null;
  referer: string | null;
  callback_timeout: number;
  description: string | null;
  detail: string | null;
  status: string;
  card_mask: string | null;
  card_behaviour: string | null;
  sms_attempts: number;
  notice: string | null;
  failure: string | null;
  transaction_id: string | null;
};

type TransactionRow = {
  id: string;
  session_id: string;
  time: number;
  amount: string;
  account: string;
  card_mask: string | null;
  store_transaction: string | null;
  create_time: number;
  perform_time: number;
  cancel_time: number;
  state: number | null;
  reason: number | null;
  warnings: string;
  error: string | null;
};

type CallRow = {
  id: number;
  at: number;
  session_id: string | null;
  transaction_id: string | null;
  method: string;
  request: string;
  response: string | null;
  note: string | null;
  duration_ms: number;
};

const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));
const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function sessionFromRow(row: SessionRow): CheckoutSession {
  return {
    id: row.id,
    createdAt: row.created_at,
    merchant: row.merchant,
    amount: BigInt(row.amount),
    account: JSON.parse(row.account) as Record<string, string>,
    lang: row.lang as Locale,
    callback: row.callback ?? undefined,
    referer: row.referer ?? undefined,
    callbackTimeoutMs: row.callback_timeout,
    description: parseJson(row.description) as CheckoutSession["description"],
    detail: parseJson(row.detail),
    status: row.status as SessionStatus,
    cardMask: row.card_mask ?? undefined,
    cardBehaviour: (row.card_behaviour ?? undefined) as CardBehaviour | undefined,
    smsAttempts: row.sms_attempts,
    notice: parseJson(row.notice) as Notice | undefined,
    failure: parseJson(row.failure) as Failure | undefined,
    transactionId: row.transaction_id ?? undefined,
  };
}

function transactionFromRow(row: TransactionRow): EmulatorTransaction {
  return {
    id: row.id,
    sessionId: row.session_id,
    time: row.time,
    amount: BigInt(row.amount),
    account: JSON.parse(row.account) as Record<string, string>,
    cardMask: row.card_mask ?? undefined,
    storeTransaction: row.store_transaction ?? undefined,
    createTime: row.create_time,
    performTime: row.perform_time,
    cancelTime: row.cancel_time,
    state: row.state,
    reason: row.reason,
    warnings: JSON.parse(row.warnings) as string[],
    error: parseJson(row.error),
  };
}

/** A Payme-like transaction id: 24 hex digits, led by the creation second (as Mongo ObjectIds). */
export function newPaymeTransactionId(nowMs: number): string {
  return Math.floor(nowMs / 1000).toString(16).padStart(8, "0").slice(-8) + randomBytes(8).toString("hex");
}

export type CheckoutRecords = ReturnType<typeof createCheckoutRecords>;

export function createCheckoutRecords(storage: SandboxStorage) {
  storage.ensureSchema(schema);
  const db = storage.db;

  const sessionFields: Record<string, (value: unknown) => unknown> = {
    lang: (value) => value,
    status: (value) => value,
    cardMask: (value) => value ?? null,
    cardBehaviour: (value) => value ?? null,
    smsAttempts: (value) => value,
    notice: toJson,
    failure: toJson,
    transactionId: (value) => value ?? null,
    detail: toJson,
  };
  const columnOf: Record<string, string> = {
    lang: "lang",
    status: "status",
    cardMask: "card_mask",
    cardBehaviour: "card_behaviour",
    smsAttempts: "sms_attempts",
    notice: "notice",
    failure: "failure",
    transactionId: "transaction_id",
    detail: "detail",
  };
  type SessionPatch = Partial<Pick<CheckoutSession, "lang" | "status" | "cardMask" | "cardBehaviour" | "smsAttempts" | "notice" | "failure" | "transactionId" | "detail">>;

  const txColumns: Record<string, [string, (value: unknown) => unknown]> = {
    storeTransaction: ["store_transaction", (value) => value ?? null],
    createTime: ["create_time", (value) => value],
    performTime: ["perform_time", (value) => value],
    cancelTime: ["cancel_time", (value) => value],
    state: ["state", (value) => value ?? null],
    reason: ["reason", (value) => value ?? null],
    warnings: ["warnings", (value) => JSON.stringify(value)],
    error: ["error", toJson],
  };
  type TransactionPatch = Partial<
    Pick<EmulatorTransaction, "storeTransaction" | "createTime" | "performTime" | "cancelTime" | "state" | "reason" | "warnings" | "error">
  >;

  return {
    createSession(request: CheckoutRequest, nowMs: number, referer?: string): CheckoutSession {
      const id = randomBytes(16).toString("hex");
      db.prepare(
        `INSERT INTO payme_checkout_session
           (id, created_at, updated_at, merchant, amount, account, lang, callback, referer, callback_timeout, description, detail, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'card')`,
      ).run(
        id,
        nowMs,
        nowMs,
        request.merchant,
        request.amount.toString(),
        JSON.stringify(request.account),
        request.lang,
        request.callback ?? null,
        referer && /^https?:\/\//.test(referer) ? referer : null,
        request.callbackTimeoutMs,
        toJson(request.description),
        toJson(request.detail),
      );
      return this.getSession(id)!;
    },

    getSession(id: string): CheckoutSession | undefined {
      const row = db.prepare<[string], SessionRow>(`SELECT * FROM payme_checkout_session WHERE id = ?`).get(id);
      return row ? sessionFromRow(row) : undefined;
    },

    /** Applies the patch only while the session is in one of `from` (so a double submit runs once). */
    updateSession(id: string, patch: SessionPatch, from?: readonly SessionStatus[]): boolean {
      const sets: string[] = ["updated_at = ?"];
      const values: unknown[] = [Date.now()];
      for (const [key, value] of Object.entries(patch)) {
        sets.push(`${columnOf[key]} = ?`);
        values.push(sessionFields[key]!(value));
      }
      let where = "id = ?";
      values.push(id);
      if (from) {
        where += ` AND status IN (${from.map(() => "?").join(", ")})`;
        values.push(...from);
      }
      return db.prepare(`UPDATE payme_checkout_session SET ${sets.join(", ")} WHERE ${where}`).run(...values).changes === 1;
    },

    createTransaction(input: { id: string; sessionId: string; time: number; amount: bigint; account: Record<string, string>; cardMask?: string }): void {
      db.prepare(
        `INSERT INTO payme_checkout_transaction (id, session_id, time, amount, account, card_mask) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(input.id, input.sessionId, input.time, input.amount.toString(), JSON.stringify(input.account), input.cardMask ?? null);
    },

    getTransaction(id: string): EmulatorTransaction | undefined {
      const row = db.prepare<[string], TransactionRow>(`SELECT * FROM payme_checkout_transaction WHERE id = ?`).get(id);
      return row ? transactionFromRow(row) : undefined;
    },

    updateTransaction(id: string, patch: TransactionPatch): void {
      const entries = Object.entries(patch);
      if (entries.length === 0) return;
      const sets = entries.map(([key]) => `${txColumns[key]![0]} = ?`);
      const values = entries.map(([key, value]) => txColumns[key]![1](value));
      db.prepare(`UPDATE payme_checkout_transaction SET ${sets.join(", ")} WHERE id = ?`).run(...values, id);
    },

    addWarning(id: string, warning: string): void {
      const current = this.getTransaction(id);
      if (current) this.updateTransaction(id, { warnings: [...current.warnings, warning] });
    },

    /** Transactions Payme created in [fromMs, toMs), oldest first (the cabinet's statement). */
    transactionsBetween(fromMs: number, toMs: number): EmulatorTransaction[] {
      return db
        .prepare<[number, number], TransactionRow>(`SELECT * FROM payme_checkout_transaction WHERE time >= ? AND time < ? ORDER BY time, id`)
        .all(fromMs, toMs)
        .map(transactionFromRow);
    },

    listTransactions(limit = 100): EmulatorTransaction[] {
      return db
        .prepare<[number], TransactionRow>(`SELECT * FROM payme_checkout_transaction ORDER BY time DESC, id DESC LIMIT ?`)
        .all(limit)
        .map(transactionFromRow);
    },

    recordCall(call: Omit<CallRecord, "id">): void {
      db.prepare(
        `INSERT INTO payme_checkout_call (at, session_id, transaction_id, method, request, response, note, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(call.at, call.sessionId ?? null, call.transactionId ?? null, call.method, call.request, call.response ?? null, call.note ?? null, call.durationMs);
    },

    listCalls(filter: { sessionId?: string; limit?: number } = {}): CallRecord[] {
      const rows = filter.sessionId
        ? db.prepare<[string, number], CallRow>(`SELECT * FROM payme_checkout_call WHERE session_id = ? ORDER BY id DESC LIMIT ?`).all(filter.sessionId, filter.limit ?? 200)
        : db.prepare<[number], CallRow>(`SELECT * FROM payme_checkout_call ORDER BY id DESC LIMIT ?`).all(filter.limit ?? 50);
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        sessionId: row.session_id ?? undefined,
        transactionId: row.transaction_id ?? undefined,
        method: row.method,
        request: row.request,
        response: row.response ?? undefined,
        note: row.note ?? undefined,
        durationMs: row.duration_ms,
      }));
    },

    faults(): Faults {
      const stored = storage.getSetting("payme.faults");
      return faultsSchema.parse(stored ? JSON.parse(stored) : {});
    },

    setFaults(faults: Faults): void {
      storage.setSetting("payme.faults", JSON.stringify(faultsSchema.parse(faults)));
    },

    /** Takes one "lose the next answer" token, if any is set. */
    takeLostAnswer(): boolean {
      return db.transaction(() => {
        const current = this.faults();
        if (current.loseNext <= 0) return false;
        this.setFaults({ ...current, loseNext: current.loseNext - 1 });
        return true;
      })();
    },
  };
}
