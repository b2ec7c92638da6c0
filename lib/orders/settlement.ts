import type { RowDecoder, SqlDatabase, SqlExecutor, SqlTransaction, SqlValue } from "../db/sql";
import { deriveOrderStatus, isReservationActive, outstandingAmount, overpaidAmount, type OrderStatus } from "./order-status";
import { signalOutbox, type DomainEventType } from "./outbox";
import { exportSeqExpression } from "./change-sequence";

/**
 * The settlement core (DESIGN.md "Order and payment state"): the only code that writes the
 * `Reservation`, `LedgerEntry` and `OutboxEvent` tables and an order's money, status and cancel
 * columns. Every provider (Payme now; Click, Robokassa and 1C next) changes an order's money
 * through `settle` → `session.lock(orderNumber)` → the operations of `LockedOrder`.
 *
 * Providers are plain strings here: this module knows none of them. Their lapse rules are
 * injected (`registerLapseRule`, or `options.lapseRules` per call).
 *
 * Lean by design (issue 9): the order and its reservation are read once, with the lock (and a
 * provider's own row with them: `session.lockFor`); the reservation and the order's row are
 * written once, when the callback returns (the reservation in hand as an upsert or a delete; new
 * sums, status and cancel columns in one UPDATE, derived from values in hand); outbox events go
 * in one INSERT … ON CONFLICT DO NOTHING — on PostgreSQL those writes are one statement (WITH);
 * the ledger's exactly-once is the unique index (INSERT … ON CONFLICT DO NOTHING RETURNING).
 * Statements are constant strings, so prepared statements are reused (SQLite's per connection
 * cache, PostgreSQL's named statements in lib/db/sql.ts). Code inside a settlement reads the
 * reservation through `LockedOrder`, never from the table (written only at the end).
 */

/** A hold lapses by itself this long after it was placed (UZCARD releases it after 30 days). */
export const HOLD_LAPSE_MS = 30 * 24 * 60 * 60 * 1000;

/** The attempt that holds the order (at most one; DESIGN.md "Reservation"). */
export type Reservation = {
  provider: string;
  /** The provider's kind of attempt, e.g. `payme_transaction`, `payme_receipt`, `click_prepare`. */
  kind: string;
  /** The provider's id of the attempt. */
  reference: string;
  /** A hold: never lapses by time while held. */
  held: boolean;
  /** ms since the epoch after which it lapses; null = only released explicitly. */
  expiresAt: bigint | null;
  createdAt: Date | null;
};

/** Who holds a reserved order and until when (the admin shows it). */
export type Holder = { provider: string; kind: string; reference: string; held: boolean; until: Date | null };

export function holderOf(reservation: Reservation): Holder {
  const until = reservation.held
    ? reservation.createdAt && new Date(reservation.createdAt.getTime() + HOLD_LAPSE_MS)
    : reservation.expiresAt === null
      ? null
      : new Date(Number(reservation.expiresAt));
  return { provider: reservation.provider, kind: reservation.kind, reference: reservation.reference, held: reservation.held, until };
}

/**
 * A provider's lapse rule. Called by `session.lock` (unless `{lapse: false}`) when the order's
 * reservation belongs to that provider and is not a hold — whether or not its time has passed —
 * before the core drops a reservation whose `expiresAt` has passed. The rule ends the attempts
 * its provider considers lapsed (Payme: a state-1 transaction older than 12 h is cancelled with
 * reason 4) in its own tables through `tx`, and frees the order with `order.release(…)`.
 * It must not throw for business outcomes.
 */
export type LapseRule = (order: LockedOrder, tx: SqlExecutor) => Promise<void>;
export type LapseRules = Readonly<Record<string, LapseRule>>;

// Process-wide: Next.js bundles its own copy of this module beside server.ts's, and a rule
// registered through either copy must reach both.
const registeredRules: Record<string, LapseRule> = ((globalThis as { __tolovLapseRules?: Record<string, LapseRule> }).__tolovLapseRules ??= {});

/**
 * Registers `provider`'s lapse rule for every later `settle` in this process (the provider
 * registry calls it once per provider at start; a second call for one provider replaces the
 * first). `settle(…, {lapseRules})` overrides the registered map for one call.
 */
export function registerLapseRule(provider: string, rule: LapseRule): void {
  registeredRules[provider] = rule;
}

export type SettleOptions = {
  /** The clock (ms); read once per settlement. */
  now?: () => number;
  /** Overrides the registered lapse rules for this call (tests, tools). */
  lapseRules?: LapseRules;
  /**
   * `exchange`: the changes come from the accounting exchange (1C) and are not marked for
   * sending back to it (the order's `exportSeq` stays). Default `store`: every written order
   * takes the next change sequence value.
   */
  source?: "store" | "exchange";
};

