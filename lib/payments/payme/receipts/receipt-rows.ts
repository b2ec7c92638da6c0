import type { SqlExecutor } from "../../../db/sql";

/** A row of `PaymeReceipt` (prisma/schema.prisma). Times are ms since the epoch. No card data. */
export type ReceiptRow = {
  id: number;
  paymeId: string;
  orderNumber: number;
  amount: bigint;
  state: number;
  hold: boolean;
  createTime: number;
  payTime: number;
  cancelTime: number;
  heldAt: number | null;
  holdLapsesAt: number | null;
  payingSince: number | null;
  payerPhone: string | null;
  invoicePhone: string | null;
  lastErrorCode: number | null;
  fiscalData: string | null;
  checkedAt: number | null;
  /** ms: a conflicting hold to release (retried by the poll until Payme releases it). */
  releaseRequestedAt: number | null;
};

type RawRow = Omit<ReceiptRow, "amount" | "hold" | "createTime" | "payTime" | "cancelTime" | "heldAt" | "holdLapsesAt" | "payingSince" | "checkedAt" | "releaseRequestedAt"> & {
  amount: bigint | number | string;
  hold: boolean | number;
  createTime: bigint | number;
  payTime: bigint | number;
  cancelTime: bigint | number;
  heldAt: bigint | number | null;
  holdLapsesAt: bigint | number | null;
  payingSince: bigint | number | null;
  checkedAt: bigint | number | null;
  releaseRequestedAt: bigint | number | null;
};

const columns = `"id", "paymeId", "orderNumber", "amount", "state", "hold", "createTime", "payTime", "cancelTime", "heldAt", "holdLapsesAt",
  "payingSince", "payerPhone", "invoicePhone", "lastErrorCode", "fiscalData", "checkedAt", "releaseRequestedAt"`;

const optionalNumber = (value: bigint | number | null) => (value === null ? null : Number(value));

/** SQLite and PostgreSQL return BIGINT columns as bigint or number depending on the column list: normalize here. */
function toRow(raw: RawRow): ReceiptRow {
  return {
    ...raw,
    id: Number(raw.id),
    orderNumber: Number(raw.orderNumber),
    amount: BigInt(raw.amount),
    state: Number(raw.state),
    hold: Boolean(raw.hold),
    createTime: Number(raw.createTime),
    payTime: Number(raw.payTime),
    cancelTime: Number(raw.cancelTime),
    heldAt: optionalNumber(raw.heldAt),
    holdLapsesAt: optionalNumber(raw.holdLapsesAt),
    payingSince: optionalNumber(raw.payingSince),
    lastErrorCode: raw.lastErrorCode === null ? null : Number(raw.lastErrorCode),
    checkedAt: optionalNumber(raw.checkedAt),
    releaseRequestedAt: optionalNumber(raw.releaseRequestedAt),
  };
}

export async function findReceiptRow(tx: SqlExecutor, paymeId: string): Promise<ReceiptRow | undefined> {
  const raw = await tx.get<RawRow>(`SELECT ${columns} FROM "PaymeReceipt" WHERE "paymeId" = ?`, [paymeId]);
  return raw && toRow(raw);
}

export async function receiptRowsOfOrder(tx: SqlExecutor, orderNumber: number): Promise<ReceiptRow[]> {
  const rows = await tx.all<RawRow>(`SELECT ${columns} FROM "PaymeReceipt" WHERE "orderNumber" = ? ORDER BY "id" DESC`, [orderNumber]);
  return rows.map(toRow);
}

export async function selectReceiptRows(tx: SqlExecutor, where: string, params: (string | number | bigint | null)[], limit: number): Promise<ReceiptRow[]> {
  const rows = await tx.all<RawRow>(`SELECT ${columns} FROM "PaymeReceipt" WHERE ${where} ORDER BY "id" LIMIT ${Math.max(1, Math.floor(limit))}`, params);
  return rows.map(toRow);
}

export async function insertReceiptRow(
  tx: SqlExecutor,
  row: { paymeId: string; orderNumber: number; amount: bigint; state: number; hold: boolean; createTime: number },
): Promise<ReceiptRow> {
  const now = new Date();
  await tx.run(
    `INSERT INTO "PaymeReceipt" ("paymeId", "orderNumber", "amount", "state", "hold", "createTime", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.paymeId, row.orderNumber, row.amount, row.state, row.hold, BigInt(row.createTime), now, now],
  );
  return (await findReceiptRow(tx, row.paymeId))!;
}

type Patch = Partial<
  Pick<
    ReceiptRow,
    "state" | "payTime" | "cancelTime" | "heldAt" | "holdLapsesAt" | "payingSince" | "payerPhone" | "invoicePhone" | "lastErrorCode" | "fiscalData" | "checkedAt" | "releaseRequestedAt"
  >
>;
const bigintFields = new Set(["payTime", "cancelTime", "heldAt", "holdLapsesAt", "payingSince", "checkedAt", "releaseRequestedAt"]);

export async function updateReceiptRow(tx: SqlExecutor, paymeId: string, patch: Patch): Promise<void> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  const assignments = entries.map(([key]) => `"${key}" = ?`);
  const values = entries.map(([key, value]) => (bigintFields.has(key) && typeof value === "number" ? BigInt(value) : (value as string | number | null)));
  await tx.run(`UPDATE "PaymeReceipt" SET ${[...assignments, `"updatedAt" = ?`].join(", ")} WHERE "paymeId" = ?`, [...values, new Date(), paymeId]);
}

/** The order behind an opaque order id (the id in our URLs). */
export type OrderRef = { number: number; id: string; lang: string };

export async function findOrderById(tx: SqlExecutor, orderId: string): Promise<OrderRef | undefined> {
  const row = await tx.get<{ number: number | bigint; id: string; lang: string }>(`SELECT "number", "id", "lang" FROM "Order" WHERE "id" = ?`, [orderId]);
  return row && { number: Number(row.number), id: row.id, lang: row.lang };
}

/**
 * Keeps fiscal data Payme sent for one of our receipts (the Merchant API's SetFiscalData names a
 * receipt id without a transaction on a cashbox without billing). True if the receipt is ours.
 */
export async function recordReceiptFiscalData(
  sql: SqlExecutor,
  paymeId: string,
  type: "PERFORM" | "CANCEL",
  fiscalData: unknown,
): Promise<boolean> {
  const row = await sql.get<{ fiscalData: string | null }>(`SELECT "fiscalData" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [paymeId]);
  if (!row) return false;
  const stored = row.fiscalData ? (JSON.parse(row.fiscalData) as Record<string, unknown>) : {};
  await updateReceiptRow(sql, paymeId, { fiscalData: JSON.stringify({ ...stored, [type]: fiscalData }) });
  return true;
}
