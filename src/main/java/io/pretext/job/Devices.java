package io.pretext.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import ai.djl.util.cuda.CudaUtils;

/**
 * Turns {@code pretext.worker.devices} into one slot per device: {@code auto} means every GPU the
 * CUDA runtime reports (one CPU slot when there is none); anything else is taken as given.
 */
final class Devices {

    private Devices() {
    }

    static List<String> expand(List<String> configured) {
        return expand(configured, CudaUtils::getGpuCount);
    }

    static List<String> expand(List<String> configured, IntSupplier gpuCount) {
        if (configured.size() == 1 && "auto".equalsIgnoreCase(configured.get(0).trim())) {
            int gpus = gpuCount.getAsInt();
            List<String> slots = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                slots.add(Integer.toString(i));
            }
            return slots.isEmpty() ? List.of("cpu") : slots;
        }
        return configured.stream().map(String::trim).toList();
    }
}
