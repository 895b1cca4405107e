package dev.castellan.authority.crl;

/**
 * Where published objects are mirrored: a "bucket" (AWS {@code S3BucketName}) is a folder of the data directory.
 * The store holds the newest CRL of every scope and is what the HTTP distribution point serves; the bucket copy is
 * for operators who sync a bucket elsewhere (a CDN, an S3 bucket) or read it from disk.
 */
@FunctionalInterface
public interface BucketWriter {
    /** Writes the object atomically: a reader sees the old content or the new, never a part of either. */
    void put(String bucket, String key, byte[] content);
}
