package io.pretext.inference;

import java.util.ArrayList;
import java.util.List;

import io.pretext.model.ModelVersion;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe v2 REST, also spoken by Triton and MLServer) beside the
 * native routes, through the same registry, batching workers and limits. {@code {name}} is a
 * model's name or id, exactly as {@code {id}} in {@code /v1/models/{id}}; {@code {version}} is a
 * version number or an alias (the latest version when absent). Errors are the protocol's
 * {@code {"error": "..."}} ({@link OpenInferenceExceptionHandler}). Not in the OpenAPI document,
 * whose every error is problem+json: the protocol's own specification describes these routes.
 */
@Hidden
@RestController
class OpenInferenceController {

    private static final String MODEL = "/v2/models/{name}";
    private static final String VERSION = "/v2/models/{name}/versions/{version}";
    /** The protocol's "platform": the framework that runs the model. */
    static final String PLATFORM = "pytorch_djl";

    private final InferenceService inference;
    private final OpenInferenceTensors tensors;
    private final ServerReadiness readiness;
    private final String version;

    OpenInferenceController(InferenceService inference, ImagePreparation images, InferenceProperties properties,
            ServerReadiness readiness, @Value("${pretext.version:dev}") String version) {
        this.inference = inference;
        this.tensors = new OpenInferenceTensors(images, new AudioPreparation(properties), properties.maxImages());
        this.readiness = readiness;
        this.version = version;
    }

    /** The server's name and version; no protocol extensions. */
    @GetMapping("/v2")
    OpenInferenceViews.ServerMetadata server() {
        return new OpenInferenceViews.ServerMetadata("pretext", version, List.of());
    }

    /** The server answers: it is live. */
    @GetMapping("/v2/health/live")
    OpenInferenceViews.Live live() {
        return new OpenInferenceViews.Live(true);
    }

    /** 200 when the server can serve, else 503 (as {@code /actuator/health/readiness}). */
    @GetMapping("/v2/health/ready")
    ResponseEntity<OpenInferenceViews.Ready> ready() {
        boolean ready = readiness.ready();
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new OpenInferenceViews.Ready(ready));
    }

    @GetMapping(MODEL)
    OpenInferenceViews.ModelMetadata metadata(@PathVariable String name) {
        return metadata(name, null);
    }

    @GetMapping(VERSION)
    OpenInferenceViews.ModelMetadata metadata(@PathVariable String name, @PathVariable String version) {
        ModelVersion model = inference.resolve(reference(name, version));
        ModelVersion latest = version == null ? model : inference.resolve(name);
        // Versions are numbered from 1 without gaps (the registry adds max + 1 and never deletes).
        List<String> versions = new ArrayList<>();
        for (int v = 1; v <= latest.version(); v++) {
            versions.add(Integer.toString(v));
        }
        return new OpenInferenceViews.ModelMetadata(model.name(), versions, PLATFORM,
                OpenInferenceTensors.inputs(model.card()), OpenInferenceTensors.outputs(model.card()));
    }

    /** Ready when its checkpoint is loaded: asking loads it, so the first inference does not wait. */
    @GetMapping(MODEL + "/ready")
    OpenInferenceViews.ModelReady modelReady(@PathVariable String name) {
        return modelReady(name, null);
    }

    @GetMapping(VERSION + "/ready")
    OpenInferenceViews.ModelReady modelReady(@PathVariable String name, @PathVariable String version) {
        return new OpenInferenceViews.ModelReady(inference.load(reference(name, version)).name(), true);
    }

    // No 'consumes': a body of another type then fails inside this controller and gets the protocol's error.
    @PostMapping(MODEL + "/infer")
    OpenInferenceViews.InferenceResponse infer(@PathVariable String name,
            @RequestBody OpenInferenceViews.InferenceRequest request) {
        return infer(name, null, request);
    }

    @PostMapping(VERSION + "/infer")
    OpenInferenceViews.InferenceResponse infer(@PathVariable String name, @PathVariable String version,
            @RequestBody OpenInferenceViews.InferenceRequest request) {
        InferenceService.Outputs result = inference.run(reference(name, version),
                model -> tensors.plan(request, model));
        return OpenInferenceTensors.response(request.id(), OpenInferenceTensors.outputNames(request, result.model()),
                result);
    }

    /** The registry's reference: a version number or alias is the protocol's version. */
    private static String reference(String name, String version) {
        return version == null ? name : name + "@" + version;
    }
}
