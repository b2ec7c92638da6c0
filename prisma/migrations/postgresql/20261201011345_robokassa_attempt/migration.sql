-- CreateTable
CREATE TABLE "RobokassaAttempt" (
    "invId" SERIAL NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "rate" TEXT NOT NULL,
    "rateDate" TEXT NOT NULL,
    "rateSource" TEXT NOT NULL,
    "outSum" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RobokassaAttempt_pkey" PRIMARY KEY ("invId")
);

-- CreateTable
CREATE TABLE "RobokassaRefund" (
    "requestId" TEXT NOT NULL,
    "invId" INTEGER NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "refundSum" BIGINT,
    "state" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RobokassaRefund_pkey" PRIMARY KEY ("requestId")
);

-- CreateIndex
CREATE INDEX "RobokassaAttempt_orderNumber_idx" ON "RobokassaAttempt"("orderNumber");

-- CreateIndex
CREATE INDEX "RobokassaRefund_orderNumber_idx" ON "RobokassaRefund"("orderNumber");

-- CreateIndex
CREATE INDEX "RobokassaRefund_state_idx" ON "RobokassaRefund"("state");
