package io.pretext.training.clip;

import java.io.IOException;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ClipTowers;
import io.pretext.training.ModelCard;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.Views;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;

/** Rebuilds a trained {@link ClipModel} from its checkpoint and card, for serving. Stateless. */
public final class ClipModels {

    private ClipModels() {
    }

    /**
     * The model of the checkpoint under {@code prefix}: both towers as the card describes them, every
     * block loaded, parameters frozen; images normalised by the card's mean and std, unaugmented.
     *
     * @param card a CLIP model's card ({@link ModelCard#clipModel()})
     * @param tokenizer the checkpoint's tokenizer
     * @param manager holds the parameters; the caller closes it
     * @throws IOException when a block is missing or does not fit the card
     */
    public static ClipModel load(ArtifactStore store, String prefix, ModelCard card, Tokenizer tokenizer,
            NDManager manager) throws IOException {
        ClipTowers towers = card.clip();
        if (towers == null) {
            throw new IllegalArgumentException("not a CLIP model's card");
        }
        Views views = new Views(new BatchAugmenter(ViewTransform.NONE), card.mean(), card.std());
        ClipModel model = new ClipModel(Encoders.encoder(card.encoder(), card), TextEncoders.encoder(towers.text()),
                tokenizer, towers.text().maxLength(), towers.projection(), ClipSettings.TEMPERATURE, views);
        model.initialize(manager, new Shape(2, card.channels(), card.height(), card.width()));
        Checkpoints.loadAll(store, prefix, model.checkpointBlocks(), manager);
        model.trainable().freezeParameters(true);
        return model;
    }
}
