import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SandboxStorage } from "../storage";

/** The Click emulator's tables, in the sandbox's own storage file (never the store's database). */
const schema = [
  `CREATE TABLE IF NOT EXISTS click_payment (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     token TEXT NOT NULL UNIQUE,
     click_trans_id TEXT,
     click_paydoc_id TEXT,
     service_id TEXT NOT NULL,
     merchant_trans_id TEXT NOT NULL,
     amount TEXT NOT NULL,
     source TEXT NOT NULL,
     invoice_id TEXT,
     return_url TEXT,
     card_type TEXT,
     lang TEXT NOT NULL,
     status TEXT NOT NULL,
     merchant_prepare_id TEXT,
     merchant_confirm_id TEXT,
     prepare_error INTEGER,
     complete_error INTEGER,
     note TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     completed_at INTEGER
   )`,
  `CREATE INDEX IF NOT EXISTS click_payment_mti ON click_payment (merchant_trans_id)`,
  `CREATE TABLE IF NOT EXISTS click_invoice (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     token TEXT NOT NULL UNIQUE,
     invoice_id TEXT,
     service_id TEXT NOT NULL,
     phone_number TEXT NOT NULL,
     amount TEXT NOT NULL,
     merchant_trans_id TEXT NOT NULL,
     status INTEGER NOT NULL,
     payment_id INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS click_call (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     payment_id INTEGER,
     kind TEXT NOT NULL,
     request TEXT NOT NULL,
     response TEXT,
     note TEXT,
     duration_ms INTEGER NOT NULL
   )`,
];

/**
 * new: the shopper has the page open; processing: callbacks under way; prepared: Prepare
 * accepted, Complete not answered (Click parks it); completed: paid; failed: the card was
 * declined or the store refused Prepare; cancelled: the store refused Complete (Click returns
 * the money); reversed: refunded through the Merchant API.
 */
export type ClickPaymentStatus = "new" | "processing" | "prepared" | "completed" | "failed" | "cancelled" | "reversed";

export type ClickPaymentRecord = {
  id: number;
  token: string;
  /** Decimal digits; beyond 2^31 on purpose (real ids are). */
  clickTransId: string;
  clickPaydocId: string;
  serviceId: string;
  merchantTransId: string;
  /** Tiyin. */
  amount: bigint;
  source: "page" | "invoice";
  invoiceId?: string;
  returnUrl?: string;
  cardType?: string;
  lang: string;
  status: ClickPaymentStatus;
  merchantPrepareId?: string;
  merchantConfirmId?: string;
  prepareError?: number;
  completeError?: number;
  note?: string;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
};

/** Emulator's invoice states: 0 waiting for the shopper, 1 paying, 2 paid, -1 failed, -99 rejected. */
export type ClickInvoiceRecord = {
  id: number;
  token: string;
  invoiceId: string;
  serviceId: string;
  phoneNumber: string;
  amount: bigint;
  merchantTransId: string;
  status: number;
  paymentId?: number;
  createdAt: number;
};

export type ClickCallRecord = {
  id: number;
  at: number;
  paymentId?: number;
  kind: string;
  request: string;
  response?: string;
  note?: string;
  durationMs: number;
};

/** QA's fault injection (cabinet toggles). */
export const clickFaultsSchema = z.object({
  /** How many of the next callback answers to lose (Click then sends the same callback again). */
  loseNext: z.number().int().min(0).max(100).default(0),
  /** Waited before every callback (a slow network). */
  delayMs: z.number().int().min(0).max(60_000).default(0),
  /** Send every callback twice at once. */
  duplicate: z.boolean().default(false),
  /** `decimal`: amount=15000.00; `whole`: amount=15000 when there are no tiyin (both occur in the wild). */
  amountStyle: z.enum(["decimal", "whole"]).default("decimal"),
  /** Stop after Prepare; QA sends Complete from the cabinet (a Complete after the store's window). */
  holdComplete: z.boolean().default(false),
});
export type ClickFaults = z.infer<typeof clickFaultsSchema>;

const FAULTS = "click.faults";

/** Ids above 2^31, as Click's are (they broke integrations that stored them in 32-bit columns). */
const TRANS_BASE = 3_000_000_000n;
const PAYDOC_BASE = 4_000_000_000n;
const INVOICE_BASE = 5_000_000_000n;

type PaymentRow = {
  id: number;
  token: string;
  click_trans_id: string;
  click_paydoc_id: string;
  service_id: string;
  merchant_trans_id: string;
  amount: string;
  source: string;
  invoice_id: string | null;
  return_url: string | null;
  card_type: string | null;
  lang: string;
  status: string;
  merchant_prepare_id: string | null;
  merchant_confirm_id: string | null;
  prepare_error: number | null;
  complete_error: number | null;
  note: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
};

type InvoiceRow = {
  id: number;
  token: string;
  invoice_id: string;
  service_id: string;
  phone_number: string;
  amount: string;
  merchant_trans_id: string;
  status: number;
  payment_id: number | null;
  created_at: number;
};

