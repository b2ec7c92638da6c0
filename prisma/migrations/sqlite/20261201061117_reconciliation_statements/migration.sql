-- CreateTable
CREATE TABLE "ReconciliationStatement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "records" TEXT NOT NULL,
    "recordCount" INTEGER NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
