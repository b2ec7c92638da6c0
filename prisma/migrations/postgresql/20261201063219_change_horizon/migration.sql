-- The order change sequence is a sequence taken under a shared advisory lock in the write
-- of the order row (lib/orders/change-sequence.ts), no longer a counter row locked until commit: it goes on
-- from the counter value. The export mark now means every change below it was sent (it
-- meant up to it).
CREATE SEQUENCE "Order_exportSeq_seq" MINVALUE 1;
SELECT setval('"Order_exportSeq_seq"', GREATEST(
  COALESCE((SELECT MAX("exportSeq") FROM "Order"), 0),
  COALESCE((SELECT "value" FROM "ChangeSequence" WHERE "name" = 'order'), 0),
  1
));
UPDATE "Exchange1cMark" SET "seq" = "seq" + 1 WHERE "name" = 'orders';
-- A query answered under the old meaning is not committed: 1C gets those orders again.
UPDATE "Exchange1cSession" SET "queriedSeq" = NULL;

-- DropTable
DROP TABLE "ChangeSequence";

-- DropIndex
DROP INDEX "Reservation_expiresAt_idx";
