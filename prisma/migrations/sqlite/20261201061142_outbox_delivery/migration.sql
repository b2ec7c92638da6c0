-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "endpointId" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" BIGINT NOT NULL,
    "giveUpAt" BIGINT NOT NULL,
    "leaseUntil" BIGINT,
    "leaseToken" TEXT,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deliveryId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "OutboxAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "OutboxDelivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "secretTail" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "OutboxDelivery_state_nextAttemptAt_idx" ON "OutboxDelivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxDelivery_endpointId_idx" ON "OutboxDelivery"("endpointId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxDelivery_eventId_target_key" ON "OutboxDelivery"("eventId", "target");

-- CreateIndex
CREATE INDEX "OutboxAttempt_deliveryId_idx" ON "OutboxAttempt"("deliveryId");

-- CreateIndex
CREATE INDEX "OutboxAttempt_at_idx" ON "OutboxAttempt"("at");
