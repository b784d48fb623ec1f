package io.pretext.training.augment;

import java.util.Arrays;
import java.util.List;

/**
 * The operations {@link RandAugment} draws from, FixMatch's pool (Sohn et al., 2020, table 12),
 * each with how a magnitude {@code v} in [0, 1] and a sign {@code s} (±1, for the symmetric ones)
 * become its parameter; {@code v = 0} is the identity for all of them.
 */
enum RandAugmentOp {
    IDENTITY(false, false),
    AUTOCONTRAST(false, false),
    /** Factor {@code 1 + 0.9·s·v}. */
    BRIGHTNESS(true, false),
    /** Saturation factor {@code 1 + 0.9·s·v}; 3 channels only. */
    COLOR(true, true),
    /** Factor {@code 1 + 0.9·s·v}. */
    CONTRAST(true, false),
    EQUALIZE(false, false),
    /** {@code 8 − round(4·v)} bits kept. */
    POSTERIZE(false, false),
    /** {@code 30·s·v} degrees. */
    ROTATE(true, false),
    /** Factor {@code 1 + 0.9·s·v}. */
    SHARPNESS(true, false),
    /** Slope {@code 0.3·s·v}. */
    SHEAR_X(true, false),
    /** Slope {@code 0.3·s·v}. */
    SHEAR_Y(true, false),
    /** Values above {@code 1 − v} inverted. */
    SOLARIZE(false, false),
    /** {@code 0.3·s·v} of the width. */
    TRANSLATE_X(true, false),
    /** {@code 0.3·s·v} of the height. */
    TRANSLATE_Y(true, false);

    static final double MAX_FACTOR_CHANGE = 0.9;
    static final double MAX_DEGREES = 30;
    static final double MAX_SHEAR = 0.3;
    static final double MAX_TRANSLATE = 0.3;
    static final int MAX_BITS_REMOVED = 4;

    private final boolean signed;
    private final boolean colorOnly;

    RandAugmentOp(boolean signed, boolean colorOnly) {
        this.signed = signed;
        this.colorOnly = colorOnly;
    }

    /** Whether a random sign applies to the magnitude. */
    boolean signed() {
        return signed;
    }

    boolean geometric() {
        return this == ROTATE || this == SHEAR_X || this == SHEAR_Y || this == TRANSLATE_X || this == TRANSLATE_Y;
    }

    /** The pool for images of {@code channels} channels (colour needs 3). */
    static List<RandAugmentOp> pool(int channels) {
        return Arrays.stream(values()).filter(op -> channels == 3 || !op.colorOnly).toList();
    }
}
