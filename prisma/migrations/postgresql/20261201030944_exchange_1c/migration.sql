-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "exportSeq" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ChangeSequence" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "ChangeSequence_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Exchange1cSession" (
    "id" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "version" TEXT,
    "queriedSeq" BIGINT,
    "queriedAt" TIMESTAMP(3),
    "queriedCount" INTEGER,
    "committedAt" TIMESTAMP(3),

    CONSTRAINT "Exchange1cSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exchange1cMark" (
    "name" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "committedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Exchange1cMark_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Exchange1cImport" (
    "id" SERIAL NOT NULL,
    "sessionId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "report" TEXT NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Exchange1cImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exchange1cRefund" (
    "key" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "ledgerId" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Exchange1cRefund_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Exchange1cSession_lastSeenAt_idx" ON "Exchange1cSession"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Exchange1cImport_sessionId_fileName_idx" ON "Exchange1cImport"("sessionId", "fileName");

-- CreateIndex
CREATE INDEX "Exchange1cImport_startedAt_idx" ON "Exchange1cImport"("startedAt");

-- CreateIndex
CREATE INDEX "Exchange1cRefund_orderNumber_idx" ON "Exchange1cRefund"("orderNumber");

-- CreateIndex
CREATE INDEX "Order_exportSeq_idx" ON "Order"("exportSeq");

-- Orders placed before the change sequence each get a value of their own (their number), and the
-- sequence starts past them: 1C's first exchange sends them in batches, none skipped.
UPDATE "Order" SET "exportSeq" = "number";
INSERT INTO "ChangeSequence" ("name", "value") SELECT 'order', COALESCE(MAX("number"), 0) FROM "Order";