type CallRow = { id: number; at: number; payment_id: number | null; kind: string; request: string; response: string | null; note: string | null; duration_ms: number };

function paymentFromRow(row: PaymentRow): ClickPaymentRecord {
  return {
    id: row.id,
    token: row.token,
    clickTransId: row.click_trans_id,
    clickPaydocId: row.click_paydoc_id,
    serviceId: row.service_id,
    merchantTransId: row.merchant_trans_id,
    amount: BigInt(row.amount),
    source: row.source as ClickPaymentRecord["source"],
    invoiceId: row.invoice_id ?? undefined,
    returnUrl: row.return_url ?? undefined,
    cardType: row.card_type ?? undefined,
    lang: row.lang,
    status: row.status as ClickPaymentStatus,
    merchantPrepareId: row.merchant_prepare_id ?? undefined,
    merchantConfirmId: row.merchant_confirm_id ?? undefined,
    prepareError: row.prepare_error ?? undefined,
    completeError: row.complete_error ?? undefined,
    note: row.note ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at ?? undefined,
  };
}

function invoiceFromRow(row: InvoiceRow): ClickInvoiceRecord {
  return {
    id: row.id,
    token: row.token,
    invoiceId: row.invoice_id,
    serviceId: row.service_id,
    phoneNumber: row.phone_number,
    amount: BigInt(row.amount),
    merchantTransId: row.merchant_trans_id,
    status: row.status,
    paymentId: row.payment_id ?? undefined,
    createdAt: row.created_at,
  };
}

export type PaymentUpdate = Partial<
  Pick<ClickPaymentRecord, "status" | "merchantPrepareId" | "merchantConfirmId" | "prepareError" | "completeError" | "note" | "completedAt">
>;

const paymentColumns: Record<keyof PaymentUpdate, string> = {
  status: "status",
  merchantPrepareId: "merchant_prepare_id",
  merchantConfirmId: "merchant_confirm_id",
  prepareError: "prepare_error",
  completeError: "complete_error",
  note: "note",
  completedAt: "completed_at",
};

export type ClickRecords = ReturnType<typeof createClickRecords>;

