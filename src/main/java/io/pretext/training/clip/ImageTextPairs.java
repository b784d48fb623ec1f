package io.pretext.training.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.pretext.dataset.DatasetReader;

/**
 * What CLIP trains on: images held like an image dataset's (uint8 {@code N x C x H x W}, labels
 * and classes optional) and their captions, each naming the image it describes; an image may have
 * several captions and must have at least one. The image-text dataset reader fills it. Immutable.
 *
 * @param images the images; their labels may be empty
 * @param captions every caption, in dataset order
 */
public record ImageTextPairs(DatasetReader.Images images, List<Caption> captions) {

    /**
     * One caption.
     *
     * @param image the index of the image it describes, in [0, images)
     * @param text the caption, not blank
     * @param label the caption's class name, or null when the dataset gives none
     */
    public record Caption(int image, String text, String label) {

        public Caption {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * @throws IllegalArgumentException naming the first caption that points at no image or is
     *     blank, or the first image without a caption
     */
    public ImageTextPairs {
        Objects.requireNonNull(images, "images");
        captions = List.copyOf(captions);
        boolean[] captioned = new boolean[images.numSamples()];
        for (int i = 0; i < captions.size(); i++) {
            Caption caption = captions.get(i);
            if (caption.image() < 0 || caption.image() >= captioned.length) {
                throw new IllegalArgumentException("caption " + i + " describes image " + caption.image()
                        + ", outside 0.." + (captioned.length - 1));
            }
            if (caption.text().isBlank()) {
                throw new IllegalArgumentException("caption " + i + " is blank");
            }
            captioned[caption.image()] = true;
        }
        for (int image = 0; image < captioned.length; image++) {
            if (!captioned[image]) {
                throw new IllegalArgumentException("image " + image + " has no caption");
            }
        }
    }

    /** The caption texts, in order (what the tokenizer is learnt from). */
    public List<String> texts() {
        return captions.stream().map(Caption::text).toList();
    }

    /** For each image, the indices of its captions in {@link #captions()}, in order. */
    public int[][] captionsByImage() {
        List<List<Integer>> byImage = new ArrayList<>();
        for (int i = 0; i < images.numSamples(); i++) {
            byImage.add(new ArrayList<>());
        }
        for (int i = 0; i < captions.size(); i++) {
            byImage.get(captions.get(i).image()).add(i);
        }
        return byImage.stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }
}
