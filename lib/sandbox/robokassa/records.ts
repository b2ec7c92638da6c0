import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SandboxStorage } from "../storage";

/**
 * What the Robokassa emulator remembers, in the sandbox's own SQLite file: invoices (one per
 * InvId, as Robokassa keeps them per shop), the ResultURL notifications it sent with the store's
 * answers, refunds, and QA's fault injection. Amounts are kopeks as decimal integer text.
 */

/** OpStateExt `State/Code`s the emulator uses. */
export const InvoiceState = { initialised: 5, cancelled: 10, success: 100, returned: 60 } as const;

export type Invoice = {
  invId: string;
  outSum: bigint;
  description: string;
  /** The Receipt JSON (decoded), as the shop sent it. */
  receiptJson?: string;
  shp: Record<string, string>;
  culture: "ru" | "en";
  email?: string;
  isTest: boolean;
  state: number;
  opKey?: string;
  refunded: bigint;
  /** Whether the store answered `OK{InvId}` at last. */
  notified: boolean;
  createdAt: number;
  stateAt: number;
};

export type NotificationRecord = {
  id: number;
  invId: string;
  at: number;
  kind: "genuine" | "forged" | "repeat";
  status: number | null;
  answer: string;
  accepted: boolean;
};

export type RefundRecord = { requestId: string; invId: string; amount: bigint; label: "processing" | "finished" | "canceled"; reads: number; createdAt: number };

export const robokassaFaultsSchema = z.object({
  /** The next N notifications: the store's answer is "lost" and the notification is sent again. */
  loseAnswers: z.number().int().min(0).max(10).default(0),
  /** Send every notification a second time after the store answered OK. */
  repeat: z.boolean().default(false),
  /** Send a notification with a wrong signature before the genuine one. */
  forge: z.boolean().default(false),
});
export type RobokassaFaults = z.infer<typeof robokassaFaultsSchema>;

const FAULTS_KEY = "robokassa.faults";

type InvoiceRow = {
  inv_id: string;
  out_sum: string;
  description: string;
  receipt_json: string | null;
  shp_json: string;
  culture: string;
  email: string | null;
  is_test: number;
  state: number;
  op_key: string | null;
  refunded: string;
  notified: number;
  created_at: number;
  state_at: number;
};

function toInvoice(row: InvoiceRow): Invoice {
  return {
    invId: row.inv_id,
    outSum: BigInt(row.out_sum),
    description: row.description,
    receiptJson: row.receipt_json ?? undefined,
    shp: JSON.parse(row.shp_json) as Record<string, string>,
    culture: row.culture === "en" ? "en" : "ru",
    email: row.email ?? undefined,
    isTest: row.is_test === 1,
    state: row.state,
    opKey: row.op_key ?? undefined,
    refunded: BigInt(row.refunded),
    notified: row.notified === 1,
    createdAt: row.created_at,
    stateAt: row.state_at,
  };
}

export type RobokassaRecords = ReturnType<typeof createRobokassaRecords>;