export function createClickRecords(storage: SandboxStorage) {
  storage.ensureSchema(schema);
  const db = storage.db;
  const token = () => randomBytes(16).toString("hex");

  function faults(): ClickFaults {
    const stored = storage.getSetting(FAULTS);
    try {
      return clickFaultsSchema.parse(stored ? JSON.parse(stored) : {});
    } catch {
      return clickFaultsSchema.parse({});
    }
  }

  function setFaults(value: ClickFaults): void {
    storage.setSetting(FAULTS, JSON.stringify(value));
  }

  return {
    createPayment(input: {
      serviceId: string;
      merchantTransId: string;
      amount: bigint;
      source: ClickPaymentRecord["source"];
      invoiceId?: string;
      returnUrl?: string;
      cardType?: string;
      lang: string;
      now: number;
    }): ClickPaymentRecord {
      return db.transaction(() => {
        const { lastInsertRowid } = db
          .prepare(
            `INSERT INTO click_payment (token, service_id, merchant_trans_id, amount, source, invoice_id, return_url, card_type, lang, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
          )
          .run(token(), input.serviceId, input.merchantTransId, input.amount.toString(), input.source, input.invoiceId ?? null, input.returnUrl ?? null, input.cardType ?? null, input.lang, input.now, input.now);
        const id = BigInt(lastInsertRowid);
        db.prepare(`UPDATE click_payment SET click_trans_id = ?, click_paydoc_id = ? WHERE id = ?`).run(String(TRANS_BASE + id), String(PAYDOC_BASE + id), id);
        return paymentFromRow(db.prepare<[bigint], PaymentRow>(`SELECT * FROM click_payment WHERE id = ?`).get(id)!);
      })();
    },

    getPayment(id: number): ClickPaymentRecord | undefined {
      const row = db.prepare<[number], PaymentRow>(`SELECT * FROM click_payment WHERE id = ?`).get(id);
      return row && paymentFromRow(row);
    },

    paymentByToken(value: string): ClickPaymentRecord | undefined {
      const row = db.prepare<[string], PaymentRow>(`SELECT * FROM click_payment WHERE token = ?`).get(value);
      return row && paymentFromRow(row);
    },

    paymentByPaydocId(paydocId: string): ClickPaymentRecord | undefined {
      const row = db.prepare<[string], PaymentRow>(`SELECT * FROM click_payment WHERE click_paydoc_id = ?`).get(paydocId);
      return row && paymentFromRow(row);
    },

    paymentsByMerchantTransId(merchantTransId: string): ClickPaymentRecord[] {
      return db.prepare<[string], PaymentRow>(`SELECT * FROM click_payment WHERE merchant_trans_id = ? ORDER BY id DESC`).all(merchantTransId).map(paymentFromRow);
    },

    /** Updates when the status is one of `from` (a guard against double clicks); true when it did. */
    updatePayment(id: number, update: PaymentUpdate, now: number, from?: readonly ClickPaymentStatus[]): boolean {
      const entries = Object.entries(update) as [keyof PaymentUpdate, unknown][];
      const sets = entries.map(([key]) => `${paymentColumns[key]} = ?`);
      const values = entries.map(([, value]) => (value === undefined ? null : value));
      const guard = from ? ` AND status IN (${from.map(() => "?").join(",")})` : "";
      const result = db
        .prepare(`UPDATE click_payment SET ${[...sets, "updated_at = ?"].join(", ")} WHERE id = ?${guard}`)
        .run(...values, now, id, ...(from ?? []));
      return result.changes === 1;
    },

    listPayments(limit = 100): ClickPaymentRecord[] {
      return db.prepare<[number], PaymentRow>(`SELECT * FROM click_payment ORDER BY id DESC LIMIT ?`).all(limit).map(paymentFromRow);
    },

    createInvoice(input: { serviceId: string; phoneNumber: string; amount: bigint; merchantTransId: string; now: number }): ClickInvoiceRecord {
      return db.transaction(() => {
        const { lastInsertRowid } = db
          .prepare(
            `INSERT INTO click_invoice (token, service_id, phone_number, amount, merchant_trans_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
          )
          .run(token(), input.serviceId, input.phoneNumber, input.amount.toString(), input.merchantTransId, input.now, input.now);
        const id = BigInt(lastInsertRowid);
        db.prepare(`UPDATE click_invoice SET invoice_id = ? WHERE id = ?`).run(String(INVOICE_BASE + id), id);
        return invoiceFromRow(db.prepare<[bigint], InvoiceRow>(`SELECT * FROM click_invoice WHERE id = ?`).get(id)!);
      })();
    },

    invoiceById(invoiceId: string): ClickInvoiceRecord | undefined {
      const row = db.prepare<[string], InvoiceRow>(`SELECT * FROM click_invoice WHERE invoice_id = ?`).get(invoiceId);
      return row && invoiceFromRow(row);
    },

    invoiceByToken(value: string): ClickInvoiceRecord | undefined {
      const row = db.prepare<[string], InvoiceRow>(`SELECT * FROM click_invoice WHERE token = ?`).get(value);
      return row && invoiceFromRow(row);
    },

    /** Moves the invoice on from `from` only (one confirm however often it is pressed). */
    updateInvoice(id: number, update: { status: number; paymentId?: number }, now: number, from: readonly number[]): boolean {
      const result = db
        .prepare(`UPDATE click_invoice SET status = ?, payment_id = COALESCE(?, payment_id), updated_at = ? WHERE id = ? AND status IN (${from.map(() => "?").join(",")})`)
        .run(update.status, update.paymentId ?? null, now, id, ...from);
      return result.changes === 1;
    },

    /** The invoices sent to one phone (`998XXXXXXXXX`), newest first: what its Click app lists. */
    invoicesOfPhone(phoneNumber: string, limit = 20): ClickInvoiceRecord[] {
      return db
        .prepare<[string, number], InvoiceRow>(`SELECT * FROM click_invoice WHERE phone_number = ? ORDER BY id DESC LIMIT ?`)
        .all(phoneNumber, limit)
        .map(invoiceFromRow);
    },

    listInvoices(limit = 100): ClickInvoiceRecord[] {
      return db.prepare<[number], InvoiceRow>(`SELECT * FROM click_invoice ORDER BY id DESC LIMIT ?`).all(limit).map(invoiceFromRow);
    },

    recordCall(call: Omit<ClickCallRecord, "id">): void {
      db.prepare(`INSERT INTO click_call (at, payment_id, kind, request, response, note, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        call.at,
        call.paymentId ?? null,
        call.kind,
        call.request,
        call.response ?? null,
        call.note ?? null,
        call.durationMs,
      );
    },

    listCalls(limit = 200, paymentId?: number): ClickCallRecord[] {
      const rows =
        paymentId === undefined
          ? db.prepare<[number], CallRow>(`SELECT * FROM click_call ORDER BY id DESC LIMIT ?`).all(limit)
          : db.prepare<[number, number], CallRow>(`SELECT * FROM click_call WHERE payment_id = ? ORDER BY id DESC LIMIT ?`).all(paymentId, limit);
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        paymentId: row.payment_id ?? undefined,
        kind: row.kind,
        request: row.request,
        response: row.response ?? undefined,
        note: row.note ?? undefined,
        durationMs: row.duration_ms,
      }));
    },

    faults,
    setFaults,

    /** Takes one "lose the next answer" token, atomically. */
    takeLostAnswer(): boolean {
      return db.transaction(() => {
        const current = faults();
        if (current.loseNext <= 0) return false;
        setFaults({ ...current, loseNext: current.loseNext - 1 });
        return true;
      })();
    },
  };
}
