package io.pretext.inference;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The JSON objects of the Open Inference Protocol (KServe v2 REST), as its specification names
 * them. Requests ignore fields they do not know (clients of other servers may send more).
 * Immutable records; nullable where the protocol marks a field optional.
 */
final class OpenInferenceViews {

    private OpenInferenceViews() {
    }

    /** {@code $metadata_server_response}. */
    record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /** {@code $live_server_response}. */
    record Live(boolean live) {
    }

    /** {@code $ready_server_response}. */
    record Ready(boolean ready) {
    }

    /** {@code $ready_model_response}. */
    record ModelReady(String name, boolean ready) {
    }

    /** {@code $metadata_tensor}: a dimension of -1 varies (the batch). */
    record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    /** {@code $metadata_model_response}. */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
            List<TensorMetadata> outputs) {
    }

    /** {@code $inference_request}: {@code outputs} null or empty asks for every output. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InferenceRequest(String id, Map<String, Object> parameters, List<RequestInput> inputs,
            List<RequestOutput> outputs) {
    }

    /** {@code $request_input}: {@code data} is flat or nested in row-major order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
            JsonNode data) {
    }

    /** {@code $request_output}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestOutput(String name, Map<String, Object> parameters) {
    }

    /**
     * {@code $inference_response}: {@code id} only when the request gave one; {@code parameters}
     * says which kind of checkpoint answered ({@code checkpoint_kind}: FINETUNE, SCRATCH or PRETRAIN).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferenceResponse(@JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion, String id, Map<String, Object> parameters,
            List<ResponseOutput> outputs) {
    }

    /** {@code $response_output}: {@code data} flat, row-major. */
    record ResponseOutput(String name, List<Long> shape, String datatype, float[] data) {
    }

    /** {@code $inference_error_response} and the other error objects. */
    record Error(String error) {
    }
}
