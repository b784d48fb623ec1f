package io.pretext.training;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the experiment planner tells a training job to do, stored as the job's JSON payload: the
 * seed, the checkpoint policy and the spec sections the job's kind needs, with every default
 * already filled in by the experiment module (so the child never guesses one). The JSON shape is
 * the spec's, field by field, so payloads of jobs queued by earlier builds still parse.
 * Immutable.
 *
 * @param seed the experiment's seed; never null after {@link #parse}
 * @param checkpoint when to checkpoint and how many to keep; never null after {@link #parse}
 * @param pretrain the pretrain section: present in PRETRAIN jobs only, else null
 * @param finetune the finetune section: present in FINETUNE, SCRATCH and PIXELS jobs, else null
 * @param evaluate the evaluate section: present in EVALUATE jobs, and in PIXELS jobs when the spec
 *     evaluates, else null
 * @param knn the kNN monitor's datasets of a PRETRAIN job, or null when there is no labeled data
 * @param encoder the encoder architecture of FINETUNE, SCRATCH and EVALUATE jobs; null in PRETRAIN
 *     jobs, whose {@code pretrain.encoder} names it
 * @param encoderFromJob the job whose latest checkpoint a FINETUNE job starts from, or null
 * @param modelFromJob the job whose best checkpoint an EVALUATE job evaluates, or null
 * @param text a text model's tokenizer size, length and shape when trained without a pretrained
 *     encoder (text SCRATCH and FINETUNE jobs), else null
 * @param startFromJobs the jobs whose latest checkpoints parts of a PRETRAIN job start from, by
 *     part ({@link #IMAGE_TOWER}, {@link #TEXT_TOWER} for clip's {@code imageEncoderFrom} and
 *     {@code textEncoderFrom}), or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobPayload(Long seed, CheckpointPolicy checkpoint, PretrainSettings pretrain,
        FinetuneSettings finetune, EvaluateSettings evaluate, KnnSources knn, String encoder, UUID encoderFromJob,
        UUID modelFromJob, TextShape text, Map<String, UUID> startFromJobs) {

    /** The part of {@link #startFromJobs} clip's image tower starts from. */
    public static final String IMAGE_TOWER = "imageTower";
    /** The part of {@link #startFromJobs} clip's text tower starts from. */
    public static final String TEXT_TOWER = "textTower";

    /** A payload whose parts start from no other job's checkpoint. */
    public JobPayload(Long seed, CheckpointPolicy checkpoint, PretrainSettings pretrain, FinetuneSettings finetune,
            EvaluateSettings evaluate, KnnSources knn, String encoder, UUID encoderFromJob, UUID modelFromJob,
            TextShape text) {
        this(seed, checkpoint, pretrain, finetune, evaluate, knn, encoder, encoderFromJob, modelFromJob, text, null);
    }

    /**
     * How the worker and the child read payloads, the same on both sides: unknown fields are
     * ignored, so a job a newer planner queued during a rolling deploy still runs (the planner's
     * contract test, which reads strictly, keeps the planner from writing fields nobody reads).
     */
    private static final ObjectMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * Reads and checks a stored payload the way the worker and the child do.
     *
     * @throws IllegalArgumentException naming the field when the payload is malformed or a value
     *     every payload needs is missing
     */
    public static JobPayload parse(String payload) {
        return parse(payload, READER);
    }

    /**
     * Reads and checks a stored payload with {@code json}'s settings (tests read strictly).
     *
     * @throws IllegalArgumentException naming the field when the payload is malformed or a value
     *     every payload needs is missing
     */
    public static JobPayload parse(String payload, ObjectMapper json) {
        JobPayload parsed;
        try {
            parsed = json.readValue(payload, JobPayload.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("job payload is not valid: " + e.getOriginalMessage(), e);
        }
        parsed.validate();
        return parsed;
    }

    /**
     * {@code value}, or an exception naming it: for settings a reader needs that not every job has.
     *
     * @param name the value's path in the payload, e.g. {@code pretrain.temperature}
     * @throws IllegalArgumentException when {@code value} is null
     */
    public static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("job payload has no " + name);
        }
        return value;
    }

    /** Checks that every value the sections present must carry is there. */
    void validate() {
        required(seed, "seed");
        required(checkpoint, "checkpoint").validate();
        if (pretrain != null) {
            pretrain.validate();
        }
        if (finetune != null) {
            finetune.validate();
        }
        if (evaluate != null) {
            evaluate.validate();
        }
        if (knn != null) {
            required(knn.bank(), "knn.bank");
        }
        if (text != null) {
            text.validate("text");
        }
    }
}
