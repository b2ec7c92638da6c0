import type { EmulatorTransaction } from "./records";

/*
 * The cabinet's statement of Merchant API transactions, as Payme's merchant cabinet exports it
 * (the format is described in lib/payments/payme/admin/STATEMENT.md): `;`-separated UTF-8 with a
 * BOM, Russian headers, amounts in so'm with a decimal comma, Tashkent times without a zone.
 */

const TASHKENT_OFFSET_MS = 5 * 3_600_000;

export const STATEMENT_HEADER = ["ID транзакции", "Время создания", "Время проведения", "Время отмены", "Заказ", "Сумма", "Состояние", "Причина"];

/** ms since the epoch → "2026-11-10 15:04:05" in Tashkent; "" for 0 (unset). */
function tashkentTime(ms: number): string {
  return ms > 0 ? new Date(ms + TASHKENT_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ") : "";
}

/** Tiyin → "1 250 000,00". */
function sums(tiyin: bigint): string {
  const whole = (tiyin / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${whole},${(tiyin % 100n).toString().padStart(2, "0")}`;
}

function cell(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The statement of the transactions the store answered (created ones: a state), as the file's text. */
export function statementCsv(transactions: EmulatorTransaction[]): string {
  const rows = transactions
    .filter((tx) => tx.state !== null)
    .map((tx) => [
      tx.id,
      tashkentTime(tx.createTime || tx.time),
      tashkentTime(tx.performTime),
      tashkentTime(tx.cancelTime),
      Object.entries(tx.account)
        .map(([field, value]) => `${field}: ${value}`)
        .join(", "),
      sums(tx.amount),
      String(tx.state),
      tx.reason === null ? "" : String(tx.reason),
    ]);
  return "\uFEFF" + [STATEMENT_HEADER, ...rows].map((row) => row.map(cell).join(";")).join("\r\n") + "\r\n";
}

/** A day "2026-11-10" (Tashkent) → its first millisecond; null when not such a day. */
export function tashkentDayStart(day: string | null): number | null {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms - TASHKENT_OFFSET_MS;
}
