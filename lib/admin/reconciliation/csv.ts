import type { ReconciliationReport } from "./types";

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = [
  "result",
  "provider",
  "reference",
  "order",
  "our_paid_tiyin",
  "our_refunded_tiyin",
  "provider_amount_tiyin",
  "provider_state",
  "provider_raw_state",
  "our_time",
  "provider_time",
];

/** The report as CSV (UTF-8 with a BOM so spreadsheet programs read Cyrillic right; amounts in tiyin). */
export function reconciliationCsv(report: ReconciliationReport): string {
  const rows = report.lines.map((line) => [
    line.kind,
    report.provider,
    line.reference,
    line.orderNumber === null ? "" : String(line.orderNumber),
    line.ours ? line.ours.paid.toString() : "",
    line.ours ? line.ours.refunded.toString() : "",
    line.theirs ? line.theirs.amount.toString() : "",
    line.theirs?.state ?? "",
    line.theirs?.rawState ?? "",
    line.ours ? line.ours.at.toISOString() : "",
    line.theirs?.at ? line.theirs.at.toISOString() : "",
  ]);
  return "\uFEFF" + [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
