-- The proof API and the relayer read a stored tree in substring() slices. Compressed, every slice
-- decompresses the value from its start (a 1M-leaf tree: minutes). Stored out of line and
-- uncompressed, a slice reads only its own TOAST chunks. Node hashes do not compress anyway.
ALTER TABLE "campaign_trees" ALTER COLUMN "layers" SET STORAGE EXTERNAL;
