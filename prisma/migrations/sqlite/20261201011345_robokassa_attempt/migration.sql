-- CreateTable
CREATE TABLE "RobokassaAttempt" (
    "invId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "rate" TEXT NOT NULL,
    "rateDate" TEXT NOT NULL,
    "rateSource" TEXT NOT NULL,
    "outSum" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RobokassaRefund" (
    "requestId" TEXT NOT NULL PRIMARY KEY,
    "invId" INTEGER NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "refundSum" BIGINT,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RobokassaAttempt_orderNumber_idx" ON "RobokassaAttempt"("orderNumber");

-- CreateIndex
CREATE INDEX "RobokassaRefund_orderNumber_idx" ON "RobokassaRefund"("orderNumber");

-- CreateIndex
CREATE INDEX "RobokassaRefund_state_idx" ON "RobokassaRefund"("state");
