-- CreateTable
CREATE TABLE "SavedCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceHash" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "maskedNumber" TEXT NOT NULL,
    "pinHash" TEXT NOT NULL,
    "pinFailures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SavedCard_deviceHash_phone_idx" ON "SavedCard"("deviceHash", "phone");
