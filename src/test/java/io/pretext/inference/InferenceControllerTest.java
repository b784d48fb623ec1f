package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.pretext.model.CheckpointKind;
import io.pretext.model.ModelVersion;
import io.pretext.training.ModelCard;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The inference routes' HTTP contract with the service mocked (security is tested elsewhere). */
@WebMvcTest(InferenceController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(InferenceControllerTest.Properties.class)
class InferenceControllerTest {

    static final ModelVersion MODEL = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "pets", 3, "p/",
            CheckpointKind.SCRATCH,
            new ModelCard("cnn-small", 1, 8, 8, new float[] {0.5f}, new float[] {0.25f},
                    List.of("cat", "dog", "bird"), 2));

    /** The slice does not scan configuration properties; the controller reads the size limits. */
    @org.springframework.boot.test.context.TestConfiguration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(InferenceProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    InferenceService inference;

    @Test
    void multipart_files_are_named_by_index_and_file_name_and_classifications_list_the_top_k() {
        when(inference.inferFiles(eq("pets@champion"), eq(Operation.CLASSIFICATIONS), eq("files"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{0.2f, 0.7f, 0.1f}}));

        var result = mvc.post().uri("/v1/models/pets@champion/classifications?topK=2")
                .multipart().file(new MockMultipartFile("files", "a.png", "image/png", new byte[] {1})).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.predictions[0].label").isEqualTo("dog");
        assertThat(result).bodyJson().extractingPath("$.predictions[0].top[1].label").isEqualTo("cat");
        assertThat(result).bodyJson().extractingPath("$.predictions[0].top.length()").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.version").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.model").isEqualTo("pets");
        assertThat(result).bodyJson().extractingPath("$.checkpointKind").isEqualTo("SCRATCH");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<EncodedInput>> images = ArgumentCaptor.forClass(List.class);
        verify(inference).inferFiles(eq("pets@champion"), eq(Operation.CLASSIFICATIONS), eq("files"), images.capture());
        assertThat(images.getValue()).extracting(EncodedInput::name).containsExactly("files[0] (a.png)");
    }

    @Test
    void the_multipart_operations_own_paths_answer_like_the_shared_ones() {
        when(inference.inferFiles(eq("pets"), any(), eq("files"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{0.2f, 0.7f, 0.1f}}));
        MockMultipartFile file = new MockMultipartFile("files", "a.png", "image/png", new byte[] {1});

        var classified = mvc.post().uri("/v1/models/pets/classifications/files?topK=1").multipart().file(file)
                .exchange();
        var embedded = mvc.post().uri("/v1/models/pets/embeddings/files").multipart().file(file).exchange();

        assertThat(classified).hasStatusOk();
        assertThat(classified).bodyJson().extractingPath("$.predictions[0].top.length()").isEqualTo(1);
        assertThat(embedded).hasStatusOk();
        assertThat(embedded).bodyJson().extractingPath("$.embeddings[0].length()").isEqualTo(3);
        verify(inference).inferFiles(eq("pets"), eq(Operation.CLASSIFICATIONS), eq("files"), anyList());
        verify(inference).inferFiles(eq("pets"), eq(Operation.EMBEDDINGS), eq("files"), anyList());
    }

    @Test
    void json_embeddings_can_be_normalized_to_unit_length() {
        when(inference.infer(eq("pets"), eq(Operation.EMBEDDINGS), eq("images"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{3, 4}}));

        var result = mvc.post().uri("/v1/models/pets/embeddings?normalize=true").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"]}").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.embeddings[0][0]").isEqualTo(0.6);
        assertThat(result).bodyJson().extractingPath("$.embeddings[0][1]").isEqualTo(0.8);
        assertThat(result).bodyJson().extractingPath("$.normalized").isEqualTo(true);
    }

    @Test
    void a_full_queue_is_429_and_a_timeout_503_both_with_retry_after() {
        when(inference.infer(anyString(), any(), anyString(), anyList()))
                .thenThrow(new InferenceRejectedException(InferenceRejectedException.Reason.QUEUE_FULL, "full",
                        Duration.ofSeconds(1)))
                .thenThrow(new InferenceRejectedException(InferenceRejectedException.Reason.TIMEOUT, "slow",
                        Duration.ofSeconds(2)));

        var full = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"]}").exchange();
        var slow = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"]}").exchange();

        assertThat(full).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "1");
        assertThat(full).bodyJson().extractingPath("$.detail").isEqualTo("full");
        assertThat(slow).hasStatus(503).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "2");
    }

    @Test
    void a_bad_top_k_or_a_body_without_images_is_a_400_naming_the_field() {
        var topK = mvc.post().uri("/v1/models/pets/classifications?topK=0").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"]}").exchange();
        var noImages = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{}").exchange();

        assertThat(topK).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(topK).bodyJson().extractingPath("$.errors[0].field").isEqualTo("topK");
        assertThat(noImages).hasStatus(400);
        assertThat(noImages).bodyJson().extractingPath("$.errors[0].field").isEqualTo("images");
        verify(inference, never()).infer(anyString(), any(), anyString(), anyList());
    }

    @Test
    void an_empty_list_beside_a_non_empty_one_is_absent_as_generated_clients_send_it_but_two_lists_are_not() {
        when(inference.infer(eq("pets"), eq(Operation.EMBEDDINGS), eq("images"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{1, 0}}));
        when(inference.inferTexts(eq("pets"), eq(Operation.EMBEDDINGS), eq(List.of("hi"))))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{0, 1}}));

        var images = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"], \"texts\": []}").exchange();
        var texts = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [], \"texts\": [\"hi\"]}").exchange();
        var both = mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"], \"texts\": [\"hi\"]}").exchange();

        assertThat(images).hasStatusOk();
        assertThat(images).bodyJson().extractingPath("$.embeddings[0][0]").isEqualTo(1.0);
        assertThat(texts).hasStatusOk();
        assertThat(texts).bodyJson().extractingPath("$.embeddings[0][1]").isEqualTo(1.0);
        assertThat(both).hasStatus(400);
        assertThat(both).bodyJson().extractingPath("$.errors[0].field").isEqualTo("texts");
    }

    @Test
    void undecodable_base64_reaches_the_service_as_an_unreadable_item() {
        when(inference.infer(eq("pets"), eq(Operation.EMBEDDINGS), eq("images"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{1, 0}, {0, 1}}));

        mvc.post().uri("/v1/models/pets/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"data:image/png;base64,AQID\", \"%%%\"]}").exchange();

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<EncodedInput>> images = ArgumentCaptor.forClass(List.class);
        verify(inference).infer(eq("pets"), eq(Operation.EMBEDDINGS), eq("images"), images.capture());
        assertThat(images.getValue().get(0).bytes()).containsExactly(1, 2, 3);
        assertThat(images.getValue().get(1).problem()).isEqualTo("not valid base64");
    }

    @Test
    void base64_wav_files_in_audio_go_to_the_audio_path_named_by_index() {
        when(inference.inferAudio(eq("words"), eq(Operation.CLASSIFICATIONS), eq("audio"), anyList()))
                .thenReturn(new InferenceService.Result(MODEL, new float[][] {{0.1f, 0.2f, 0.7f}, {0.7f, 0.2f, 0.1f}}));

        var result = mvc.post().uri("/v1/models/words/classifications?topK=1").contentType(MediaType.APPLICATION_JSON)
                .content("{\"audio\": [\"UklGRg==\", \"%%%\"], \"images\": [], \"texts\": []}").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.predictions[0].label").isEqualTo("bird");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<EncodedInput>> clips = ArgumentCaptor.forClass(List.class);
        verify(inference).inferAudio(eq("words"), eq(Operation.CLASSIFICATIONS), eq("audio"), clips.capture());
        assertThat(clips.getValue()).extracting(EncodedInput::name).containsExactly("audio[0]", "audio[1]");
        assertThat(clips.getValue().get(0).bytes()).containsExactly('R', 'I', 'F', 'F');
        assertThat(clips.getValue().get(1).problem()).isEqualTo("not valid base64");
        verify(inference, never()).infer(anyString(), any(), anyString(), anyList());
    }

    @Test
    void audio_beside_images_or_texts_is_a_400_naming_the_second_field() {
        var withImages = mvc.post().uri("/v1/models/words/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"images\": [\"AQID\"], \"audio\": [\"AQID\"]}").exchange();
        var withTexts = mvc.post().uri("/v1/models/words/embeddings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"texts\": [\"hi\"], \"audio\": [\"AQID\"]}").exchange();

        assertThat(withImages).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(withImages).bodyJson().extractingPath("$.errors[0].field").isEqualTo("audio");
        assertThat(withTexts).hasStatus(400);
        assertThat(withTexts).bodyJson().extractingPath("$.errors[0].field").isEqualTo("audio");
        verify(inference, never()).inferAudio(anyString(), any(), anyString(), anyList());
    }
}
