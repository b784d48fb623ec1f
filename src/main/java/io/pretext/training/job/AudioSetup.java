package io.pretext.training.job;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.ModelCard;
import io.pretext.training.audio.AudioAugmenter;
import io.pretext.training.audio.AudioStatistics;
import io.pretext.training.audio.AudioViewTransform;
import io.pretext.training.audio.LogMelFrontEnd;
import io.pretext.training.audio.LogMelSettings;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.Shuffle;
import io.pretext.training.method.Views;

/**
 * What every audio job shares: the clips, the front end for their format (one, for every view the
 * job draws), the standardisation (measured on up to {@link #STATISTICS_CLIPS} clips, or a
 * pretrained model's), and the views an augmentation preset draws. Immutable.
 */
record AudioSetup(AudioData data, LogMelSettings settings, LogMelFrontEnd frontEnd, float[][] stats, Views views) {

    static final int STATISTICS_CLIPS = 512;

    /**
     * @param card the pretrained model's card, whose front end and standardisation are kept; null to
     *     use the defaults for the clips' format and measure the standardisation on {@code statsFrom}
     */
    static AudioSetup of(DatasetReader.Audio audio, String augmentation, ModelCard card, int[] statsFrom,
            long seed) {
        AudioData data = new AudioData(audio);
        LogMelSettings settings = card != null && card.audio() != null ? card.audio()
                : LogMelSettings.defaults(audio.sampleRate(), audio.clipSamples());
        if (settings.sampleRate() != audio.sampleRate() || settings.clipSamples() != audio.clipSamples()) {
            throw new IllegalArgumentException("the clips are " + audio.clipSamples() + " samples at "
                    + audio.sampleRate() + " Hz but the model reads " + settings.clipSamples() + " at "
                    + settings.sampleRate() + " Hz");
        }
        LogMelFrontEnd frontEnd = new LogMelFrontEnd(settings);
        float[][] stats;
        if (card != null) {
            stats = new float[][] {card.mean(), card.std()};
        } else {
            int[] order = Shuffle.shuffled(statsFrom, new Random(seed + 3));
            try (NDManager manager = NDManager.newBaseManager()) {
                stats = AudioStatistics.of(manager, frontEnd, data,
                        Arrays.copyOf(order, Math.min(order.length, STATISTICS_CLIPS)));
            }
        }
        Views views = Views.of(new AudioAugmenter(AudioViewTransform.preset(augmentation), frontEnd),
                AudioAugmenter.plain(frontEnd), stats[0], stats[1]);
        return new AudioSetup(data, settings, frontEnd, stats, views);
    }

    /** The network's input shape for a batch of two. */
    Shape inputShape() {
        return new Shape(2, 1, settings.mels(), settings.frames());
    }

    ModelCard card(String encoderName, List<String> classes, Block encoder) {
        Shape output = encoder.getOutputShapes(new Shape[] {new Shape(1, 1, settings.mels(), settings.frames())})[0];
        return ModelCard.forAudio(encoderName, settings, stats[0][0], stats[1][0], classes, (int) output.get(1));
    }
}
