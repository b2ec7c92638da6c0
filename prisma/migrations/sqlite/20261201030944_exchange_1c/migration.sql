-- CreateTable
CREATE TABLE "ChangeSequence" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "Exchange1cSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "login" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL,
    "version" TEXT,
    "queriedSeq" BIGINT,
    "queriedAt" DATETIME,
    "queriedCount" INTEGER,
    "committedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Exchange1cMark" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "seq" BIGINT NOT NULL,
    "committedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Exchange1cImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Exchange1cRefund" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "orderNumber" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "ledgerId" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "number" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'UZS',
    "exchangeRates" TEXT,
    "paidAmount" BIGINT NOT NULL DEFAULT 0,
    "refundedAmount" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "customerPhone" TEXT,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "lang" TEXT NOT NULL DEFAULT 'ru',
    "fulfilledAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "cancelRequestedAt" DATETIME,
    "cancelRequestedBy" TEXT,
    "cancelRefusedAt" DATETIME,
    "exportSeq" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Order" ("amount", "cancelRefusedAt", "cancelRequestedAt", "cancelRequestedBy", "cancelledAt", "cancelledBy", "createdAt", "currency", "customerEmail", "customerName", "customerPhone", "exchangeRates", "fulfilledAt", "id", "lang", "number", "paidAmount", "refundedAmount", "status", "updatedAt") SELECT "amount", "cancelRefusedAt", "cancelRequestedAt", "cancelRequestedBy", "cancelledAt", "cancelledBy", "createdAt", "currency", "customerEmail", "customerName", "customerPhone", "exchangeRates", "fulfilledAt", "id", "lang", "number", "paidAmount", "refundedAmount", "status", "updatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_id_key" ON "Order"("id");
CREATE INDEX "Order_status_idx" ON "Order"("status");
CREATE INDEX "Order_createdAt_idx" ON "Order"("createdAt");
CREATE INDEX "Order_exportSeq_idx" ON "Order"("exportSeq");
CREATE INDEX "Order_customerPhone_idx" ON "Order"("customerPhone");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Exchange1cSession_lastSeenAt_idx" ON "Exchange1cSession"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Exchange1cImport_sessionId_fileName_idx" ON "Exchange1cImport"("sessionId", "fileName");

-- CreateIndex
CREATE INDEX "Exchange1cImport_startedAt_idx" ON "Exchange1cImport"("startedAt");

-- CreateIndex
CREATE INDEX "Exchange1cRefund_orderNumber_idx" ON "Exchange1cRefund"("orderNumber");

-- Orders placed before the change sequence each get a value of their own (their number), and the
-- sequence starts past them: 1C's first exchange sends them in batches, none skipped.
UPDATE "Order" SET "exportSeq" = "number";
INSERT INTO "ChangeSequence" ("name", "value") SELECT 'order', COALESCE(MAX("number"), 0) FROM "Order";
