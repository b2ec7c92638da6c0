import type { SqlExecutor } from "../../../db/sql";

/** A row of "SavedCard" (see prisma/schema.prisma): never the token in clear. */
export type SavedCardRow = {
  id: string;
  deviceHash: string;
  phone: string;
  sealed: string;
  maskedNumber: string;
  pinHash: string;
  pinFailures: number;
};

const columns = `"id", "deviceHash", "phone", "sealed", "maskedNumber", "pinHash", "pinFailures"`;

function toRow(raw: SavedCardRow): SavedCardRow {
  return { ...raw, pinFailures: Number(raw.pinFailures) };
}

export async function insertSavedCard(tx: SqlExecutor, row: Omit<SavedCardRow, "pinFailures">): Promise<void> {
  const now = new Date();
  await tx.run(
    `INSERT INTO "SavedCard" ("id", "deviceHash", "phone", "sealed", "maskedNumber", "pinHash", "pinFailures", "createdAt", "lastUsedAt")
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    [row.id, row.deviceHash, row.phone, row.sealed, row.maskedNumber, row.pinHash, now, now],
  );
}

/** The cards saved on this browser for this phone, newest first. */
export async function savedCardsOf(tx: SqlExecutor, deviceHash: string, phone: string): Promise<SavedCardRow[]> {
  const rows = await tx.all<SavedCardRow>(
    `SELECT ${columns} FROM "SavedCard" WHERE "deviceHash" = ? AND "phone" = ? ORDER BY "createdAt" DESC, "id"`,
    [deviceHash, phone],
  );
  return rows.map(toRow);
}

/** One card, only if it belongs to this browser and phone. */
export async function findSavedCard(tx: SqlExecutor, id: string, deviceHash: string, phone: string): Promise<SavedCardRow | undefined> {
  const raw = await tx.get<SavedCardRow>(`SELECT ${columns} FROM "SavedCard" WHERE "id" = ? AND "deviceHash" = ? AND "phone" = ?`, [id, deviceHash, phone]);
  return raw && toRow(raw);
}

/**
 * Counts a PIN attempt *before* the PIN is checked, in one statement: parallel guesses cannot
 * get past the limit. The new count, or undefined when the limit was already reached.
 */
export async function takePinAttempt(tx: SqlExecutor, id: string, limit: number): Promise<number | undefined> {
  const row = await tx.get<{ pinFailures: number }>(
    `UPDATE "SavedCard" SET "pinFailures" = "pinFailures" + 1 WHERE "id" = ? AND "pinFailures" < ? RETURNING "pinFailures"`,
    [id, limit],
  );
  return row && Number(row.pinFailures);
}

/** The right PIN: the count starts over. */
export async function resetPinAttempts(tx: SqlExecutor, id: string): Promise<void> {
  await tx.run(`UPDATE "SavedCard" SET "pinFailures" = 0 WHERE "id" = ?`, [id]);
}

export async function markSavedCardUsed(tx: SqlExecutor, id: string): Promise<void> {
  await tx.run(`UPDATE "SavedCard" SET "lastUsedAt" = ? WHERE "id" = ?`, [new Date(), id]);
}

export async function deleteSavedCard(tx: SqlExecutor, id: string): Promise<void> {
  await tx.run(`DELETE FROM "SavedCard" WHERE "id" = ?`, [id]);
}