/** What `settle`'s callback gets: the open transaction (for the provider's own tables) and the lock. */
export type SettlementSession = {
  /** The database transaction: for the provider's own tables only (never the core's). */
  readonly tx: SqlExecutor;
  /** The settlement's time (ms since the epoch). */
  readonly nowMs: number;
  /**
   * Locks the order until commit (PostgreSQL: `FOR UPDATE` of its row; SQLite: BEGIN IMMEDIATE
   * already holds the write lock), reading it and its reservation in the same statement; runs
   * the lapse rules (skip them with `{lapse: false}` when the caller judges the reserving
   * attempt itself, e.g. Payme's Perform/Cancel of their own transaction); drops a reservation
   * whose time has passed. Undefined when the order does not exist. Locking one order twice
   * returns the same object.
   */
  lock(orderNumber: number, options?: { lapse?: boolean }): Promise<LockedOrder | undefined>;
  /**
   * A row of the provider's own table and the order it names, locked (as `lock`), in one read:
   * `sql` selects at most one row, of table columns only, with an `"orderNumber"` column (e.g.
   * the attempt by its id); none of its columns may be named "o.…" or "r.…". The row is read
   * after the lock is held, so it is current; with the lapse rules run (default), it is as it
   * was before them. SQLite: one statement; PostgreSQL: the row lock, then that read. Undefined
   * when no row matches. An order already locked in this settlement is the same object.
   */
  lockFor<T extends { orderNumber: number | bigint }>(
    sql: string,
    params: readonly SqlValue[],
    options?: { lapse?: boolean; decode?: RowDecoder },
  ): Promise<{ row: T; order: LockedOrder } | undefined>;
};

/**
 * Opens one database transaction, runs `fn`, writes every locked order's changes, commits.
 * Business outcomes are returned by `fn` (typed results) and still commit; a throw rolls back.
 */
export async function settle<T>(sql: SqlDatabase, fn: (session: SettlementSession) => Promise<T>, options: SettleOptions = {}): Promise<T> {
  let wroteEvents = false;
  const settled = await sql.transaction(async (tx) => {
    const nowMs = (options.now ?? Date.now)();
    const rules = options.lapseRules ?? registeredRules;
    const locked = new Map<number, LockedOrder>();
    const session: SettlementSession = {
      tx,
      nowMs,
      async lock(orderNumber, lockOptions = {}) {
        const known = locked.get(orderNumber);
        if (known) return known;
        const row =
          tx.kind === "postgresql"
            ? // The lock, then the read (a statement of its own, after the lock: current), one round trip.
              ((await tx.batch([{ sql: lockRowPostgresSql, params: [orderNumber] }, { sql: lockSelect, params: [orderNumber] }]))[1]![0] as LockRow | undefined)
            : await tx.get<LockRow>(lockSelect, [orderNumber]);
        if (!row) return undefined;
        const order = new LockedOrder(tx, orderNumber, nowMs, row);
        locked.set(orderNumber, order);
        await order.lapse(lockOptions.lapse === false ? undefined : rules);
        return order;
      },
      async lockFor<T extends { orderNumber: number | bigint }>(sql: string, params: readonly SqlValue[], lockOptions: { lapse?: boolean; decode?: RowDecoder } = {}) {
        const texts = lockForSql(sql);
        let lockedNumber: { number: number } | undefined;
        let joined: Record<string, unknown> | undefined;
        if (tx.kind === "postgresql") {
          // The lock, then the read (a statement of its own, after the lock: current), one round trip.
          const [lockRows, readRows] = await tx.batch([
            { sql: texts.lockRow, params },
            { sql: texts.read, params, decode: lockOptions.decode },
          ]);
          lockedNumber = lockRows![0] as { number: number } | undefined;
          if (!lockedNumber) return undefined;
          joined = readRows![0] as Record<string, unknown> | undefined;
        } else {
          joined = await tx.get<Record<string, unknown>>(texts.read, params, lockOptions.decode);
        }
        if (!joined) return undefined;
        const own: Record<string, unknown> = {};
        for (const key in joined) if (!key.startsWith("o.") && !key.startsWith("r.")) own[key] = joined[key];
        const row = own as T;
        const orderNumber = Number(row.orderNumber);
        if (lockedNumber && Number(lockedNumber.number) !== orderNumber) {
          // Only when the row moved to another order between the two statements.
          throw new Error(`lockFor: the row names order ${orderNumber}, the lock is on order ${lockedNumber.number}`);
        }
        const known = locked.get(orderNumber);
        if (known) return { row, order: known };
        const order = new LockedOrder(tx, orderNumber, nowMs, joined as LockRow);
        locked.set(orderNumber, order);
        await order.lapse(lockOptions.lapse === false ? undefined : rules);
        return { row, order };
      },
    };
    const result = await fn(session);
    for (const order of locked.values()) wroteEvents = (await order.flush(options.source === "exchange")) || wroteEvents;
    return result;
  });
  // After the COMMIT, outside the transaction: one in-process wake-up for the outbox dispatcher.
  if (wroteEvents) signalOutbox();
  return settled;
}

/** `settle` for one order: `fn` gets it locked, or the result is `{ok: false, reason: "not_found"}`. */
export async function settleOrder<T>(
  sql: SqlDatabase,
  orderNumber: number,
  fn: (order: LockedOrder, session: SettlementSession) => Promise<T>,
  options: SettleOptions & { lapse?: boolean } = {},
): Promise<T | { ok: false; reason: "not_found" }> {
  return settle(
    sql,
    async (session) => {
      const order = await session.lock(orderNumber, { lapse: options.lapse });
      return order ? fn(order, session) : ({ ok: false, reason: "not_found" } as const);
    },
    options,
  );
}

