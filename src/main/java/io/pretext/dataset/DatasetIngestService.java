package io.pretext.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.core.PretextProperties;
import io.pretext.dataset.ingest.AudioClips;
import io.pretext.dataset.ingest.AudioFolderZipParser;
import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.dataset.ingest.CanonicalDatasetWriter;
import io.pretext.dataset.ingest.CifarBinaryParser;
import io.pretext.dataset.ingest.DatasetParser;
import io.pretext.dataset.ingest.IdxParser;
import io.pretext.dataset.ingest.ImageFolderZipParser;
import io.pretext.dataset.ingest.ImageTextZipParser;
import io.pretext.dataset.ingest.TextCsvParser;
import io.pretext.dataset.ingest.TextJsonlParser;
import io.pretext.dataset.ingest.Upload;
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

/**
 * Turns an upload into a stored dataset: parse, write the canonical shards, then record the row.
 * Any failure removes every object written; the same content uploaded again by the same tenant
 * returns the existing dataset. Thread-safe.
 */
@Service
class DatasetIngestService {

    private static final Logger log = LoggerFactory.getLogger(DatasetIngestService.class);

    /** The outcome: the dataset, and whether this upload created it (false: it already existed). */
    record Result(DatasetInfo dataset, boolean created) {
    }

    /** What the controller hands over: the upload's files are already on local disk. */
    record Request(String name, DatasetFormat format, Path file, String fileName, Path labels, String labelsName,
            List<String> classNames, Integer imageSize, String split, AudioClips audio) {

        /** An image or text upload: audio settings at their defaults. */
        Request(String name, DatasetFormat format, Path file, String fileName, Path labels, String labelsName,
                List<String> classNames, Integer imageSize, String split) {
            this(name, format, file, fileName, labels, labelsName, classNames, imageSize, split, AudioClips.defaults());
        }
    }

    private final ArtifactStore store;
    private final DatasetRepository datasets;
    private final DatasetJson json;
    private final CurrentTenant currentTenant;
    private final DatasetProperties properties;
    private final Clock clock;
    private final Path workDir;
    private final Map<DatasetFormat, DatasetParser> parsers = new EnumMap<>(DatasetFormat.class);

    DatasetIngestService(ArtifactStore store, DatasetRepository datasets, DatasetJson json,
            CurrentTenant currentTenant, DatasetProperties properties, PretextProperties pretext, Clock clock) {
        this.store = store;
        this.datasets = datasets;
        this.json = json;
        this.currentTenant = currentTenant;
        this.properties = properties;
        this.clock = clock;
        this.workDir = pretext.dataDir().resolve("tmp");
        parsers.put(DatasetFormat.IDX, new IdxParser());
        parsers.put(DatasetFormat.IMAGE_FOLDER_ZIP, new ImageFolderZipParser());
        parsers.put(DatasetFormat.IMAGE_TEXT_ZIP, new ImageTextZipParser());
        parsers.put(DatasetFormat.CIFAR_BINARY, new CifarBinaryParser());
        parsers.put(DatasetFormat.TEXT_JSONL, new TextJsonlParser());
        parsers.put(DatasetFormat.TEXT_CSV, new TextCsvParser());
        parsers.put(DatasetFormat.AUDIO_FOLDER_ZIP, new AudioFolderZipParser());
    }

    /** A folder for one request's files, removed by the caller when done. */
    Path newWorkFolder() throws IOException {
        Files.createDirectories(workDir);
        return Files.createTempDirectory(workDir, "ingest-");
    }

    static void deleteWorkFolder(Path folder) {
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            log.warn("Could not remove ingest work folder {}", folder, e);
        }
    }

    Result ingest(Request request, Path work) throws IOException {
        UUID tenant = currentTenant.id();
        DatasetFormat format = request.format() != null ? request.format()
                : FormatSniffer.detect(request.file(), request.fileName(), request.labels() != null);
        DatasetParser parser = parsers.get(format);
        UUID id = UUID.randomUUID();
        CanonicalDatasetWriter writer = new CanonicalDatasetWriter(store, DatasetKeys.prefix(id), work,
                properties.shardSize().toBytes());
        CanonicalDataset canonical;
        try {
            parser.parse(new Upload(request.file(), request.fileName(), request.labels(), request.labelsName(),
                    request.classNames(), request.imageSize(), request.split(), properties.limits(), request.audio()), writer);
            canonical = writer.finish(json::manifest);
        } catch (IOException | RuntimeException | Error e) {
            // An Error too (an allocation that failed): nothing of the upload may stay behind.
            abortQuietly(writer, e);
            throw e;
        }
        return record(tenant, id, request, format, canonical, writer);
    }

    /** The failure being reported is the one that matters (e.g. a full store), not a cleanup's after it. */
    private static void abortQuietly(CanonicalDatasetWriter writer, Throwable failure) {
        try {
            writer.abort();
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
            log.warn("Could not remove every object of a failed upload: {}", cleanup.toString());
        }
    }

    private Result record(UUID tenant, UUID id, Request request, DatasetFormat format, CanonicalDataset canonical,
            CanonicalDatasetWriter writer) throws IOException {
        var existing = datasets.findByTenantIdAndSha256(tenant, canonical.sha256());
        if (existing.isPresent()) {
            writer.abort();
            return new Result(json.info(existing.get()), false);
        }
        Dataset row = new Dataset(id, tenant, request.name(), format.modality(), format, canonical.numSamples(),
                canonical.classes().size(), json.write(canonical.classes()), json.write(canonical.classCounts()),
                canonical.labeled(), json.write(canonical.shape()), canonical.sha256(), canonical.sizeBytes(),
                clock.instant(), canonical.numCaptions());
        try {
            return new Result(json.info(datasets.saveAndFlush(row)), true);
        } catch (DataIntegrityViolationException raced) {
            writer.abort();
            return datasets.findByTenantIdAndSha256(tenant, canonical.sha256())
                    .map(d -> new Result(json.info(d), false))
                    .orElseThrow(() -> raced);
        } catch (RuntimeException e) {
            abortQuietly(writer, e);
            throw e;
        }
    }
}
