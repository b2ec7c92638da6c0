-- CreateTable
CREATE TABLE "Product" (
    "sku" TEXT NOT NULL PRIMARY KEY,
    "titleRu" TEXT NOT NULL,
    "titleUz" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "descriptionRu" TEXT NOT NULL DEFAULT '',
    "descriptionUz" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "price" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'UZS',
    "code" TEXT NOT NULL,
    "packageCode" TEXT NOT NULL,
    "vatPercent" INTEGER NOT NULL DEFAULT 12,
    "units" INTEGER,
    "image" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Order" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrderItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderNumber" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPrice" BIGINT NOT NULL,
    "originalPrice" BIGINT NOT NULL,
    "originalCurrency" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "packageCode" TEXT NOT NULL,
    "vatPercent" INTEGER NOT NULL,
    "units" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OrderItem_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderItem_sku_fkey" FOREIGN KEY ("sku") REFERENCES "Product" ("sku") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderNumber" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refundApprovedAt" DATETIME,
    CONSTRAINT "LedgerEntry_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reservation" (
    "orderNumber" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "held" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Reservation_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymeTransaction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "paymeId" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "account" TEXT NOT NULL,
    "paymeTime" BIGINT NOT NULL,
    "createTime" BIGINT NOT NULL,
    "performTime" BIGINT NOT NULL DEFAULT 0,
    "cancelTime" BIGINT NOT NULL DEFAULT 0,
    "state" INTEGER NOT NULL,
    "reason" INTEGER,
    "receivers" TEXT,
    "fiscalPerform" TEXT,
    "fiscalCancel" TEXT,
    CONSTRAINT "PaymeTransaction_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "encrypted" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    CONSTRAINT "OutboxEvent_orderNumber_fkey" FOREIGN KEY ("orderNumber") REFERENCES "Order" ("number") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_id_key" ON "Order"("id");

-- CreateIndex
CREATE INDEX "Order_status_idx" ON "Order"("status");

-- CreateIndex
CREATE INDEX "Order_createdAt_idx" ON "Order"("createdAt");

-- CreateIndex
CREATE INDEX "Order_customerPhone_idx" ON "Order"("customerPhone");

-- CreateIndex
CREATE INDEX "OrderItem_orderNumber_idx" ON "OrderItem"("orderNumber");

-- CreateIndex
CREATE INDEX "LedgerEntry_orderNumber_idx" ON "LedgerEntry"("orderNumber");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_kind_provider_reference_key" ON "LedgerEntry"("kind", "provider", "reference");

-- CreateIndex
CREATE INDEX "Reservation_expiresAt_idx" ON "Reservation"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymeTransaction_paymeId_key" ON "PaymeTransaction"("paymeId");

-- CreateIndex
CREATE INDEX "PaymeTransaction_paymeTime_idx" ON "PaymeTransaction"("paymeTime");

-- CreateIndex
CREATE INDEX "PaymeTransaction_orderNumber_idx" ON "PaymeTransaction"("orderNumber");

-- CreateIndex
CREATE INDEX "PaymeTransaction_state_paymeTime_idx" ON "PaymeTransaction"("state", "paymeTime");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_dedupeKey_key" ON "OutboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_deliveredAt_idx" ON "OutboxEvent"("deliveredAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_orderNumber_idx" ON "OutboxEvent"("orderNumber");
