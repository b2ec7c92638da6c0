-- The export mark now means every change below it was sent (it meant up to it): the order
-- change sequence goes on from the largest value (lib/orders/change-sequence.ts).
UPDATE "Exchange1cMark" SET "seq" = "seq" + 1 WHERE "name" = 'orders';
-- A query answered under the old meaning is not committed: 1C gets those orders again.
UPDATE "Exchange1cSession" SET "queriedSeq" = NULL;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "ChangeSequence";
PRAGMA foreign_keys=on;

-- DropIndex
DROP INDEX "Reservation_expiresAt_idx";