type LockRow = {
  "o.amount": bigint | number | string;
  "o.paidAmount": bigint | number | string;
  "o.refundedAmount": bigint | number | string;
  "o.status": string;
  "o.fulfilledAt": unknown;
  "o.cancelledAt": unknown;
  "o.cancelledBy": string | null;
  "o.cancelRequestedAt": unknown;
  "o.cancelRequestedBy": string | null;
  "o.cancelRefusedAt": unknown;
  "r.provider": string | null;
  "r.kind": string | null;
  "r.reference": string | null;
  "r.held": unknown;
  "r.expiresAt": bigint | number | string | null;
  "r.createdAt": unknown;
};

/** The order's and its reservation's columns, named "o.…" / "r.…" (apart from a provider row's own columns beside them). */
const lockColumns = `o."amount" AS "o.amount", o."paidAmount" AS "o.paidAmount", o."refundedAmount" AS "o.refundedAmount", o."status" AS "o.status",
       o."fulfilledAt" AS "o.fulfilledAt", o."cancelledAt" AS "o.cancelledAt", o."cancelledBy" AS "o.cancelledBy",
       o."cancelRequestedAt" AS "o.cancelRequestedAt", o."cancelRequestedBy" AS "o.cancelRequestedBy", o."cancelRefusedAt" AS "o.cancelRefusedAt",
       r."provider" AS "r.provider", r."kind" AS "r.kind", r."reference" AS "r.reference", r."held" AS "r.held",
       r."expiresAt" AS "r.expiresAt", r."createdAt" AS "r.createdAt"`;

const lockSelect = `SELECT ${lockColumns}
  FROM "Order" o LEFT JOIN "Reservation" r ON r."orderNumber" = o."number"
 WHERE o."number" = ?`;

/** `lockFor`'s statements for one provider query (constant texts, so prepared once). */
type LockForSql = { read: string; lockRow: string };
const lockForCache = new Map<string, LockForSql>();
function lockForSql(sql: string): LockForSql {
  let texts = lockForCache.get(sql);
  if (!texts) {
    texts = {
      read: `SELECT x.*, ${lockColumns}
  FROM (${sql}) x JOIN "Order" o ON o."number" = x."orderNumber" LEFT JOIN "Reservation" r ON r."orderNumber" = o."number"`,
      lockRow: `SELECT o."number" FROM "Order" o WHERE o."number" IN (SELECT x."orderNumber" FROM (${sql}) x) FOR UPDATE`,
    };
    lockForCache.set(sql, texts);
  }
  return texts;
}

/**
 * PostgreSQL takes the row lock in a statement of its own: a `SELECT … FOR UPDATE` that waited
 * for another transaction re-reads the locked row but keeps the joined reservation as its
 * snapshot saw it before the wait — stale once the other transaction committed. The read that
 * follows is a new statement, so (READ COMMITTED) it sees what the previous holder committed.
 * Both go in one round trip (`tx.batch`: one simple query, each statement its own snapshot).
 * SQLite: BEGIN IMMEDIATE already holds the database's write lock.
 */
const lockRowPostgresSql = `SELECT "number" FROM "Order" WHERE "number" = ? FOR UPDATE`;

const writeOrderColumns = `UPDATE "Order" SET "paidAmount" = ?, "refundedAmount" = ?, "status" = ?, "fulfilledAt" = ?, "cancelledAt" = ?, "cancelledBy" = ?,
  "cancelRequestedAt" = ?, "cancelRequestedBy" = ?, "cancelRefusedAt" = ?, "updatedAt" = ?`;
/**
 * The order's row, by database and by whether the change is marked for 1C (`store`: the order's
 * next change sequence value in the same statement, change-sequence.ts) or not (`exchange`).
 */
const writeOrderSql = {
  sqlite: {
    store: `${writeOrderColumns}, "exportSeq" = ${exportSeqExpression("sqlite")} WHERE "number" = ?`,
    exchange: `${writeOrderColumns} WHERE "number" = ?`,
  },
  postgresql: {
    store: `${writeOrderColumns}, "exportSeq" = ${exportSeqExpression("postgresql")} WHERE "number" = ?`,
    exchange: `${writeOrderColumns} WHERE "number" = ?`,
  },
} as const;

/** The reservation as it is in hand, whatever was stored (placed, replaced, extended or held). */
const upsertReservationSql = `INSERT INTO "Reservation" ("orderNumber", "provider", "kind", "reference", "held", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("orderNumber") DO UPDATE SET "provider" = excluded."provider", "kind" = excluded."kind", "reference" = excluded."reference",
  "held" = excluded."held", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"`;
const deleteReservationSql = `DELETE FROM "Reservation" WHERE "orderNumber" = ?`;

const insertLedgerSql = `INSERT INTO "LedgerEntry" ("orderNumber", "kind", "provider", "reference", "amount", "at", "refundOf") VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("kind", "provider", "reference") DO NOTHING RETURNING "id"`;
/** The payment a refund names, and what is already refunded of it (all refunds of it, and this very refund if recorded). */
const refundContextSql = `SELECT p."amount", p."refundApprovedAt",
       (SELECT COUNT(*) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = ? AND r."reference" = ?) AS "same"
  FROM (SELECT 1 AS "one") x LEFT JOIN "LedgerEntry" p ON p."kind" = 'payment' AND p."provider" = ? AND p."reference" = ?`;
