-- The order change sequence is the writing transaction's id (lib/orders/change-sequence.ts), and
-- the export mark now means "every change below it was sent" (it meant "up to it"). Orders sent
-- already go below the new mark (0 < 1), the others take this migration's transaction id (at or
-- above 1, below every later transaction's): nothing sent twice, nothing missed.
UPDATE "Order" SET "exportSeq" = CASE
  WHEN "exportSeq" <= COALESCE((SELECT "seq" FROM "Exchange1cMark" WHERE "name" = 'orders'), -1) THEN 0
  ELSE pg_current_xact_id()::text::bigint
END;
UPDATE "Exchange1cMark" SET "seq" = 1 WHERE "name" = 'orders';
-- A query answered under the old meaning is not committed: 1C gets those orders again.
UPDATE "Exchange1cSession" SET "queriedSeq" = NULL;

-- DropTable
DROP TABLE "ChangeSequence";

-- DropIndex
DROP INDEX "Reservation_expiresAt_idx";
