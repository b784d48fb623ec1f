package io.pretext.dataset;

import java.io.IOException;
import java.util.List;

import io.pretext.dataset.ingest.CanonicalDataset;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON for dataset columns and manifests. Thread-safe. */
@Component
class DatasetJson {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<Integer>> INTS = new TypeReference<>() { };

    private final JsonMapper mapper;

    DatasetJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    String write(List<?> values) {
        return mapper.writeValueAsString(values);
    }

    byte[] manifest(CanonicalDataset dataset) {
        return mapper.writeValueAsBytes(dataset);
    }

    CanonicalDataset readManifest(byte[] bytes) throws IOException {
        try {
            return mapper.readValue(bytes, CanonicalDataset.class);
        } catch (RuntimeException e) {
            throw new IOException("Corrupt dataset manifest", e);
        }
    }

    DatasetInfo info(Dataset d) {
        return new DatasetInfo(d.getId(), d.getName(), d.getModality(), d.getFormat(), d.getNumSamples(),
                d.getNumClasses(), mapper.readValue(d.getClasses(), STRINGS), mapper.readValue(d.getClassCounts(), INTS),
                d.isLabeled(), mapper.readValue(d.getShape(), INTS), d.getSha256(), d.getSizeBytes(), d.getCreatedAt(),
                d.getNumCaptions());
    }
}
