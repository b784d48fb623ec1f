package io.pretext.training.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.engine.Engine;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.TinyImages;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.method.Views;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;

/**
 * Synthetic image–caption pairs for CLIP tests: {@link TinyImages} squares (class k a bright square at
 * a k-dependent place, 3 x 16 x 16) named after four objects, each image with two captions that name
 * its class in templates unlike the zero-shot prompt; and a small CLIP model for them.
 */
final class CaptionedSquares {

    static final List<String> CLASSES = List.of("apple", "boat", "cat", "drum");
    static final int SIZE = 16;
    private static final String[] TEMPLATES = {"a small picture of a {}", "there is a {} here",
        "the {} in the frame", "an image showing one {}", "my {}", "a {} on a dark background"};

    private CaptionedSquares() {
    }

    /** {@code n} labeled images, class {@code i % 4}, named by {@link #CLASSES}. */
    static DatasetReader.Images images(int n, long seed) {
        return images(n, seed, SIZE);
    }

    /** The same images at {@code size} pixels. */
    static DatasetReader.Images images(int n, long seed, int size) {
        DatasetReader.Images squares = TinyImages.squares(n, 3, size, CLASSES.size(), seed);
        return new DatasetReader.Images(n, 3, size, size, squares.pixels(), squares.labels(), CLASSES, "squares");
    }

    /** {@code n} images with two captions each, drawn from the templates with {@code seed}. */
    static ImageTextPairs pairs(int n, long seed) {
        DatasetReader.Images images = images(n, seed);
        Random random = new Random(seed);
        List<ImageTextPairs.Caption> captions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = CLASSES.get(images.labels()[i]);
            for (int c = 0; c < 2; c++) {
                captions.add(new ImageTextPairs.Caption(i,
                        TEMPLATES[random.nextInt(TEMPLATES.length)].replace("{}", name), name));
            }
        }
        return new ImageTextPairs(images, captions);
    }

    /** A CLIP of cnn-small and a one-block width-32 transformer over 12 tokens, projecting to 32; seeded. */
    static ClipModel model(Tokenizer tokenizer, long seed) {
        return model(tokenizer, seed, new ClipSettings(32, null, null, null, null, null, null).withDefaults());
    }

    /** The same model with other settings (projection, locks). */
    static ClipModel model(Tokenizer tokenizer, long seed, ClipSettings settings) {
        return model(tokenizer, seed, settings, "cnn-small", SIZE);
    }

    /** The same model with another image encoder, for images of {@code size} pixels. */
    static ClipModel model(Tokenizer tokenizer, long seed, ClipSettings settings, String encoder, int size) {
        Engine.getInstance().setRandomSeed((int) seed);
        TransformerSettings text = new TransformerSettings(tokenizer.vocabSize(), 12, 32, 1, 2, 64, "mean");
        Views views = new Views(new BatchAugmenter(ViewTransform.NONE), new float[] {0.3f, 0.3f, 0.3f},
                new float[] {0.3f, 0.3f, 0.3f});
        return new ClipMethod().objective(settings, encoder, size, views, tokenizer, text);
    }
}