const approveByReferenceSql = `UPDATE "LedgerEntry" SET "refundApprovedAt" = ? WHERE "orderNumber" = ? AND "kind" = 'payment' AND "provider" = ? AND "reference" = ? AND "refundApprovedAt" IS NULL`;
const ledgerEntrySql = `SELECT p."kind", p."provider", p."reference", p."amount", p."refundApprovedAt",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = p."provider" AND r."refundOf" = p."reference") AS "refundedOf"
  FROM "LedgerEntry" p WHERE p."id" = ? AND p."orderNumber" = ?`;
const approveByIdSql = `UPDATE "LedgerEntry" SET "refundApprovedAt" = ? WHERE "id" = ?`;
/** A payment of the order by id or by (provider, reference), with what is refunded of it so far and its "refund by hand" flag. */
const paymentByIdSql = `SELECT p."id", p."kind", p."provider", p."reference", p."amount", p."refundByHandAt", p."refundByHandReason",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = p."provider" AND r."refundOf" = p."reference") AS "refundedOf"
  FROM "LedgerEntry" p WHERE p."id" = ? AND p."orderNumber" = ?`;
const paymentByReferenceSql = `SELECT p."id", p."kind", p."provider", p."reference", p."amount", p."refundByHandAt", p."refundByHandReason",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = p."provider" AND r."refundOf" = p."reference") AS "refundedOf"
  FROM "LedgerEntry" p WHERE p."orderNumber" = ? AND p."kind" = 'payment' AND p."provider" = ? AND p."reference" = ?`;
const flagRefundByHandSql = `UPDATE "LedgerEntry" SET "refundByHandAt" = ?, "refundByHandReason" = ? WHERE "id" = ?`;

const outboxColumns = `INSERT INTO "OutboxEvent" ("type", "orderNumber", "dedupeKey", "payload", "createdAt") VALUES `;
const outboxSql = [1, 2, 3, 4].map((n) => `${outboxColumns}${Array(n).fill("(?, ?, ?, ?, ?)").join(", ")} ON CONFLICT ("dedupeKey") DO NOTHING`);
/** PostgreSQL: a flush's statements as one (`WITH "w0" AS (…), "w1" AS (…) <last>`), parameters in the same order; a few constant texts. */
const combinedCache = new Map<string, string>();
function combinedSql(parts: readonly { sql: string }[]): string {
  const key = parts.map((part) => part.sql).join("\u0000");
  let text = combinedCache.get(key);
  if (!text) {
    const last = parts[parts.length - 1]!.sql;
    text = `WITH ${parts
      .slice(0, -1)
      .map((part, index) => `"w${index}" AS (${part.sql})`)
      .join(", ")} ${last}`;
    combinedCache.set(key, text);
  }
  return text;
}

const statusEvents: Partial<Record<OrderStatus, DomainEventType>> = {
  paid: "order.paid",
  refunded: "order.refunded",
  cancelled: "order.cancelled",
};

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date;
}

const json = (payload: Record<string, unknown>) =>
  JSON.stringify(payload, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));

export type PayableCheck =
  | { ok: true; outstanding: bigint }
  | { ok: false; reason: "cancelled" | "cancel_requested" | "paid" | "refunded" | "amount"; outstanding: bigint }
  | { ok: false; reason: "reserved"; outstanding: bigint; holder: Holder };

export type ReserveInput = {
  provider: string;
  kind: string;
  reference: string;
  /** ms since the epoch; null = only released explicitly. Ignored for a hold. */
  expiresAt: bigint | null;
  held?: boolean;
};

export type LedgerInput = {
  provider: string;
  /** The provider's id of the payment (Payme transaction id = receipt id, Click click_trans_id, 1C document…). */
  reference: string;
  /** tiyin, positive. */
  amount: bigint;
  at?: Date;
};

export type RefundInput = LedgerInput & {
  /** The `reference` of the payment refunded (Payme: the same id as `reference`). */
  refundOf: string;
  /**
   * true (default): a request we may refuse — a fulfilled order's payment is refunded only once
   * the merchant approved it. false: the provider reports a refund already made (the money is
   * back with the shopper); it is recorded.
   */
  requireApproval?: boolean;
};

/** One payment of the ledger, by its id (the admin) or by the provider's (provider, reference). */
export type PaymentKey = { ledgerId: number } | { provider: string; reference: string };

/** A payment as `flagRefundByHand` / `recordRefundByHand` see it (tiyin). */
export type LedgerPayment = {
  ledgerId: number;
  provider: string;
  reference: string;
  amount: bigint;
  /** Sum of the refunds recorded against it (`refundOf` = its reference). */
  refunded: bigint;
  refundByHand: { at: Date; reason: string } | null;
};

export type RefundByHandInput = {
  /** The flagged payment refunded. */
  payment: PaymentKey;
  /** tiyin, positive; at most what is left of the payment and of the order (paid − refunded). */
  amount: bigint;
  /**
   * The refund's own ledger reference, unique per payment and provider (the admin's form:
   * `hand:<ledgerId>:<refunds seen>`, so a double submit records one refund). Never a
   * provider's id: the ledger entry is written with the payment's provider.
   */
  reference: string;
  at?: Date;
};