export function createRobokassaRecords(storage: SandboxStorage) {
  storage.ensureSchema([
    `CREATE TABLE IF NOT EXISTS robokassa_invoice (
      inv_id TEXT PRIMARY KEY, out_sum TEXT NOT NULL, description TEXT NOT NULL, receipt_json TEXT, shp_json TEXT NOT NULL,
      culture TEXT NOT NULL, email TEXT, is_test INTEGER NOT NULL, state INTEGER NOT NULL, op_key TEXT UNIQUE,
      refunded TEXT NOT NULL DEFAULT '0', notified INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, state_at INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS robokassa_notification (
      id INTEGER PRIMARY KEY AUTOINCREMENT, inv_id TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
      status INTEGER, answer TEXT NOT NULL, accepted INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS robokassa_refund (
      request_id TEXT PRIMARY KEY, inv_id TEXT NOT NULL, amount TEXT NOT NULL, label TEXT NOT NULL,
      reads INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)`,
  ]);
  const db = storage.db;
  const getInvoice = db.prepare<[string], InvoiceRow>(`SELECT * FROM robokassa_invoice WHERE inv_id = ?`);
  const getByOpKey = db.prepare<[string], InvoiceRow>(`SELECT * FROM robokassa_invoice WHERE op_key = ?`);

  function faults(): RobokassaFaults {
    const stored = storage.getSetting(FAULTS_KEY);
    let value: unknown = {};
    try {
      value = stored ? (JSON.parse(stored) as unknown) : {};
    } catch {
      // A hand-edited setting that is not JSON means "no faults".
    }
    const parsed = robokassaFaultsSchema.safeParse(value);
    return parsed.success ? parsed.data : robokassaFaultsSchema.parse({});
  }

  function setFaults(value: RobokassaFaults): void {
    storage.setSetting(FAULTS_KEY, JSON.stringify(value));
  }

  return {
    getInvoice: (invId: string) => {
      const row = getInvoice.get(invId);
      return row ? toInvoice(row) : undefined;
    },
    invoiceByOpKey: (opKey: string) => {
      const row = getByOpKey.get(opKey);
      return row ? toInvoice(row) : undefined;
    },
    /** A new invoice, or the existing unpaid one for the same InvId and amount (the shopper came back). */
    openInvoice(
      invoice: Omit<Invoice, "state" | "opKey" | "refunded" | "notified" | "createdAt" | "stateAt">,
      now: number,
    ): { ok: true; invoice: Invoice } | { ok: false; reason: "inv_id_used" } {
      return db.transaction(() => {
        const existing = getInvoice.get(invoice.invId);
        if (existing) {
          const found = toInvoice(existing);
          return found.state === InvoiceState.initialised && found.outSum === invoice.outSum
            ? { ok: true as const, invoice: found }
            : { ok: false as const, reason: "inv_id_used" as const };
        }
        db.prepare(
          `INSERT INTO robokassa_invoice (inv_id, out_sum, description, receipt_json, shp_json, culture, email, is_test, state, created_at, state_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          invoice.invId,
          invoice.outSum.toString(),
          invoice.description,
          invoice.receiptJson ?? null,
          JSON.stringify(invoice.shp),
          invoice.culture,
          invoice.email ?? null,
          invoice.isTest ? 1 : 0,
          InvoiceState.initialised,
          now,
          now,
        );
        return { ok: true as const, invoice: toInvoice(getInvoice.get(invoice.invId)!) };
      })();
    },
    /** Moves an initialised invoice to paid or cancelled; false when it was not initialised (double click). */
    settleInvoice(invId: string, state: typeof InvoiceState.success | typeof InvoiceState.cancelled, now: number): boolean {
      const opKey = state === InvoiceState.success ? randomUUID().toUpperCase() : null;
      const result = db
        .prepare(`UPDATE robokassa_invoice SET state = ?, op_key = ?, state_at = ? WHERE inv_id = ? AND state = ?`)
        .run(state, opKey, now, invId, InvoiceState.initialised);
      return result.changes === 1;
    },
    markNotified(invId: string): void {
      db.prepare(`UPDATE robokassa_invoice SET notified = 1 WHERE inv_id = ?`).run(invId);
    },
    recordNotification(entry: Omit<NotificationRecord, "id">): void {
      db.prepare(`INSERT INTO robokassa_notification (inv_id, at, kind, status, answer, accepted) VALUES (?, ?, ?, ?, ?, ?)`).run(
        entry.invId,
        entry.at,
        entry.kind,
        entry.status,
        entry.answer.slice(0, 200),
        entry.accepted ? 1 : 0,
      );
    },
    listInvoices: (): Invoice[] => db.prepare<[], InvoiceRow>(`SELECT * FROM robokassa_invoice ORDER BY created_at DESC LIMIT 100`).all().map(toInvoice),
    listNotifications: (invId?: string): NotificationRecord[] =>
      (invId
        ? db.prepare(`SELECT * FROM robokassa_notification WHERE inv_id = ? ORDER BY id`).all(invId)
        : db.prepare(`SELECT * FROM robokassa_notification ORDER BY id DESC LIMIT 200`).all()
      ).map((row) => {
        const record = row as Omit<NotificationRecord, "accepted"> & { accepted: number };
        return { ...record, accepted: record.accepted === 1 };
      }),
    /**
     * Books a refund of `amount` kopeks (all that is left when undefined) against the paid
     * invoice, in one transaction so two requests cannot refund more than was paid.
     */
    createRefund(
      opKey: string,
      amount: bigint | undefined,
      now: number,
    ): { ok: true; refund: RefundRecord } | { ok: false; message: string } {
      return db.transaction(() => {
        const row = getByOpKey.get(opKey);
        if (!row) return { ok: false as const, message: "Операция не найдена (OpKey)" };
        const invoice = toInvoice(row);
        if (invoice.state !== InvoiceState.success) return { ok: false as const, message: "Операция не в статусе «оплачено»" };
        const left = invoice.outSum - invoice.refunded;
        const refund = amount ?? left;
        if (refund <= 0n || refund > left) return { ok: false as const, message: "Сумма возврата превышает доступную" };
        const requestId = randomUUID();
        db.prepare(`UPDATE robokassa_invoice SET refunded = ? WHERE inv_id = ?`).run((invoice.refunded + refund).toString(), invoice.invId);
        db.prepare(`INSERT INTO robokassa_refund (request_id, inv_id, amount, label, created_at) VALUES (?, ?, ?, 'processing', ?)`).run(
          requestId,
          invoice.invId,
          refund.toString(),
          now,
        );
        return { ok: true as const, refund: { requestId, invId: invoice.invId, amount: refund, label: "processing" as const, reads: 0, createdAt: now } };
      })();
    },
    /** A refund is `processing` on its first read and `finished` from the second (so polls are exercised). */
    readRefund(requestId: string, now: number): RefundRecord | undefined {
      return db.transaction(() => {
        const row = db.prepare(`SELECT * FROM robokassa_refund WHERE request_id = ?`).get(requestId) as
          | { request_id: string; inv_id: string; amount: string; label: RefundRecord["label"]; reads: number; created_at: number }
          | undefined;
        if (!row) return undefined;
        const reads = row.reads + 1;
        let label = row.label;
        if (label === "processing" && reads >= 2) {
          label = "finished";
          const invoice = toInvoice(getInvoice.get(row.inv_id)!);
          if (invoice.refunded >= invoice.outSum) {
            db.prepare(`UPDATE robokassa_invoice SET state = ?, state_at = ? WHERE inv_id = ?`).run(InvoiceState.returned, now, row.inv_id);
          }
        }
        db.prepare(`UPDATE robokassa_refund SET reads = ?, label = ? WHERE request_id = ?`).run(reads, label, requestId);
        return { requestId: row.request_id, invId: row.inv_id, amount: BigInt(row.amount), label, reads, createdAt: row.created_at };
      })();
    },
    listRefunds: (): RefundRecord[] =>
      (db.prepare(`SELECT * FROM robokassa_refund ORDER BY created_at DESC LIMIT 100`).all() as {
        request_id: string;
        inv_id: string;
        amount: string;
        label: RefundRecord["label"];
        reads: number;
        created_at: number;
      }[]).map((row) => ({ requestId: row.request_id, invId: row.inv_id, amount: BigInt(row.amount), label: row.label, reads: row.reads, createdAt: row.created_at })),
    faults,
    setFaults,
    /** Takes one "lost answer" from the fault budget; true when this answer is to be lost. */
    takeLostAnswer(): boolean {
      const current = faults();
      if (current.loseAnswers <= 0) return false;
      setFaults({ ...current, loseAnswers: current.loseAnswers - 1 });
      return true;
    },
  };
}
