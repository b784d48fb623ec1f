package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.pretext.dataset.ingest.AudioClips;
import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.DatasetFiles;
import io.pretext.training.ModelCard;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audio end to end through the API (issue 19's acceptance): a small spoken-word set synthesised
 * with espeak-ng at test time, uploaded as {@code audio-folder-zip} at 8 kHz, SimCLR pretraining on
 * {@code audio-cnn}, full finetuning, evaluation and the log-mel {@code pixels} floor run by the
 * worker, the model registered, and
 * WAV files classified over HTTP (multipart and base64 JSON) exactly as the checkpoint does
 * in-process on the clips the datasets' own {@link AudioClips} makes. Skipped without espeak-ng.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudioModelServingIntegrationTest {

    static final List<String> WORDS = List.of("yes", "no", "up");
    static final List<String> VOICES = List.of("en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp");
    static final int SAMPLE_RATE = 8000;
    static final int DURATION_MS = 800;

    ServedModel served;
    ApiClient api;
    String dataset;
    final List<byte[]> heldOut = new ArrayList<>();

    @BeforeAll
    void trainAnAudioModel() throws Exception {
        assumeTrue(espeakAvailable(), "espeak-ng is not installed (apt-get install espeak-ng): the audio "
                + "end-to-end test needs it to synthesise its clips");
        served = ServedModel.get();
        api = served.api();
        Path dir = Files.createTempDirectory("pretext-audio-words");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (String word : WORDS) {
                for (String voice : VOICES) {
                    for (int speed : new int[] {150, 190}) {
                        for (int pitch : new int[] {30, 70}) {
                            byte[] wav = speak(dir, word, voice, speed, pitch);
                            out.putNextEntry(new ZipEntry("words/" + word + "/" + voice + "-" + speed + "-" + pitch
                                    + ".wav"));
                            out.write(wav);
                            out.closeEntry();
                        }
                    }
                }
                heldOut.add(speak(dir, word, "en-gb-x-gbclan", 170, 50));
            }
        }
        var uploaded = api.upload("/v1/datasets", ADMIN, Map.of("name", "words", "format", "audio-folder-zip",
                "sampleRate", String.valueOf(SAMPLE_RATE), "durationMs", String.valueOf(DURATION_MS)),
                new FilePart("file", "words.zip", zip.toByteArray()));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().get("modality").asString()).isEqualTo("audio");
        assertThat(uploaded.json().get("numSamples").asInt()).isEqualTo(WORDS.size() * VOICES.size() * 4);
        dataset = uploaded.json().get("id").asString();
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "words", "seed": 5,
                 "pretrain": {"dataset": "%1$s", "method": "simclr", "encoder": "audio-cnn", "epochs": 1,
                              "batchSize": 20},
                 "finetune": {"dataset": "%1$s", "labelsPerClass": 12, "strategy": "full", "epochs": 3,
                              "batchSize": 12},
                 "evaluate": {"datasets": ["%1$s"]},
                 "baselines": ["pixels"]}
                """.formatted(dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String experiment = created.json().get("id").asString();
        var finished = api.awaitExperiment(experiment, ADMIN, Duration.ofMinutes(6));
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        for (String floor : List.of("knnAccuracy", "knnPixelAccuracy")) {
            JsonNode points = api.get("/v1/experiments/" + experiment + "/metrics?name=" + floor, ADMIN).json();
            assertThat(points).as("%s: the random encoder's and the log-mel input's kNN before training", floor)
                    .isNotEmpty();
            assertThat(points.get(0).get("epoch").asInt()).isZero();
            assertThat(points.get(0).get("value").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(api.get("/v1/models/words", ADMIN).status()).as("registered as its last job finished")
                .isEqualTo(200);
    }

    @Test
    void fixmatch_trains_on_the_clips_with_weak_and_strong_audio_views_and_is_evaluated() {
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "words-fixmatch", "seed": 6, "baselines": [],
                 "finetune": {"dataset": "%1$s", "labelsPerClass": 8, "strategy": "fixmatch", "steps": 24,
                              "epochs": 2, "batchSize": 6, "lr": {"head": 0.01}, "fixmatch": {"mu": 2}},
                 "evaluate": {"datasets": ["%1$s"]}}
                """.formatted(dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String experiment = created.json().get("id").asString();
        var finished = api.awaitExperiment(experiment, ADMIN, Duration.ofMinutes(6));
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        for (String metric : List.of("labeledLoss", "unlabeledLoss", "maskRate", "validationAccuracy")) {
            assertThat(api.get("/v1/experiments/" + experiment + "/metrics?name=" + metric, ADMIN).json().values())
                    .as(metric).hasSize(2).allSatisfy(p -> assertThat(p.get("value").asDouble()).isFinite()
                            .isGreaterThanOrEqualTo(0));
        }
        assertThat(api.get("/v1/experiments/" + experiment + "/metrics?name=accuracy/" + dataset, ADMIN).json()
                .values()).singleElement().satisfies(p -> assertThat(p.get("value").asDouble()).isBetween(0.0, 1.0));
    }

    @Test
    void a_wav_is_classified_over_http_as_the_checkpoint_classifies_it_in_process() throws Exception {
        float[][] expected;
        List<String> classes;
        try (TrainedModel model = load()) {
            ModelCard card = model.card();
            assertThat(card.audio()).as("the card carries the front end").isNotNull();
            assertThat(card.audio().sampleRate()).isEqualTo(SAMPLE_RATE);
            expected = model.probabilities(clips(card, heldOut), heldOut.size());
            classes = card.classes();
        }
        assertThat(classes).containsExactlyElementsOf(WORDS.stream().sorted().toList());
        for (int i = 0; i < heldOut.size(); i++) {
            var multipart = api.upload("/v1/models/words/classifications?topK=3", ADMIN, Map.of(),
                    new FilePart("files", WORDS.get(i) + ".wav", heldOut.get(i)));
            assertThat(multipart.status()).as(multipart.body()).isEqualTo(200);
            var json = api.post("/v1/models/words/classifications?topK=3", ADMIN,
                    ApiClient.json(Map.of("audio", List.of(Base64.getEncoder().encodeToString(heldOut.get(i))))));
            assertThat(json.status()).as(json.body()).isEqualTo(200);
            int best = CheckpointOutputs.argmax(expected[i]);
            for (JsonNode answer : List.of(multipart.json(), json.json())) {
                JsonNode prediction = answer.get("predictions").get(0);
                assertThat(prediction.get("label").asString()).isEqualTo(classes.get(best));
                assertThat(prediction.get("probability").asDouble()).isCloseTo(expected[i][best], within(1e-5));
            }
        }
    }

    @Test
    void embeddings_of_a_wav_over_http_equal_the_in_process_ones() throws Exception {
        float[][] expected;
        try (TrainedModel model = load()) {
            expected = model.embeddings(clips(model.card(), heldOut.subList(0, 1)), 1);
        }
        JsonNode answer = api.upload("/v1/models/words/embeddings", ADMIN, Map.of(),
                new FilePart("files", "yes.wav", heldOut.get(0))).json();
        assertThat(answer.get("embeddingSize").asInt()).as("audio-cnn's width").isEqualTo(128);
        for (int d = 0; d < expected[0].length; d++) {
            assertThat(answer.get("embeddings").get(0).get(d).asDouble()).isCloseTo(expected[0][d], within(1e-4));
        }
    }

    @Test
    void the_open_inference_protocol_takes_base64_wavs_as_bytes_and_gives_what_the_checkpoint_computes()
            throws Exception {
        float[][] embeddings;
        float[][] probabilities;
        try (TrainedModel model = load()) {
            byte[] clip = clips(model.card(), heldOut.subList(1, 2));
            embeddings = model.embeddings(clip, 1);
            probabilities = model.probabilities(clip, 1);
        }
        var response = api.post("/v2/models/words/infer", ADMIN, ApiClient.json(Map.of("inputs", List.of(
                Map.of("name", "audio", "datatype", "BYTES", "shape", List.of(1),
                        "data", List.of(Base64.getEncoder().encodeToString(heldOut.get(1))))))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode outputs = response.json().get("outputs");
        for (int d = 0; d < embeddings[0].length; d++) {
            assertThat(outputs.get(0).get("data").get(d).asDouble()).isCloseTo(embeddings[0][d], within(1e-4));
        }
        for (int k = 0; k < probabilities[0].length; k++) {
            assertThat(outputs.get(1).get("data").get(k).asDouble()).isCloseTo(probabilities[0][k], within(1e-5));
        }
        assertThat(api.get("/v2/models/words", ADMIN).json().at("/inputs/0").toString())
                .isEqualTo("{\"name\":\"audio\",\"datatype\":\"BYTES\",\"shape\":[-1]}");
        var pixels = api.post("/v2/models/words/infer", ADMIN, ApiClient.json(Map.of("inputs", List.of(
                Map.of("name", "audio", "datatype", "UINT8", "shape", List.of(1, 1, 2, 2), "data", List.of(1, 2, 3, 4))))));
        assertThat(pixels.status()).isEqualTo(400);
        assertThat(pixels.json().get("error").asString()).contains("BYTES (base64 WAV files)");
    }

    @Test
    void audio_for_an_image_model_images_for_an_audio_model_and_bad_wavs_are_clear_4xx_problems() {
        String wav = Base64.getEncoder().encodeToString(heldOut.get(0));
        var audioToImages = api.post("/v1/models/served/classifications", ADMIN,
                ApiClient.json(Map.of("audio", List.of(wav))));
        assertThat(audioToImages.status()).isEqualTo(422);
        assertThat(audioToImages.contentType()).startsWith("application/problem+json");
        assertThat(audioToImages.json().get("detail").asString()).contains("reads images");
        var imagesToAudio = api.post("/v1/models/words/classifications", ADMIN,
                ServedModel.base64Body(List.of(DatasetFiles.png(8, 8, true, 1))));
        assertThat(imagesToAudio.status()).isEqualTo(422);
        assertThat(imagesToAudio.json().get("detail").asString()).contains("reads audio").contains("WAV");
        var textsToAudio = api.post("/v1/models/words/embeddings", ADMIN, "{\"texts\": [\"yes\"]}");
        assertThat(textsToAudio.status()).isEqualTo(422);
        var truncated = api.post("/v1/models/words/classifications", ADMIN, ApiClient.json(Map.of("audio",
                List.of(wav, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(heldOut.get(1), 60))))));
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.contentType()).startsWith("application/problem+json");
        assertThat(truncated.json().at("/errors/0/field").asString()).isEqualTo("audio[1]");
        var notWav = api.upload("/v1/models/words/classifications", ADMIN, Map.of(),
                new FilePart("files", "note.txt", "hello".getBytes()));
        assertThat(notWav.status()).isEqualTo(400);
        assertThat(notWav.json().at("/errors/0/field").asString()).isEqualTo("files[0] (note.txt)");
        assertThat(notWav.json().at("/errors/0/message").asString()).contains("not a WAV");
    }

    /** The clips as the datasets' ingest would store them: the model card's input form. */
    private static byte[] clips(ModelCard card, List<byte[]> wavs) {
        AudioClips clips = new AudioClips(card.audio().sampleRate(), card.audio().clipSamples(),
                AudioClips.MAX_SOURCE_SECONDS);
        byte[] out = new byte[wavs.size() * card.inputBytes()];
        for (int i = 0; i < wavs.size(); i++) {
            short[] pcm = clips.canonical(wavs.get(i));
            for (int t = 0; t < pcm.length; t++) {
                out[i * card.inputBytes() + 2 * t] = (byte) pcm[t];
                out[i * card.inputBytes() + 2 * t + 1] = (byte) (pcm[t] >> 8);
            }
        }
        return out;
    }

    private TrainedModel load() throws Exception {
        String checkpoint = api.get("/v1/models/words", ADMIN).json().get("versions").get(0).get("checkpoint")
                .asString();
        return TrainedModel.load(served.app().getBean(ArtifactStore.class), checkpoint,
                served.app().getBean(JsonMapper.class));
    }

    private static byte[] speak(Path dir, String word, String voice, int speed, int pitch) throws Exception {
        Path wav = dir.resolve(word + "-" + voice + "-" + speed + "-" + pitch + ".wav");
        Process process = new ProcessBuilder("espeak-ng", "-v", voice, "-s", String.valueOf(speed), "-p",
                String.valueOf(pitch), "-w", wav.toString(), word).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        return Files.readAllBytes(wav);
    }

    private static boolean espeakAvailable() {
        try {
            Process process = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
