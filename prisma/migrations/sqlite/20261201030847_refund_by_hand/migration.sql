-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "refundByHandAt" DATETIME;
ALTER TABLE "LedgerEntry" ADD COLUMN "refundByHandReason" TEXT;
