package io.pretext.storage;

import java.io.IOException;

import io.pretext.core.PretextProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Builds the one {@link ArtifactStore} of this process from {@link StorageProperties}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    ArtifactStore artifactStore(StorageProperties storage, PretextProperties pretext) throws IOException {
        ArtifactStore store = ArtifactStores.create(storage, pretext.dataDir());
        log.info("Artifact store: {}", store.describe());
        return store;
    }

    static ArtifactStore s3Store(StorageProperties.S3 s3) {
        if (!StringUtils.hasText(s3.bucket())) {
            throw new IllegalStateException("pretext.storage.type=s3 needs pretext.storage.s3.bucket (PRETEXT_STORAGE_S3_BUCKET)");
        }
        if (s3.partSizeMb() < 5) {
            throw new IllegalStateException("pretext.storage.s3.part-size-mb must be at least 5 (S3's minimum part size)");
        }
        S3Client client = s3Client(s3);
        if (s3.createBucket()) {
            createBucketIfMissing(client, s3.bucket());
        }
        return new S3ArtifactStore(client, s3.bucket(), s3.prefix(), s3.partSizeMb() * 1024 * 1024);
    }

    static S3Client s3Client(StorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // The SDK's default trailing checksums are not understood by many S3-compatible
                // servers (S3Proxy, older MinIO); we hash every object ourselves anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        if (StringUtils.hasText(s3.accessKey()) && StringUtils.hasText(s3.secretKey())) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    private static void createBucketIfMissing(S3Client client, String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) { // NoSuchBucketException, or a bare 404 from some servers
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(b -> b.bucket(bucket));
            log.info("Created S3 bucket {}", bucket);
        }
    }
}
