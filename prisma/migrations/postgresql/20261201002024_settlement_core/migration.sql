-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "cancelRefusedAt" TIMESTAMP(3),
ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "cancelRequestedBy" TEXT;

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "refundOf" TEXT;

-- AlterTable
ALTER TABLE "PaymeReceipt" ADD COLUMN     "releaseRequestedAt" BIGINT;

-- Existing refunds (Payme refunds whole payments under the payment's id) name their payment.
UPDATE "LedgerEntry" SET "refundOf" = "reference" WHERE "kind" = 'refund' AND "refundOf" IS NULL;
