package io.pretext.experiment;

import java.awt.Color;

import io.pretext.training.JobKind;

/**
 * One colour per arm of an experiment, the same in every panel, from the Okabe–Ito palette (told
 * apart with the common forms of colour blindness). Stateless.
 */
final class ArmColors {

    static final Color PRETRAINED = new Color(0x00, 0x72, 0xB2); // blue
    static final Color FINETUNED = new Color(0xE6, 0x9F, 0x00); // orange
    static final Color SCRATCH = new Color(0xCC, 0x79, 0xA7); // reddish purple
    static final Color PIXELS = new Color(0x59, 0x59, 0x59); // dark grey
    static final Color OTHER = new Color(0x00, 0x9E, 0x73); // bluish green

    private ArmColors() {
    }

    static Color of(JobKind kind) {
        return switch (kind) {
            case PRETRAIN -> PRETRAINED;
            case FINETUNE -> FINETUNED;
            case SCRATCH -> SCRATCH;
            case PIXELS -> PIXELS;
            default -> OTHER;
        };
    }

    /** How a person calls the arm a job trains. */
    static String arm(JobKind kind) {
        return switch (kind) {
            case PRETRAIN -> "pretraining";
            case FINETUNE -> "finetuned";
            case SCRATCH -> "scratch";
            case PIXELS -> "pixels";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
