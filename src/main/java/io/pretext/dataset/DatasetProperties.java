package io.pretext.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.pretext.dataset.ingest.IngestLimits;

/**
 * {@code pretext.datasets.*}: limits on what an upload may expand to. Immutable.
 *
 * @param maxUncompressedSize total size an archive may expand to, default 8GB
 * @param maxCompressionRatio largest expansion ratio of one archive entry, default 200
 * @param maxEntries most archive entries or samples, default 2,000,000
 * @param maxImageSide largest image width or height in pixels, default 4096
 * @param shardSize target size of one canonical shard, default 64MB
 */
@ConfigurationProperties("pretext.datasets")
public record DatasetProperties(@DefaultValue("8GB") DataSize maxUncompressedSize,
        @DefaultValue("200") int maxCompressionRatio, @DefaultValue("2000000") int maxEntries,
        @DefaultValue("4096") int maxImageSide, @DefaultValue("64MB") DataSize shardSize) {

    IngestLimits limits() {
        return new IngestLimits(maxUncompressedSize.toBytes(), maxCompressionRatio, maxEntries, maxImageSide, 1 << 20);
    }
}
