package io.pretext.training.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.loop.GradMode;
import io.pretext.training.ops.Scalars;
import io.pretext.training.ops.Vectors;

/**
 * Zero-shot classification with a {@link ClipModel}: each class is the text embedding of its name
 * put into every prompt template (CLIP's prompt ensembling: the unit embeddings averaged over the
 * templates, then normalised again), and an image's class is the one whose embedding is most similar
 * to its own. Stateless; the model must not be trained concurrently.
 */
public final class ZeroShot {

    private static final int BATCH = 256;

    private ZeroShot() {
    }

    /** The templates with {@code {}} replaced by {@code name}, in order. */
    public static List<String> prompts(String name, List<String> templates) {
        return templates.stream().map(t -> t.replace("{}", name)).toList();
    }

    /** The {@code K x D} unit class embeddings of {@code classes}, in {@code manager}. */
    public static NDArray classEmbeddings(ClipModel model, NDManager manager, List<String> classes,
            List<String> templates) {
        GradMode.off();
        List<String> prompts = new ArrayList<>();
        classes.forEach(name -> prompts.addAll(prompts(name, templates)));
        NDArray perPrompt = model.textEmbeddings(manager, prompts);
        NDArray averaged = perPrompt.reshape(classes.size(), templates.size(), -1).mean(new int[] {1});
        return Vectors.l2Normalize(averaged);
    }

    /**
     * The {@code N x K} class probabilities of images: the softmax over classes of the logit scale
     * times the cosine similarities, as CLIP reports them.
     *
     * @param images {@code N x C x H x W} floats in [0, 1]
     * @param classEmbeddings from {@link #classEmbeddings}
     */
    public static NDArray probabilities(ClipModel model, NDManager manager, NDArray images, NDArray classEmbeddings) {
        GradMode.off();
        NDArray similarity = model.imageEmbeddings(manager, images).matMul(classEmbeddings.transpose());
        return Scalars.times(similarity, model.logitScale()).softmax(1);
    }

    /**
     * The predicted class of every image of a dataset, named by its own class names.
     *
     * @param manager the parent of a sub-manager freed before returning
     */
    public static int[] predict(ClipModel model, NDManager manager, DatasetReader.Images images,
            List<String> templates) {
        int[] all = IntStream.range(0, images.numSamples()).toArray();
        int[] predicted = new int[all.length];
        try (NDManager scope = manager.newSubManager()) {
            NDArray classes = classEmbeddings(model, scope, images.classes(), templates);
            for (int from = 0; from < all.length; from += BATCH) {
                int to = Math.min(all.length, from + BATCH);
                try (NDManager batch = scope.newSubManager()) {
                    NDArray pixels = ImageBatches.images(batch, images, all, from, to);
                    long[] best = model.imageEmbeddings(batch, pixels).matMul(classes.transpose()).argMax(1)
                            .toLongArray();
                    for (int i = 0; i < best.length; i++) {
                        predicted[from + i] = (int) best[i];
                    }
                }
            }
        }
        return predicted;
    }

    /**
     * The share of a labeled dataset's images whose zero-shot class is their label.
     *
     * @throws IllegalArgumentException when the images carry no labels
     */
    public static double accuracy(ClipModel model, NDManager manager, DatasetReader.Images images,
            List<String> templates) {
        if (images.labels().length != images.numSamples() || images.classes().isEmpty()) {
            throw new IllegalArgumentException("zero-shot accuracy needs labeled images with class names");
        }
        int[] predicted = predict(model, manager, images, templates);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == images.labels()[i] ? 1 : 0;
        }
        return predicted.length == 0 ? Double.NaN : (double) right / predicted.length;
    }
}
