-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "refundByHandAt" TIMESTAMP(3),
ADD COLUMN     "refundByHandReason" TEXT;
