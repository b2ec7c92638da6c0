-- CreateTable
CREATE TABLE "ClickPrepare" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clickTransId" TEXT NOT NULL,
    "clickPaydocId" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "windowEndsAt" BIGINT NOT NULL,
    "completeError" INTEGER,
    "endReason" TEXT,
    "preparedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "ClickPrepare_clickTransId_key" ON "ClickPrepare"("clickTransId");

-- CreateIndex
CREATE INDEX "ClickPrepare_orderNumber_idx" ON "ClickPrepare"("orderNumber");

-- CreateIndex
CREATE INDEX "ClickPrepare_preparedAt_idx" ON "ClickPrepare"("preparedAt");
