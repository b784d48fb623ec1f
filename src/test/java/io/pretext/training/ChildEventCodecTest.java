package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class ChildEventCodecTest {

    final Map<String, Double> metrics = metrics();

    private static Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", 0.25);
        metrics.put("samplesPerSecond", 1234.5);
        metrics.put("validationAccuracy", Double.NaN);
        return metrics;
    }

    @Test
    void each_event_survives_a_round_trip_as_one_line() {
        for (ChildEvent event : new ChildEvent[] {new ChildEvent.Epoch(3, metrics),
                new ChildEvent.Checkpoint(4, "checkpoints/j/epoch-0004/", metrics), new ChildEvent.Done(Map.of()),
                new ChildEvent.Progress(2, 5, 10, 40, 812.5, 33.0), new ChildEvent.Usage(12.75)}) {
            String line = ChildEventCodec.write(event);
            assertThat(line).doesNotContain("\n");
            assertThat(ChildEventCodec.read(line)).contains(event);
        }
    }

    @Test
    void the_wire_format_names_the_event_and_its_fields() {
        String line = ChildEventCodec.write(new ChildEvent.Checkpoint(4, "checkpoints/j/epoch-0004/",
                Map.of("loss", 0.5)));
        var node = JsonMapper.builder().build().readTree(line);
        assertThat(node.get("event").asString()).isEqualTo("checkpoint");
        assertThat(node.get("epoch").asInt()).isEqualTo(4);
        assertThat(node.get("prefix").asString()).isEqualTo("checkpoints/j/epoch-0004/");
        assertThat(node.at("/metrics/loss").asDouble()).isEqualTo(0.5);
        assertThat(ChildEventCodec.read("{\"event\":\"epoch\",\"epoch\":2,\"metrics\":{\"loss\":1.5}}"))
                .contains(new ChildEvent.Epoch(2, Map.of("loss", 1.5)));
    }

    @Test
    void metrics_keep_their_order_and_cannot_be_changed() {
        ChildEvent event = ChildEventCodec.read(ChildEventCodec.write(new ChildEvent.Epoch(1, metrics))).orElseThrow();
        assertThat(event.metrics().keySet()).containsExactly("loss", "samplesPerSecond", "validationAccuracy");
        assertThat(new ChildEvent.Done(null).metrics()).isEmpty();
        assertThatThrownBy(() -> event.metrics().put("x", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void an_event_of_an_unknown_type_is_skipped() {
        assertThat(ChildEventCodec.read("{\"event\":\"heartbeat\",\"epoch\":1}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Downloading libtorch...", "{\"event\":\"epoch\",\"epo", "[1,2]", "{\"epoch\":1}",
        "{\"event\":7}", "{\"event\":\"checkpoint\",\"epoch\":1,\"metrics\":{}}",
        "{\"event\":\"epoch\",\"metrics\":{}}", "{\"event\":\"epoch\",\"epoch\":1,\"metrics\":{\"loss\":\"high\"}}"})
    void a_garbled_line_or_an_event_missing_a_field_is_an_illegal_argument(String line) {
        assertThatIllegalArgumentException().isThrownBy(() -> ChildEventCodec.read(line));
    }
}
