-- CreateTable
CREATE TABLE "SavedCard" (
    "id" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "maskedNumber" TEXT NOT NULL,
    "pinHash" TEXT NOT NULL,
    "pinFailures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "SavedCard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SavedCard_deviceHash_phone_idx" ON "SavedCard"("deviceHash", "phone");
