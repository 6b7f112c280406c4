-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "alternatives" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[];
