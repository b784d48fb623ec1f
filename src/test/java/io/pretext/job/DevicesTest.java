package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void auto_gives_a_slot_per_gpu_or_one_cpu_slot() {
        assertThat(Devices.expand(List.of("auto"), () -> 2)).containsExactly("0", "1");
        assertThat(Devices.expand(List.of("auto"), () -> 0)).containsExactly("cpu");
    }

    @Test
    void an_explicit_list_is_kept() {
        assertThat(Devices.expand(List.of("0", " 3"), () -> 8)).containsExactly("0", "3");
        assertThat(Devices.expand(List.of("cpu", "cpu"), () -> 0)).containsExactly("cpu", "cpu");
    }

    @Test
    void auto_on_this_machine_matches_what_cuda_reports() {
        int gpus = ai.djl.util.cuda.CudaUtils.getGpuCount();

        assertThat(Devices.expand(List.of("auto"))).hasSize(Math.max(1, gpus));
    }
}
