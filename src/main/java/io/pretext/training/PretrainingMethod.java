package io.pretext.training;

import java.util.Map;
import java.util.Set;

import io.pretext.dataset.Modality;

/**
 * A self-supervised pretraining method as a spec sees it: its name, the modality it applies to,
 * the defaults of its optional pretrain fields, and the encoder and augmentation it uses unless
 * the spec names others. How it builds its objective is the business of the image or text method
 * interfaces in the training module; implementations register in {@link TrainingMethods} (built in)
 * or through {@link java.util.ServiceLoader} ({@code META-INF/services/io.pretext.training.PretrainingMethod}).
 * Implementations are immutable and thread-safe, with a public no-argument constructor when
 * loaded as a service.
 */
public interface PretrainingMethod {

    /** The spec's {@code pretrain.method}: lower-case, stable once shipped. */
    String name();

    /** The kind of dataset the method was made for (its default encoder is of this modality). */
    Modality modality();

    /**
     * Every kind of dataset the method pretrains on: {@link #modality()} by default; the contrastive
     * methods add audio, whose spectrograms they treat as one-channel images.
     */
    default Set<Modality> modalities() {
        return Set.of(modality());
    }

    /**
     * Defaults of the optional {@code pretrain} fields this method reads, by field name
     * ({@code temperature}, {@code queueSize}, ...). A nested section (e.g. {@code transformer})
     * is a map whose entries fill the fields the user left out. Never null; empty by default.
     */
    default Map<String, Object> defaults() {
        return Map.of();
    }

    /** The encoder when the spec names none: the modality's default. */
    default String defaultEncoder() {
        return TrainingMethods.defaultEncoder(modality());
    }

    /** The augmentation preset ({@code strong}, {@code weak} or {@code none}) when the spec names none. */
    default String defaultAugmentation() {
        return modality() == Modality.TEXT ? "none" : "strong";
    }
}
