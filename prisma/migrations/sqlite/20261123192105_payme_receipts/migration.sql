-- CreateTable
CREATE TABLE "PaymeReceipt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "paymeId" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "state" INTEGER NOT NULL DEFAULT 0,
    "hold" BOOLEAN NOT NULL DEFAULT false,
    "createTime" BIGINT NOT NULL,
    "payTime" BIGINT NOT NULL DEFAULT 0,
    "cancelTime" BIGINT NOT NULL DEFAULT 0,
    "heldAt" BIGINT,
    "holdLapsesAt" BIGINT,
    "payingSince" BIGINT,
    "payerPhone" TEXT,
    "invoicePhone" TEXT,
    "lastErrorCode" INTEGER,
    "fiscalData" TEXT,
    "checkedAt" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaymeReceipt_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PaymeReceipt_paymeId_key" ON "PaymeReceipt"("paymeId");

-- CreateIndex
CREATE INDEX "PaymeReceipt_orderNumber_idx" ON "PaymeReceipt"("orderNumber");

-- CreateIndex
CREATE INDEX "PaymeReceipt_state_checkedAt_idx" ON "PaymeReceipt"("state", "checkedAt");
