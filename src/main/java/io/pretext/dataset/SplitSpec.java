package io.pretext.dataset;

import io.pretext.web.InvalidRequestException;

/**
 * How to split a labeled dataset. Immutable; validated on construction.
 *
 * @param labelFraction share of each class to label for training, in (0, 1]; null when
 *     {@code labelsPerClass} is given
 * @param labelsPerClass labeled training samples per class, at least 1; null when
 *     {@code labelFraction} is given
 * @param validationFraction share of each class held out for validation, in [0, 1)
 * @param seed the seed; the same seed gives the same split
 */
public record SplitSpec(Double labelFraction, Integer labelsPerClass, double validationFraction, long seed) {

    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public SplitSpec {
        if (labelFraction != null && labelsPerClass != null) {
            throw new InvalidRequestException("labelFraction", "give labelFraction or labelsPerClass, not both");
        }
        if (labelFraction == null && labelsPerClass == null) {
            labelFraction = 1.0;
        }
        if (labelFraction != null && !(labelFraction > 0 && labelFraction <= 1)) {
            throw new InvalidRequestException("labelFraction", "labelFraction must be in (0, 1], was " + labelFraction);
        }
        if (labelsPerClass != null && labelsPerClass < 1) {
            throw new InvalidRequestException("labelsPerClass", "labelsPerClass must be at least 1, was " + labelsPerClass);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidRequestException("validationFraction",
                    "validationFraction must be in [0, 1), was " + validationFraction);
        }
    }
}
