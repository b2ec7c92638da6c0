-- AlterTable
-- Written as ADD COLUMN rather than the generated table rebuild, so it keeps columns that other
-- migrations add to "Order" whatever order they are applied in.
ALTER TABLE "Order" ADD COLUMN "isTest" BOOLEAN NOT NULL DEFAULT false;
