package io.pretext.storage;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where artifacts go ({@code pretext.storage.*}). Immutable.
 *
 * @param type {@code filesystem} (default: {@code ${pretext.data-dir}/artifacts}) or {@code s3}
 * @param s3 S3 settings, used when {@code type=s3}
 */
@ConfigurationProperties("pretext.storage")
public record StorageProperties(@DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    /** The kinds of artifact store. */
    public enum Type { FILESYSTEM, S3 }

    /**
     * @param endpoint S3 API endpoint; null for AWS's default endpoint of the region
     * @param region signing region, default {@code us-east-1}
     * @param bucket bucket name; required for S3
     * @param prefix key prefix inside the bucket, may be empty
     * @param accessKey access key id; null to use the AWS default credentials chain
     * @param secretKey secret key; null to use the AWS default credentials chain
     * @param pathStyle path-style addressing (MinIO, S3Proxy), default false
     * @param createBucket create the bucket at start when missing, default false
     * @param partSizeMb multipart part size in MiB, at least 5, default 16
     */
    public record S3(URI endpoint, @DefaultValue("us-east-1") String region, String bucket,
            @DefaultValue("") String prefix, String accessKey, String secretKey,
            @DefaultValue("false") boolean pathStyle, @DefaultValue("false") boolean createBucket,
            @DefaultValue("16") int partSizeMb) {
    }
}
