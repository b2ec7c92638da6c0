-- CreateTable
CREATE TABLE "RateLimitSlot" (
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "expiresAt" BIGINT NOT NULL,

    PRIMARY KEY ("key", "slot")
);

-- CreateIndex
CREATE INDEX "RateLimitSlot_expiresAt_idx" ON "RateLimitSlot"("expiresAt");
