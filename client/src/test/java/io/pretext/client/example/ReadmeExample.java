package io.pretext.client.example;

import java.io.File;
import java.time.Duration;
import java.util.List;

import io.pretext.client.ApiClient;
import io.pretext.client.ApiException;
import io.pretext.client.api.DatasetsApi;
import io.pretext.client.api.ExperimentsApi;
import io.pretext.client.api.InferenceApi;
import io.pretext.client.api.ModelsApi;
import io.pretext.client.model.Classifications;
import io.pretext.client.model.DatasetFormat;
import io.pretext.client.model.DatasetInfo;
import io.pretext.client.model.ExperimentSpec;
import io.pretext.client.model.ExperimentView;
import io.pretext.client.model.Finetune;
import io.pretext.client.model.JobState;
import io.pretext.client.model.ModelDetail;
import io.pretext.client.model.Pretrain;
import io.pretext.client.model.Problem;
import io.pretext.client.model.TrainingMethod;

/**
 * The example of client/README.md, compiled with the client so that it stays true: upload
 * Fashion-MNIST, pretrain and finetune, classify a picture, and read an error as a Problem.
 * Arguments: the service's URL and an API key with read and write.
 */
public final class ReadmeExample {

    private ReadmeExample() {
    }

    public static void main(String[] args) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(args[0]); // e.g. http://localhost:8080
        client.setReadTimeout(Duration.ofMinutes(2));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + args[1]));

        String data = "/usr/share/datasets/fashion-mnist/";
        DatasetInfo dataset = new DatasetsApi(client).uploadDataset(new File(data + "train-images-idx3-ubyte.gz"),
                "fmnist", new File(data + "train-labels-idx1-ubyte.gz"), DatasetFormat.IDX,
                null, null, null, null, null); // imageSize, classes, split, sampleRate, durationMs: defaults

        ExperimentsApi experiments = new ExperimentsApi(client);
        ExperimentView experiment = experiments.submitExperiment(new ExperimentSpec().name("fmnist-rotation")
                .pretrain(new Pretrain().dataset(dataset.getId()).method(TrainingMethod.ROTATION).epochs(5))
                .finetune(new Finetune().dataset(dataset.getId()).labelFraction(0.01)), null);
        JobState state;
        do {
            Thread.sleep(5_000);
            state = experiments.getExperiment(experiment.getId()).getState();
        } while (state == JobState.QUEUED || state == JobState.RUNNING);
        ModelDetail model = null;
        while (model == null) { // the registry's sweep makes a succeeded experiment a model (every 10 s by default)
            try {
                model = new ModelsApi(client).getModel("fmnist-rotation");
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }

        try {
            Classifications answer = new InferenceApi(client).classifyImages("fmnist-rotation",
                    List.of(new File("shoe.png")), 3);
            System.out.println(answer.getPredictions().get(0).getLabel());
        } catch (ApiException e) {
            Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
            System.err.println(problem.getStatus() + " " + problem.getTitle() + ": " + problem.getDetail());
        }
    }
}
