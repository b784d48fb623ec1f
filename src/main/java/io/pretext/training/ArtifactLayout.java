package io.pretext.training;

import java.util.UUID;

/**
 * Where training's artifacts live in the artifact store, the one place their keys and file names
 * are spelled: what the child writes, the supervisor records and deletes, the registry reads and
 * the backbone export copies. A job's checkpoints go under {@code checkpoints/<jobId>/}, one folder
 * {@code epoch-NNNN/} per epoch checkpoint and {@code step-NNNNNNNNNN/} per step checkpoint (one
 * taken mid-epoch, see {@link #step}), each holding {@code <block>.params} per block (always
 * {@link #ENCODER}; a classifier adds {@link #HEAD}), {@link #OPTIMIZER}, a method's extra state
 * ({@link #METHOD_STATE}, e.g. MoCo's queue), a text model's {@link #TOKENIZER}, {@link #META} and,
 * written last, {@link #MANIFEST}. Prefixes end in {@code /}. Stateless.
 */
public final class ArtifactLayout {

    private static final String PARAMS = ".params";

    /** The block name of the encoder in a checkpoint. */
    public static final String ENCODER_BLOCK = "encoder";
    /** The block name of a classifier's linear head in a checkpoint. */
    public static final String HEAD_BLOCK = "head";
    /** The encoder's parameters, as DJL's {@code Block.saveParameters} writes them. */
    public static final String ENCODER = ENCODER_BLOCK + PARAMS;
    /** A classifier's head's parameters. */
    public static final String HEAD = HEAD_BLOCK + PARAMS;
    /** Epoch, metrics, the {@link ModelCard} under {@code "model"} and provenance, as JSON. */
    public static final String META = "meta.json";
    /**
     * Written after every other file of a checkpoint: the files with their sizes and the position
     * in training (epochs done, steps of the next epoch done, global step). A checkpoint without
     * it is incomplete (a torn write) and is never resumed from. Checkpoints from before manifests
     * have none; those only count because the supervisor's database row names them.
     */
    public static final String MANIFEST = "manifest.json";
    /** State of the training method beyond its blocks' parameters (MoCo's queue), when it has any. */
    public static final String METHOD_STATE = "method.state";
    /** How the folder of every step checkpoint starts. */
    public static final String STEP_FOLDER = "step-";
    /** The optimizer's moments and update counts, for an exact resume. */
    public static final String OPTIMIZER = "optimizer.state";
    /** A text model's tokenizer, as {@code Tokenizer.toBytes} writes it. */
    public static final String TOKENIZER = "tokenizer.json";

    private ArtifactLayout() {
    }

    /** The file of one block's parameters, e.g. {@code projector.params}. */
    public static String params(String block) {
        return block + PARAMS;
    }

    /** The prefix of all of a job's checkpoints. */
    public static String checkpoints(UUID jobId) {
        return "checkpoints/" + jobId + "/";
    }

    /**
     * The prefix of the checkpoint of {@code epoch} (counted from 1) under a job's
     * {@code checkpoints} prefix, e.g. {@code checkpoints/<jobId>/epoch-0005/}.
     */
    public static String epoch(String checkpoints, int epoch) {
        return checkpoints + String.format("epoch-%04d/", epoch);
    }

    /**
     * The prefix of a step checkpoint, taken mid-epoch after global optimizer step {@code globalStep}
     * (the count of steps done), e.g. {@code checkpoints/<jobId>/step-0000001200/}. Only the child
     * finds these (by listing, see {@link #STEP_FOLDER}); the database records epoch checkpoints.
     */
    public static String step(String checkpoints, long globalStep) {
        return checkpoints + STEP_FOLDER + String.format("%010d/", globalStep);
    }

    /**
     * The evaluation report of an EVALUATE job: JSON with the checkpoint evaluated and, per dataset
     * id, {@code samples, accuracy, macroF1, perClassF1} (by class name) and {@code confusion}
     * (rows = actual class, columns = predicted); and {@code embedding}: {@code dataset, classes,
     * labels} and {@code points} (2-D t-SNE coordinates of up to 1,000 of its samples' embeddings);
     * for a CLIP model, {@code retrieval} by captioned dataset id: the pool's {@code images} and
     * {@code captions} and each recall@k.
     */
    public static String evaluationReport(UUID jobId) {
        return "reports/" + jobId + "/evaluation.json";
    }

    /**
     * A CLIP evaluation's picture of text-to-image search on its first captioned dataset: a few
     * captions, each with its top images (PNG).
     */
    public static String retrievalPicture(UUID jobId) {
        return "reports/" + jobId + "/retrieval.png";
    }
}
