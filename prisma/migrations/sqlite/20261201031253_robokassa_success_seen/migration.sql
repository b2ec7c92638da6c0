-- AlterTable
ALTER TABLE "RobokassaAttempt" ADD COLUMN "successSeenAt" DATETIME;
