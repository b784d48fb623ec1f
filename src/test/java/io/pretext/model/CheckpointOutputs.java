package io.pretext.model;

import java.util.List;

import io.pretext.dataset.ingest.ImageDecoding;
import io.pretext.dataset.ingest.ImageResize;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ModelCard;
import io.pretext.training.TrainedModel;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** What a checkpoint computes in this JVM through {@link TrainedModel}, to compare with HTTP answers. */
final class CheckpointOutputs {

    private CheckpointOutputs() {
    }

    /** Embeddings or class probabilities of the images, decoded and resized as datasets are. */
    static float[][] of(ApplicationContext app, String checkpoint, List<byte[]> images, boolean embeddings)
            throws Exception {
        try (TrainedModel trained = TrainedModel.load(app.getBean(ArtifactStore.class), checkpoint,
                app.getBean(JsonMapper.class))) {
            ModelCard card = trained.card();
            byte[] pixels = new byte[images.size() * card.inputBytes()];
            for (int i = 0; i < images.size(); i++) {
                var header = ImageDecoding.header(images.get(i));
                byte[] chw = ImageResize.resize(ImageDecoding.decodeChw(images.get(i), card.channels()),
                        card.channels(), header.height(), header.width(), card.height(), card.width());
                System.arraycopy(chw, 0, pixels, i * card.inputBytes(), card.inputBytes());
            }
            return embeddings ? trained.embeddings(pixels, images.size())
                    : trained.probabilities(pixels, images.size());
        }
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
