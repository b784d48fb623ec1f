package io.pretext.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactStore;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calling tenant's datasets: look up, list, split, read back, delete. Every method works on
 * the current tenant's rows only; another tenant's id is "not found". Thread-safe.
 */
@Service
public class DatasetCatalog {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final DatasetRepository datasets;
    private final DatasetJson json;
    private final DatasetContent content;
    private final ArtifactStore store;
    private final CurrentTenant currentTenant;
    private final List<DatasetUsage> usages;

    DatasetCatalog(DatasetRepository datasets, DatasetJson json, DatasetContent content, ArtifactStore store,
            CurrentTenant currentTenant, List<DatasetUsage> usages) {
        this.datasets = datasets;
        this.json = json;
        this.content = content;
        this.store = store;
        this.currentTenant = currentTenant;
        this.usages = usages;
    }

    /**
     * @throws NotFoundException when the current tenant has no such dataset
     */
    @Transactional(readOnly = true)
    public DatasetInfo get(UUID id) {
        return json.info(row(id));
    }

    /**
     * The name of a dataset of the given tenant (for code that runs outside a request, e.g. a sweep);
     * empty when that tenant has no such dataset.
     */
    @Transactional(readOnly = true)
    public Optional<String> name(UUID tenantId, UUID id) {
        return datasets.findByIdAndTenantId(id, tenantId).map(Dataset::getName);
    }

    @Transactional(readOnly = true)
    Page<DatasetInfo> list(Pageable pageable) {
        return datasets.findByTenantId(currentTenant.id(), pageable).map(json::info);
    }

    /**
     * The split of a labeled dataset.
     *
     * @throws InvalidRequestException (422) when the dataset has no labels
     */
    public DatasetSplit split(UUID id, SplitSpec spec) throws IOException {
        DatasetInfo info = get(id);
        return split(info, content.labels(content.manifest(id)), spec);
    }

    /** A split with its class counts, reading the labels once. */
    SplitView splitView(UUID id, SplitSpec spec) throws IOException {
        DatasetInfo info = get(id);
        int[] labels = content.labels(content.manifest(id));
        DatasetSplit split = split(info, labels, spec);
        return new SplitView(id, spec.labelFraction(), spec.labelsPerClass(), spec.validationFraction(), spec.seed(),
                SplitView.Part.of(split.train(), labels, info.classes()),
                SplitView.Part.of(split.validation(), labels, info.classes()));
    }

    private static DatasetSplit split(DatasetInfo info, int[] labels, SplitSpec spec) {
        if (!info.labeled()) {
            throw new InvalidRequestException(422, "dataset", "Dataset " + info.id() + " is unlabeled; splits need labels");
        }
        return DatasetSplitter.split(labels, info.numClasses(), spec);
    }

    /** Label index of every sample, or an empty array when unlabeled. */
    public int[] labels(UUID id) throws IOException {
        get(id);
        return content.labels(content.manifest(id));
    }

    /**
     * The first {@code n} images of an image dataset, or spectrograms of an audio dataset's first
     * {@code n} clips, with their captions (class name, or {@code #index}).
     */
    ImageSamples imageSamples(UUID id, int n) throws IOException {
        DatasetInfo info = get(id);
        if (info.modality() == Modality.TEXT) {
            throw new InvalidRequestException(422, "modality", "Dataset " + id + " holds text; use /samples");
        }
        CanonicalDataset manifest = content.manifest(id);
        List<byte[]> samples = content.firstSamples(manifest, n);
        int[] labels = content.labels(manifest);
        List<String> captions = IntStream.range(0, samples.size())
                .mapToObj(i -> info.labeled() ? info.classes().get(labels[i]) : "#" + i).toList();
        if (manifest.isAudio()) {
            int side = SpectrogramPicture.SIZE;
            return new ImageSamples(samples.stream().map(SpectrogramPicture::of).toList(), captions,
                    List.of(1, side, side), false);
        }
        String[] texts = content.firstCaptionPerImage(manifest, samples.size());
        if (texts != null) {
            // The label (or index) first, then the image's first caption.
            captions = IntStream.range(0, samples.size()).mapToObj(i -> gridCaption(info, labels, i, texts[i]))
                    .toList();
        }
        return new ImageSamples(samples, captions, manifest.shape(), texts != null);
    }

    private static String gridCaption(DatasetInfo info, int[] labels, int image, String text) {
        return (info.labeled() ? "[" + info.classes().get(labels[image]) + "] " : "") + text;
    }

    /**
     * The first {@code n} records of a text dataset with their labels, or the first {@code n}
     * captions of a captioned image dataset with their image's index and label.
     */
    List<TextSample> textSamples(UUID id, int n) throws IOException {
        DatasetInfo info = get(id);
        if (info.captioned()) {
            CanonicalDataset manifest = content.manifest(id);
            DatasetContent.StoredCaptions captions = content.captions(manifest, n);
            int[] labels = content.labels(manifest);
            return IntStream.range(0, captions.images().length).mapToObj(i -> {
                int image = captions.images()[i];
                return new TextSample(image, captions.texts().get(i),
                        info.labeled() ? info.classes().get(labels[image]) : null);
            }).toList();
        }
        requireModality(id, Modality.TEXT);
        CanonicalDataset manifest = content.manifest(id);
        List<String> texts = content.firstTexts(manifest, n);
        int[] labels = content.labels(manifest);
        return IntStream.range(0, texts.size())
                .mapToObj(i -> new TextSample(i, texts.get(i), info.labeled() ? info.classes().get(labels[i]) : null))
                .toList();
    }

    /**
     * Images to draw: uint8 CHW of {@code shape}, one caption each.
     *
     * @param captioned whether the captions are image captions (long text) rather than class names
     */
    record ImageSamples(List<byte[]> images, List<String> captions, List<Integer> shape, boolean captioned) {
    }

    /**
     * One text record as {@code GET /v1/datasets/{id}/samples} lists it: {@code index} is the
     * record's, or for a caption the index of its image.
     */
    @Schema(requiredProperties = {"index", "text"})
    record TextSample(int index, String text, String label) {
    }

    private DatasetInfo requireModality(UUID id, Modality modality) {
        DatasetInfo info = get(id);
        if (info.modality() != modality) {
            throw new InvalidRequestException(422, "modality", "Dataset " + id + " holds " + info.modality().value()
                    + "; use /samples.png for images and audio (/samples lists texts, and captions of image-text "
                    + "datasets)");
        }
        return info;
    }

    /**
     * Deletes the row, then the stored objects.
     *
     * @throws ConflictException while an unfinished experiment uses the dataset
     */
    @Transactional
    public void delete(UUID id) throws IOException {
        Dataset row = row(id);
        for (DatasetUsage usage : usages) {
            String user = usage.unfinishedUserOf(id);
            if (user != null) {
                throw new ConflictException("Dataset " + id + " is used by " + user + ", which has not finished");
            }
        }
        datasets.delete(row);
        datasets.flush();
        for (String key : store.list(DatasetKeys.prefix(id))) {
            try {
                store.delete(key);
            } catch (IOException e) {
                // The row is gone, so nothing can reach this object; it is only space.
                log.warn("Could not delete {} of deleted dataset {}", key, id, e);
            }
        }
    }

    private Dataset row(UUID id) {
        return datasets.findByIdAndTenantId(id, currentTenant.id())
                .orElseThrow(() -> new NotFoundException("Dataset", id));
    }
}
