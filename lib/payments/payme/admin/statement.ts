import { CsvError, parse } from "csv-parse/sync";
import type { ProviderRecord, StatementError, StatementFormat } from "../../../admin/reconciliation/types";

/*
 * Payme's statement of Merchant API transactions, as the merchant exports it from the cabinet
 * (protocol notes: STATEMENT.md beside this file). Payme's API lists Subscribe receipts only
 * (receipts.get_all); payments made on its hosted page are in this file alone.
 */

/** Tashkent is UTC+5 all year; the cabinet writes its local time without a zone. */
const TASHKENT_OFFSET_MS = 5 * 3_600_000;
/** A statement of more rows is refused (the upload limit keeps it far below anyway). */
export const STATEMENT_MAX_ROWS = 50_000;

type Column = "id" | "account" | "amount" | "state" | "createTime" | "performTime" | "cancelTime" | "reason";

/** Header names → columns: the cabinet's Russian headers, and the Merchant API's field names. */
const HEADERS: Record<string, Column> = {
  "id транзакции": "id",
  транзакция: "id",
  id: "id",
  заказ: "account",
  счет: "account",
  account: "account",
  сумма: "amount",
  "сумма, сум": "amount",
  amount: "amount",
  состояние: "state",
  state: "state",
  создана: "createTime",
  "время создания": "createTime",
  create_time: "createTime",
  проведена: "performTime",
  "время проведения": "performTime",
  perform_time: "performTime",
  отменена: "cancelTime",
  "время отмены": "cancelTime",
  cancel_time: "cancelTime",
  причина: "reason",
  "причина отмены": "reason",
  reason: "reason",
};
/** Columns a statement must have, named as the cabinet writes them (for the error message). */
const REQUIRED: Record<"id" | "amount" | "state", string> = { id: "ID транзакции", amount: "Сумма", state: "Состояние" };

const normalizeHeader = (value: string) => value.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");

/** "125 000,00", "125000.5", "1 250 000" so'm → tiyin; null when it is not such an amount. */
export function statementAmount(value: string): bigint | null {
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(value.replace(/[\s\u00a0\u202f']/g, ""));
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** "2026-11-10 15:04:05" or "10.11.2026 15:04:05" (Tashkent) → the instant; "" or "0" → undefined (unset); null when unreadable. */
export function statementTime(value: string): Date | undefined | null {
  const text = value.trim();
  if (text === "" || text === "0") return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : dotted ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]] : null;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return new Date(local - TASHKENT_OFFSET_MS);
}

/** Merchant API transaction states (protocol file) → our terms: only a performed one took money. */
const STATES: Record<string, ProviderRecord["state"]> = { "1": "unpaid", "2": "paid", "-1": "unpaid", "-2": "refunded" };

type Fail = { ok: false } & StatementError;

/** Reads a statement file (UTF-8, with or without a BOM; `;` between cells, or `,` when the header has no `;`). */
export function parsePaymeStatement(bytes: Uint8Array): { ok: true; records: ProviderRecord[] } | Fail {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.replace(/^\uFEFF/, "").trim() === "") return { ok: false, error: "empty" };
  // The cabinet writes `;` (what spreadsheets in ru/uz locales expect); a file re-saved elsewhere may use `,`.
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.includes(";") ? ";" : ",";
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, error: "row", line: Number((error as CsvError & { lines?: number }).lines ?? 1), column: "" };
    throw error;
  }
  const [header, ...data] = rows;
  if (!header) return { ok: false, error: "empty" };
  const index = new Map<Column, number>();
  header.record.forEach((name, position) => {
    const column = HEADERS[normalizeHeader(name)];
    if (column && !index.has(column)) index.set(column, position);
  });
  const missing = (Object.keys(REQUIRED) as (keyof typeof REQUIRED)[]).filter((column) => !index.has(column)).map((column) => REQUIRED[column]);
  if (missing.length > 0) return { ok: false, error: "columns", columns: missing };
  if (data.length > STATEMENT_MAX_ROWS) return { ok: false, error: "too_many_rows", limit: STATEMENT_MAX_ROWS };

  const records = new Map<string, ProviderRecord>();
  for (const { record: cells, info } of data) {
    const cell = (column: Column) => {
      const position = index.get(column);
      return position === undefined ? "" : (cells[position] ?? "").trim();
    };
    const fail = (column: Column): Fail => ({ ok: false, error: "row", line: info.lines, column: header.record[index.get(column)!]!.replace(/^\uFEFF/, "").trim() });
    const id = cell("id");
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(id)) return fail("id");
    const amount = statementAmount(cell("amount"));
    if (amount === null || amount <= 0n) return fail("amount");
    const state = STATES[cell("state")];
    if (!state) return fail("state");
    const times = {} as Record<"createTime" | "performTime" | "cancelTime", Date | undefined>;
    for (const column of ["createTime", "performTime", "cancelTime"] as const) {
      const time = statementTime(cell(column));
      if (time === null) return fail(column);
      times[column] = time;
    }
    const orderNumber = /(\d+)\s*$/.exec(cell("account"))?.[1];
    records.set(id, {
      reference: id,
      orderNumber: orderNumber && orderNumber.length <= 9 ? Number(orderNumber) : null,
      amount,
      state,
      rawState: cell("state"),
      at: times.performTime ?? times.createTime ?? null,
    });
  }
  return { ok: true, records: [...records.values()] };
}

/** The statement of Payme's cabinet, for the reconciliation page's upload. */
export const paymeStatementFormat: StatementFormat = { accept: ".csv,text/csv", parse: parsePaymeStatement };