/** An order locked for the rest of the transaction, with the state model's operations. */
export class LockedOrder {
  readonly amount: bigint;
  #paid: bigint;
  #refunded: bigint;
  #storedStatus: string;
  #fulfilledAt: Date | null;
  #cancelledAt: Date | null;
  #cancelledBy: string | null;
  #cancelRequestedAt: Date | null;
  #cancelRequestedBy: string | null;
  #cancelRefusedAt: Date | null;
  /** The reservation in hand (possibly lapsed until `lapse` ran); written by `flush`. */
  #reservation: Reservation | null;
  /** As stored in the table: every change replaces `#reservation`'s object, so `!==` tells a change. */
  #storedReservation: Reservation | null;
  #dirty = false;
  #events: { type: DomainEventType; dedupeKey: string; payload: string }[] = [];

  constructor(
    private readonly tx: SqlTransaction,
    readonly number: number,
    readonly nowMs: number,
    row: LockRow,
  ) {
    this.amount = BigInt(row["o.amount"]);
    this.#paid = BigInt(row["o.paidAmount"]);
    this.#refunded = BigInt(row["o.refundedAmount"]);
    this.#storedStatus = row["o.status"];
    this.#fulfilledAt = toDate(row["o.fulfilledAt"]);
    this.#cancelledAt = toDate(row["o.cancelledAt"]);
    this.#cancelledBy = row["o.cancelledBy"];
    this.#cancelRequestedAt = toDate(row["o.cancelRequestedAt"]);
    this.#cancelRequestedBy = row["o.cancelRequestedBy"];
    this.#cancelRefusedAt = toDate(row["o.cancelRefusedAt"]);
    const provider = row["r.provider"];
    const expiresAt = row["r.expiresAt"];
    this.#reservation =
      provider === null || provider === undefined
        ? null
        : {
            provider,
            kind: row["r.kind"]!,
            reference: row["r.reference"]!,
            held: Boolean(Number(row["r.held"])),
            expiresAt: expiresAt === null ? null : BigInt(expiresAt),
            createdAt: toDate(row["r.createdAt"]),
          };
    this.#storedReservation = this.#reservation;
  }

