package io.pretext.inference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.pretext.model.ModelVersion;
import io.pretext.training.ModelCard;
import io.pretext.web.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * Open Inference Protocol tensors to Pretext inputs and back. An image model takes one input
 * {@code images}: {@code UINT8} (0 to 255) or {@code FP32} (in [0, 1]) of shape [N, C, H, W] at the
 * card's size ({@link PixelTensor}), or {@code BYTES} of shape [N] holding base64 PNG or JPEG
 * images (decoded and resized like the native routes' images). A text model takes {@code texts}:
 * {@code BYTES} of shape [N] (or [N, 1]). An audio model takes {@code audio}: {@code BYTES} of shape
 * [N] holding base64 WAV files (made into clips like the native routes' WAV files). Outputs are {@code embedding} [N, D] and, for a model
 * with a classification head, {@code probabilities} [N, K], both {@code FP32}. Thread-safe.
 */
final class OpenInferenceTensors {

    static final String IMAGES = "images";
    static final String TEXTS = "texts";
    static final String AUDIO = "audio";
    static final String EMBEDDING = "embedding";
    static final String PROBABILITIES = "probabilities";
    private static final String UINT8 = "UINT8";
    private static final String FP32 = "FP32";
    private static final String BYTES = "BYTES";

    private final ImagePreparation images;
    private final AudioPreparation audio;
    private final int maxInputs;

    OpenInferenceTensors(ImagePreparation images, AudioPreparation audio, int maxInputs) {
        this.images = images;
        this.audio = audio;
        this.maxInputs = maxInputs;
    }

    /** What the model takes, for its metadata. */
    static List<OpenInferenceViews.TensorMetadata> inputs(ModelCard card) {
        return List.of(card.readsText() ? new OpenInferenceViews.TensorMetadata(TEXTS, BYTES, List.of(-1L))
                : card.readsAudio() ? new OpenInferenceViews.TensorMetadata(AUDIO, BYTES, List.of(-1L))
                : new OpenInferenceViews.TensorMetadata(IMAGES, UINT8,
                        List.of(-1L, (long) card.channels(), (long) card.height(), (long) card.width())));
    }

    /** What the model gives, for its metadata. */
    static List<OpenInferenceViews.TensorMetadata> outputs(ModelCard card) {
        List<OpenInferenceViews.TensorMetadata> outputs = new ArrayList<>();
        outputs.add(new OpenInferenceViews.TensorMetadata(EMBEDDING, FP32, List.of(-1L, (long) card.embeddingSize())));
        if (card.classifies()) {
            outputs.add(new OpenInferenceViews.TensorMetadata(PROBABILITIES, FP32,
                    List.of(-1L, (long) card.classes().size())));
        }
        return outputs;
    }

    /**
     * The outputs a request asks for, checked against the model: every output when it names none.
     *
     * @throws InvalidRequestException for an output the model does not give
     */
    static List<String> outputNames(OpenInferenceViews.InferenceRequest request, ModelVersion model) {
        List<String> given = outputs(model.card()).stream().map(OpenInferenceViews.TensorMetadata::name).toList();
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return given;
        }
        Set<String> names = new LinkedHashSet<>();
        for (OpenInferenceViews.RequestOutput output : request.outputs()) {
            String name = output == null ? null : output.name();
            if (!given.contains(name)) {
                throw new InvalidRequestException("outputs", "unknown output '" + name + "': model " + model.name()
                        + " version " + model.version() + " gives " + String.join(", ", given));
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    static Operation operation(String output) {
        return output.equals(PROBABILITIES) ? Operation.CLASSIFICATIONS : Operation.EMBEDDINGS;
    }

    /**
     * The plan for a request's one input tensor: its name, datatype and shape are checked here,
     * its data when the plan's input is built (after the queue was found to have room).
     *
     * @throws InvalidRequestException 400 for what does not fit the model, 413 for too many inputs
     */
    InferenceService.Plan plan(OpenInferenceViews.InferenceRequest request, ModelVersion model) {
        List<Operation> operations = outputNames(request, model).stream().map(OpenInferenceTensors::operation)
                .toList();
        ModelCard card = model.card();
        String expected = card.readsText() ? TEXTS : card.readsAudio() ? AUDIO : IMAGES;
        String modelName = "model " + model.name() + " version " + model.version();
        if (request.inputs() == null || request.inputs().size() != 1 || request.inputs().get(0) == null) {
            throw new InvalidRequestException("inputs", "inputs must hold exactly one tensor, '" + expected + "', for "
                    + modelName);
        }
        OpenInferenceViews.RequestInput input = request.inputs().get(0);
        if (!expected.equals(input.name())) {
            throw new InvalidRequestException("inputs[0].name", "unknown input '" + input.name() + "': " + modelName
                    + " takes '" + expected + "'");
        }
        String datatype = input.datatype();
        if (!BYTES.equals(datatype)
                && (card.readsText() || card.readsAudio() || !UINT8.equals(datatype) && !FP32.equals(datatype))) {
            throw new InvalidRequestException("inputs[0].datatype", "datatype '" + datatype + "' is not accepted: "
                    + modelName + " takes " + (card.readsText() ? "BYTES (texts)"
                            : card.readsAudio() ? "BYTES (base64 WAV files)"
                            : "UINT8 or FP32 pixels [N, C, H, W], or BYTES (base64 PNG or JPEG images)"));
        }
        if (BYTES.equals(datatype)) {
            int count = stringCount(input.shape());
            return new InferenceService.Plan(operations, count, worker -> {
                List<String> values = strings(input.data(), count);
                return card.readsText() ? worker.encodeTexts(values)
                        : card.readsAudio() ? audio.prepare(AUDIO, base64(values, "WAV file"), card)
                        : images.prepare(IMAGES, base64(values, "image"), card);
            });
        }
        String field = "inputs[0].shape";
        int count = PixelTensor.count(field, input.shape(), maxInputs);
        PixelTensor.requireFits(field, input.shape(), card, model.name() + " version " + model.version());
        boolean unit = FP32.equals(datatype);
        return new InferenceService.Plan(operations, count, worker -> pixels(input.data(), unit,
                count * card.inputBytes()));
    }

    /** The response for the request's outputs, in the order it named them. */
    static OpenInferenceViews.InferenceResponse response(String id, List<String> names,
            InferenceService.Outputs result) {
        List<OpenInferenceViews.ResponseOutput> outputs = new ArrayList<>();
        for (String name : names) {
            float[][] rows = result.rows().get(operation(name));
            int width = rows.length == 0 ? 0 : rows[0].length;
            float[] flat = new float[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * width, width);
            }
            outputs.add(new OpenInferenceViews.ResponseOutput(name, List.of((long) rows.length, (long) width), FP32,
                    flat));
        }
        ModelVersion model = result.model();
        return new OpenInferenceViews.InferenceResponse(model.name(), Integer.toString(model.version()), id,
                Map.of("checkpoint_kind", model.checkpointKind().name()), outputs);
    }

    private int stringCount(List<Long> shape) {
        boolean fits = shape != null && (shape.size() == 1 || shape.size() == 2 && Long.valueOf(1).equals(shape.get(1)))
                && shape.get(0) != null && shape.get(0) >= 1;
        if (!fits) {
            throw new InvalidRequestException("inputs[0].shape", "inputs[0].shape " + shape + " is not [N] or [N, 1] "
                    + "with N at least 1, for BYTES");
        }
        if (shape.get(0) > maxInputs) {
            throw new InvalidRequestException(413, "inputs[0].shape", "too many inputs: " + shape.get(0) + ", at most "
                    + maxInputs + " per request (pretext.inference.max-images)");
        }
        return shape.get(0).intValue();
    }

    private static List<String> strings(JsonNode data, int count) {
        List<String> values = new ArrayList<>();
        int total = elements(data, node -> {
            if (!node.isString()) {
                throw new InvalidRequestException("inputs[0].data", "inputs[0].data element " + values.size()
                        + " is not a string: BYTES elements are strings");
            }
            values.add(node.asString());
        });
        requireCount(total, count);
        return values;
    }

    private static List<EncodedInput> base64(List<String> values, String what) {
        List<EncodedInput> inputs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            inputs.add(InferenceController.base64("inputs[0].data[" + i + "]", values.get(i), what));
        }
        return inputs;
    }

    private static byte[] pixels(JsonNode data, boolean unit, int length) {
        byte[] pixels = new byte[length];
        int[] at = {0};
        int total = elements(data, node -> {
            int i = at[0]++;
            if (!node.isNumber()) {
                throw new InvalidRequestException("inputs[0].data", "inputs[0].data element " + i
                        + " is not a number");
            }
            if (i < length) {
                double value = node.asDouble();
                pixels[i] = unit ? PixelTensor.fromUnit("inputs[0].data", i, value)
                        : PixelTensor.fromUint8("inputs[0].data", i, value);
            }
        });
        requireCount(total, length);
        return pixels;
    }

    /** Visits the leaves of flat or nested arrays in row-major order; returns how many there were. */
    private static int elements(JsonNode data, Consumer<JsonNode> leaf) {
        if (data == null || !data.isArray()) {
            throw new InvalidRequestException("inputs[0].data", "inputs[0].data must be an array (flat or nested, "
                    + "row-major)");
        }
        int count = 0;
        for (JsonNode node : data) {
            if (node.isArray()) {
                count += elements(node, leaf);
            } else {
                leaf.accept(node);
                count++;
            }
        }
        return count;
    }

    private static void requireCount(int total, int expected) {
        if (total != expected) {
            throw new InvalidRequestException("inputs[0].data", "inputs[0].data has " + total + " elements, but its "
                    + "shape makes " + expected);
        }
    }
}
