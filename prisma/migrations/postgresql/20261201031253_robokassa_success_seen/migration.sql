-- AlterTable
ALTER TABLE "RobokassaAttempt" ADD COLUMN     "successSeenAt" TIMESTAMP(3);
