-- CreateTable
CREATE TABLE "ReconciliationStatement" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "records" TEXT NOT NULL,
    "recordCount" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationStatement_pkey" PRIMARY KEY ("id")
);
