package io.pretext.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * An {@link ArtifactStore} in an S3 bucket (AWS, MinIO, anything speaking the S3 API). Small
 * objects are one PutObject; larger ones a multipart upload that either completes or is aborted,
 * so a reader never sees a partial object. Thread-safe (the {@link S3Client} is).
 */
final class S3ArtifactStore implements ArtifactStore {

    /** S3's minimum part size (except the last part). */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final int partSize;

    /**
     * @param keyPrefix prepended to every key ({@code ""} or ending in {@code /})
     * @param partSize bytes buffered per part, at least {@link #MIN_PART_SIZE}
     */
    S3ArtifactStore(S3Client s3, String bucket, String keyPrefix, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.endsWith("/")
                ? (keyPrefix == null ? "" : keyPrefix) : keyPrefix + "/";
        this.partSize = partSize;
    }

    @Override
    public StoredArtifact put(String key, InputStream content) throws IOException {
        String objectKey = objectKey(key);
        MessageDigest digest = Sha256.newDigest();
        byte[] first = content.readNBytes(partSize);
        digest.update(first);
        try {
            if (first.length < partSize) {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(objectKey).build(),
                        RequestBody.fromBytes(first));
                return new StoredArtifact(key, first.length, Sha256.hex(digest));
            }
            long size = multipartUpload(objectKey, first, content, digest);
            return new StoredArtifact(key, size, Sha256.hex(digest));
        } catch (SdkException e) {
            throw failure("put of " + objectKey, e);
        }
    }

    private long multipartUpload(String objectKey, byte[] first, InputStream content, MessageDigest digest)
            throws IOException {
        String uploadId = s3.createMultipartUpload(
                CreateMultipartUploadRequest.builder().bucket(bucket).key(objectKey).build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(objectKey)
                        .uploadId(uploadId).partNumber(number).contentLength((long) part.length).build(),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += part.length;
                part = content.readNBytes(partSize);
                digest.update(part);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            return size;
        } catch (IOException | RuntimeException e) {
            abortQuietly(objectKey, uploadId, e);
            throw e;
        }
    }

    private void abortQuietly(String objectKey, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(objectKey)
                    .uploadId(uploadId).build());
        } catch (SdkException abortFailure) {
            // The put already failed; the original error is the one to report. S3 lifecycle rules
            // clean up uploads that could not be aborted.
            cause.addSuppressed(abortFailure);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(objectKey(key)).build());
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFoundException(key);
        } catch (SdkException e) {
            throw failure("get of " + key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(objectKey(key)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("head of " + key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw failure("delete of " + key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String validPrefix = ArtifactKeys.requireValidPrefix(prefix);
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(keyPrefix + validPrefix).build()).contents()) {
                keys.add(object.key().substring(keyPrefix.length()));
            }
            keys.sort(null);
            return keys;
        } catch (SdkException e) {
            throw failure("list of " + validPrefix, e);
        } catch (UncheckedIOException e) {
            throw new IOException("S3 list of " + validPrefix + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkAvailable() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw failure("bucket check of " + bucket, e);
        }
    }

    /**
     * The exception for a failed call: {@link StorageUnavailableException} when the store could not be
     * reached or said it is unavailable (client-side failures, 5xx, throttling), which a retry may cure.
     */
    static IOException failure(String what, SdkException e) {
        String message = "S3 " + what + " failed: " + e.getMessage();
        boolean transientFailure = e instanceof SdkClientException
                || e instanceof AwsServiceException service && (service.statusCode() >= 500 || service.isThrottlingException());
        return transientFailure ? new StorageUnavailableException(message, e) : new IOException(message, e);
    }

    @Override
    public String describe() {
        return "s3:" + bucket + (keyPrefix.isEmpty() ? "" : "/" + keyPrefix);
    }

    private String objectKey(String key) {
        return keyPrefix + ArtifactKeys.requireValidKey(key);
    }
}