  /** @internal Runs the lapse rules and drops a reservation whose time has passed (called by `lock`). */
  async lapse(rules: LapseRules | undefined): Promise<void> {
    const current = this.#reservation;
    if (!current) return;
    const rule = rules && !current.held ? rules[current.provider] : undefined;
    if (rule) await rule(this, this.tx);
    if (this.#reservation && !isReservationActive(this.#reservation, this.nowMs)) this.#reservation = null;
  }

  get paidAmount(): bigint {
    return this.#paid;
  }
  get refundedAmount(): bigint {
    return this.#refunded;
  }
  /** amount − paidAmount (negative when overpaid). */
  get outstanding(): bigint {
    return outstandingAmount({ amount: this.amount, paidAmount: this.#paid });
  }
  /** paid − refunded − amount when positive (a cancelled order owes nothing). */
  get overpaid(): bigint {
    return overpaidAmount({ amount: this.amount, paidAmount: this.#paid, refundedAmount: this.#refunded, cancelledAt: this.#cancelledAt });
  }
  get fulfilled(): boolean {
    return this.#fulfilledAt !== null;
  }
  get cancelled(): boolean {
    return this.#cancelledAt !== null;
  }
  get cancelRequested(): boolean {
    return this.#cancelRequestedAt !== null;
  }
  /** The reservation that holds the order now, or null. */
  get reservation(): Reservation | null {
    return this.#reservation && isReservationActive(this.#reservation, this.nowMs) ? this.#reservation : null;
  }
  get holder(): Holder | null {
    const reservation = this.reservation;
    return reservation && holderOf(reservation);
  }
  /** Derived from the values in hand (DESIGN.md "Status"). */
  get status(): OrderStatus {
    return deriveOrderStatus(
      { amount: this.amount, paidAmount: this.#paid, refundedAmount: this.#refunded, cancelledAt: this.#cancelledAt, reservation: this.#reservation },
      this.nowMs,
    );
  }

  /**
   * Payable for `amount` (tiyin; omitted = any): in the order of Payme's checks — cancelled /
   * paid / refunded, cancel requested, amount ≠ outstanding, reserved by an attempt.
   */
  checkPayable(amount?: bigint): PayableCheck {
    const outstanding = this.outstanding;
    const status = this.status;
    if (status === "cancelled") return { ok: false, reason: "cancelled", outstanding };
    if (status === "paid") return { ok: false, reason: "paid", outstanding };
    if (status === "refunded" || status === "partially_refunded") return { ok: false, reason: "refunded", outstanding };
    if (this.cancelRequested) return { ok: false, reason: "cancel_requested", outstanding };
    if (amount !== undefined && amount !== outstanding) return { ok: false, reason: "amount", outstanding };
    const holder = this.holder;
    if (holder) return { ok: false, reason: "reserved", outstanding, holder };
    return { ok: true, outstanding };
  }

  /** Places a reservation (a hold when `held`), unless another attempt holds the order. */
  async reserve(input: ReserveInput): Promise<{ ok: true } | { ok: false; reason: "reserved"; holder: Holder }> {
    const holder = this.holder;
    if (holder) return { ok: false, reason: "reserved", holder };
    const held = input.held === true;
    const expiresAt = held ? null : input.expiresAt;
    const createdAt = new Date();
    this.#reservation = { provider: input.provider, kind: input.kind, reference: input.reference, held, expiresAt, createdAt };
    return { ok: true };
  }

  #holds(provider: string, reference: string): boolean {
    const reservation = this.reservation;
    return reservation !== null && reservation.provider === provider && reservation.reference === reference;
  }

  /** Moves the time limit of this attempt's (unheld) reservation. False when it does not hold the order. */
  async extend(provider: string, reference: string, expiresAt: bigint): Promise<boolean> {
    if (!this.#holds(provider, reference) || this.#reservation!.held) return false;
    this.#reservation = { ...this.#reservation!, expiresAt };
    return true;
  }

  /**
   * Funds are held for this attempt: its reservation becomes a hold of `kind` (never lapsing by
   * time), or a new hold is placed when nothing reserves the order. Refused when another attempt
   * holds it (the caller releases the funds).
   */
  async hold(provider: string, reference: string, kind: string): Promise<{ ok: true } | { ok: false; reason: "reserved"; holder: Holder }> {
    if (!this.#holds(provider, reference)) return this.reserve({ provider, kind, reference, expiresAt: null, held: true });
    const current = this.#reservation!;
    if (current.held && current.kind === kind) return { ok: true };
    this.#reservation = { ...current, kind, held: true, expiresAt: null };
    return { ok: true };
  }

  /**
   * Ends this attempt's reservation (another attempt's stays). `onlyKind` / `keepHeld` narrow it
   * (e.g. a pay window, never a hold). True when it was released. A requested cancel then
   * completes (or is refused when paid) as the changes are written.
   */
  async release(provider: string, reference: string, options: { onlyKind?: string; keepHeld?: boolean } = {}): Promise<boolean> {
    const current = this.#reservation;
    if (!current || current.provider !== provider || current.reference !== reference) return false;
    if (options.onlyKind !== undefined && current.kind !== options.onlyKind) return false;
    if (options.keepHeld && current.held) return false;
    this.#reservation = null;
    return true;
  }

  /** Records a payment exactly once per (provider, reference); a repeat changes nothing. */
  async recordPayment(entry: LedgerInput): Promise<{ ok: true; recorded: boolean }> {
    if (entry.amount <= 0n) throw new RangeError("a ledger entry's amount must be positive");
    const recorded = await this.#insertEntry("payment", entry, null);
    if (recorded) this.#paid += entry.amount;
    return { ok: true, recorded };
  }

  /**
   * Records a refund exactly once per (provider, reference). Refused: `unknown_payment` — the
   * ledger has no payment (provider, refundOf); `not_approved` — the order
   * was marked fulfilled and the merchant has not approved refunding that payment (a request;
   * see `requireApproval`); `exceeds_paid` — more than paid − refunded. A refund already recorded
   * is `{ok: true, recorded: false}` whatever the rules say now.
   */
  async recordRefund(entry: RefundInput): Promise<{ ok: true; recorded: boolean } | { ok: false; reason: "not_approved" | "exceeds_paid" | "unknown_payment" }> {
    if (entry.amount <= 0n) throw new RangeError("a ledger entry's amount must be positive");
    const context = await this.tx.get<{ amount: unknown; refundApprovedAt: unknown; same: unknown }>(refundContextSql, [
      entry.provider,
      entry.reference,
      entry.provider,
      entry.refundOf,
    ], { same: "number" });
    if (Number(context?.same ?? 0) > 0) return { ok: true, recorded: false };
    if (context?.amount === null || context?.amount === undefined) return { ok: false, reason: "unknown_payment" };
    if (entry.requireApproval !== false && this.#fulfilledAt && !context?.refundApprovedAt) return { ok: false, reason: "not_approved" };
    if (entry.amount > this.#paid - this.#refunded) return { ok: false, reason: "exceeds_paid" };
    const recorded = await this.#insertEntry("refund", entry, entry.refundOf);
    if (recorded) this.#refunded += entry.amount;
    return { ok: true, recorded };
  }

  async #insertEntry(kind: "payment" | "refund", entry: LedgerInput, refundOf: string | null): Promise<boolean> {
    const at = entry.at ?? new Date(this.nowMs);
    const inserted = await this.tx.get(insertLedgerSql, [this.number, kind, entry.provider, entry.reference, entry.amount, at, refundOf]);
    if (!inserted) return false;
    this.#dirty = true;
    const type = kind === "payment" ? "payment.received" : "refund.recorded";
    this.#event(type, `${type}:${entry.provider}:${entry.reference}`, {
      orderNumber: this.number,
      provider: entry.provider,
      reference: entry.reference,
      ...(refundOf === null ? {} : { refundOf }),
      amount: entry.amount,
      at: at.toISOString(),
    });
    return true;
  }

  /**
   * The merchant approves refunding one payment of this fulfilled order (the provider's refund
   * that follows is then accepted), by ledger id (admin) or by (provider, reference).
   */
  async approveRefund(
    payment: { ledgerId: number } | { provider: string; reference: string },
    at: Date = new Date(this.nowMs),
  ): Promise<
    | { ok: true; changed: boolean; provider: string; reference: string; amount: bigint }
    | { ok: false; reason: "not_a_payment" | "already_refunded" }
  > {
    if (!("ledgerId" in payment)) {
      const changed = await this.tx.run(approveByReferenceSql, [at, this.number, payment.provider, payment.reference]);
      return { ok: true, changed: changed.changes > 0, provider: payment.provider, reference: payment.reference, amount: 0n };
    }
    const entry = await this.tx.get<{ kind: string; provider: string; reference: string; amount: unknown; refundApprovedAt: unknown; refundedOf: unknown }>(
      ledgerEntrySql,
      [payment.ledgerId, this.number],
      { refundedOf: "bigint" },
    );
    if (!entry || entry.kind !== "payment") return { ok: false, reason: "not_a_payment" };
    const amount = BigInt(entry.amount as bigint);
    if (BigInt(entry.refundedOf as bigint) >= amount) return { ok: false, reason: "already_refunded" };
    const details = { provider: entry.provider, reference: entry.reference, amount };
    if (entry.refundApprovedAt) return { ok: true, changed: false, ...details };
    await this.tx.run(approveByIdSql, [at, payment.ledgerId]);
    return { ok: true, changed: true, ...details };
  }

  async #payment(key: PaymentKey): Promise<LedgerPayment | null> {
    type Row = { id: unknown; kind: string; provider: string; reference: string; amount: unknown; refundByHandAt: unknown; refundByHandReason: string | null; refundedOf: unknown };
    const decoder = { id: "number", refundedOf: "bigint" } as const;
    const row =
      "ledgerId" in key
        ? await this.tx.get<Row>(paymentByIdSql, [key.ledgerId, this.number], decoder)
        : await this.tx.get<Row>(paymentByReferenceSql, [this.number, key.provider, key.reference], decoder);
    if (!row || row.kind !== "payment") return null;
    const at = toDate(row.refundByHandAt);
    return {
      ledgerId: Number(row.id),
      provider: row.provider,
      reference: row.reference,
      amount: BigInt(row.amount as bigint),
      refunded: BigInt(row.refundedOf as bigint),
      refundByHand: at ? { at, reason: row.refundByHandReason ?? "" } : null,
    };
  }

  /**
   * Flags one payment "refund by hand" (DESIGN.md "Refunds started elsewhere"): its provider
   * refused or cannot refund it (`reason`, a short machine word such as `click_past_month` or
   * `click_refused:-5017`), so the merchant returns the money outside the provider and records
   * it with `recordRefundByHand`. The first flag's time and reason are kept (`changed: false` on
   * a repeat). Refused: `not_a_payment` (no such payment of this order), `already_refunded`.
   */
  async flagRefundByHand(
    key: PaymentKey,
    reason: string,
    at: Date = new Date(this.nowMs),
  ): Promise<{ ok: true; changed: boolean; payment: LedgerPayment } | { ok: false; reason: "not_a_payment" | "already_refunded" }> {
    const payment = await this.#payment(key);
    if (!payment) return { ok: false, reason: "not_a_payment" };
    if (payment.refundByHand) return { ok: true, changed: false, payment };
    if (payment.refunded >= payment.amount) return { ok: false, reason: "already_refunded" };
    await this.tx.run(flagRefundByHandSql, [at, reason, payment.ledgerId]);
    return { ok: true, changed: true, payment: { ...payment, refundByHand: { at, reason } } };
  }

  /**
   * The merchant refunded a flagged payment by hand: records a ledger refund (`refundOf` = the
   * payment's reference, provider = the payment's) through the same path as every refund (events,
   * status). A repeat of one `reference` is `{ok: true, recorded: false}`. Refused:
   * `not_a_payment`; `not_flagged` — the payment was not flagged "refund by hand" (its provider
   * refunds it); `exceeds_paid` — above what is left of the payment, or of the order
   * (paidAmount − refundedAmount).
   */
  async recordRefundByHand(
    input: RefundByHandInput,
  ): Promise<{ ok: true; recorded: boolean; payment: LedgerPayment } | { ok: false; reason: "not_a_payment" | "not_flagged" | "exceeds_paid" }> {
    if (input.amount <= 0n) return { ok: false, reason: "exceeds_paid" };
    const payment = await this.#payment(input.payment);
    if (!payment) return { ok: false, reason: "not_a_payment" };
    if (!payment.refundByHand) return { ok: false, reason: "not_flagged" };
    const refund = { provider: payment.provider, reference: input.reference, refundOf: payment.reference, amount: input.amount, at: input.at };
    const repeat = await this.tx.get<{ same: unknown }>(refundContextSql, [payment.provider, input.reference, payment.provider, payment.reference], { same: "number" });
    if (Number(repeat?.same ?? 0) > 0) return { ok: true, recorded: false, payment };
    if (input.amount > payment.amount - payment.refunded || input.amount > this.#paid - this.#refunded) return { ok: false, reason: "exceeds_paid" };
    const recorded = await this.#insertEntry("refund", refund, payment.reference);
    if (recorded) this.#refunded += input.amount;
    return { ok: true, recorded, payment: { ...payment, refunded: payment.refunded + (recorded ? input.amount : 0n) } };
  }

  /** "Mark fulfilled": from now on a refund needs the merchant's approval. */
  markFulfilled(at: Date = new Date(this.nowMs)): { ok: true; changed: boolean } | { ok: false; reason: "cancelled" | "not_paid" } {
    if (this.#cancelledAt) return { ok: false, reason: "cancelled" };
    if (this.#fulfilledAt) return { ok: true, changed: false };
    if (this.#paid <= 0n) return { ok: false, reason: "not_paid" };
    this.#fulfilledAt = at;
    this.#dirty = true;
    return { ok: true, changed: true };
  }

  /**
   * Cancels the order — only when nothing reserves it and nothing paid stays unrefunded
   * (DESIGN.md "Cancel"). `by`: who cancels (admin, 1c…).
   */
  cancel(by: string): { ok: true; changed: boolean } | { ok: false; reason: "reserved"; holder: Holder } | { ok: false; reason: "paid"; paidNet: bigint } {
    if (this.#cancelledAt) return { ok: true, changed: false };
    const holder = this.holder;
    if (holder) return { ok: false, reason: "reserved", holder };
    const paidNet = this.#paid - this.#refunded;
    if (paidNet > 0n) return { ok: false, reason: "paid", paidNet };
    this.#cancelledAt = new Date(this.nowMs);
    this.#cancelledBy = by;
    this.#cancelRequestedAt = null;
    this.#cancelRequestedBy = null;
    this.#dirty = true;
    return { ok: true, changed: true };
  }

  /**
   * A cancel that may have to wait (1C): cancels now when it can; while a reservation holds the
   * order it marks the order cancel requested (not payable) — cancelled when the reservation
   * ends unpaid, refused (`cancelRefusedAt`) when it ends paid.
   */
  requestCancel(by: string): { ok: true; state: "cancelled" | "requested" } | { ok: false; reason: "paid"; paidNet: bigint } {
    const now = this.cancel(by);
    if (now.ok) return { ok: true, state: "cancelled" };
    if (now.reason === "paid") return now;
    if (!this.#cancelRequestedAt) {
      this.#cancelRequestedAt = new Date(this.nowMs);
      this.#cancelRequestedBy = by;
      this.#cancelRefusedAt = null;
      this.#dirty = true;
    }
    return { ok: true, state: "requested" };
  }

  /** When set: a requested cancel was refused because the reservation ended paid. */
  get cancelRefusedAt(): Date | null {
    return this.#cancelRefusedAt;
  }

  #event(type: DomainEventType, dedupeKey: string, payload: Record<string, unknown>): void {
    this.#events.push({ type, dedupeKey, payload: json(payload) });
  }

  /** @internal Writes the order's row and its events once (called by `settle` after the callback); true when it wrote events. */
  async flush(fromExchange = false): Promise<boolean> {
    if (this.#cancelRequestedAt && !this.reservation) {
      // The reservation ended: the requested cancel completes, or is refused when money stays.
      if (this.#paid - this.#refunded > 0n) {
        this.#cancelRefusedAt = new Date(this.nowMs);
      } else {
        this.#cancelledAt = new Date(this.nowMs);
        this.#cancelledBy = this.#cancelRequestedBy;
      }
      this.#cancelRequestedAt = null;
      this.#cancelRequestedBy = null;
      this.#dirty = true;
    }
    const status = this.status;
    const changed = status !== this.#storedStatus;
    if (changed) {
      const type = statusEvents[status];
      if (type) {
        this.#event(type, `${type}:${this.number}`, {
          orderNumber: this.number,
          status,
          amount: this.amount,
          paidAmount: this.#paid,
          refundedAmount: this.#refunded,
        });
      }
    }
    // What changed, as statements in order: the reservation, the order's row, its events.
    const parts: { sql: string; params: SqlValue[] }[] = [];
    const reservation = this.#reservation;
    if (reservation !== this.#storedReservation) {
      parts.push(
        reservation
          ? {
              sql: upsertReservationSql,
              params: [this.number, reservation.provider, reservation.kind, reservation.reference, reservation.held, reservation.expiresAt, reservation.createdAt ?? new Date(this.nowMs)],
            }
          : { sql: deleteReservationSql, params: [this.number] },
      );
    }
    const writeOrder = changed || this.#dirty;
    if (writeOrder) {
      parts.push({
        sql: writeOrderSql[this.tx.kind][fromExchange ? "exchange" : "store"],
        params: [
          this.#paid,
          this.#refunded,
          status,
          this.#fulfilledAt,
          this.#cancelledAt,
          this.#cancelledBy,
          this.#cancelRequestedAt,
          this.#cancelRequestedBy,
          this.#cancelRefusedAt,
          new Date(),
          this.number,
        ],
      });
    }
    const createdAt = new Date();
    const wroteEvents = this.#events.length > 0;
    while (this.#events.length > 0) {
      const batch = this.#events.splice(0, outboxSql.length);
      parts.push({ sql: outboxSql[batch.length - 1]!, params: batch.flatMap((event) => [event.type, this.number, event.dedupeKey, event.payload, createdAt]) });
    }
    // Nothing reads these writes' outcome: they go with the COMMIT (PostgreSQL: in its round
    // trip, and as one statement, the others as data-modifying WITH parts — each writes a
    // different row; the order is locked by this transaction).
    if (this.tx.kind === "postgresql" && parts.length > 1) this.tx.defer(combinedSql(parts), parts.flatMap((part) => part.params));
    else for (const part of parts) this.tx.defer(part.sql, part.params);
    this.#storedReservation = reservation;
    if (writeOrder) {
      this.#storedStatus = status;
      this.#dirty = false;
    }
    return wroteEvents;
  }
}
