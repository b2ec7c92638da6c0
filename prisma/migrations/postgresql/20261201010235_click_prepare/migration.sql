-- CreateTable
CREATE TABLE "ClickPrepare" (
    "id" SERIAL NOT NULL,
    "clickTransId" TEXT NOT NULL,
    "clickPaydocId" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "windowEndsAt" BIGINT NOT NULL,
    "completeError" INTEGER,
    "endReason" TEXT,
    "preparedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ClickPrepare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClickPrepare_clickTransId_key" ON "ClickPrepare"("clickTransId");

-- CreateIndex
CREATE INDEX "ClickPrepare_orderNumber_idx" ON "ClickPrepare"("orderNumber");

-- CreateIndex
CREATE INDEX "ClickPrepare_preparedAt_idx" ON "ClickPrepare"("preparedAt");
