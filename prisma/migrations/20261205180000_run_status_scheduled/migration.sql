-- A delayed run (runAt / delayMs) is `scheduled` until a worker starts it. Alone in its migration: a new
-- enum value cannot be used in the transaction that adds it.
-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'scheduled';
