package io.pretext.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one collected batch: drops requests that are done or past their deadline, then one
 * forward pass per operation (in chunks of {@code maxBatchSize} images, for a request larger than
 * that), and hands each request its rows. A model error fails only that pass's requests.
 * Stateless.
 */
final class BatchRunner {

    private BatchRunner() {
    }

    static void run(BatchModel model, List<ModelWorker.Pending> batch, int maxBatchSize, Instant now,
            ModelWorker.Listener listener) {
        List<ModelWorker.Pending> live = batch.stream().filter(p -> !p.result.isDone()).filter(p -> {
            if (now.isAfter(p.deadline)) {
                p.result.completeExceptionally(new InferenceRejectedException(
                        InferenceRejectedException.Reason.TIMEOUT, "timed out waiting in the queue",
                        Duration.ofSeconds(1)));
                return false;
            }
            return true;
        }).toList();
        for (Operation operation : Operation.values()) {
            List<ModelWorker.Pending> group = live.stream().filter(p -> p.operation == operation).toList();
            if (group.isEmpty()) {
                continue;
            }
            group.forEach(p -> listener.queued(Duration.between(p.queuedAt, now)));
            int images = group.stream().mapToInt(p -> p.count).sum();
            try {
                byte[] input = concat(group);
                long started = System.nanoTime();
                float[][] rows = forward(model, operation, input, images, maxBatchSize);
                listener.batch(operation, images, Duration.ofNanos(System.nanoTime() - started));
                int offset = 0;
                for (ModelWorker.Pending p : group) {
                    p.result.complete(Arrays.copyOfRange(rows, offset, offset + p.count));
                    offset += p.count;
                }
            } catch (RuntimeException e) {
                group.forEach(p -> p.result.completeExceptionally(e));
            }
        }
    }

    private static float[][] forward(BatchModel model, Operation operation, byte[] pixels, int count,
            int maxBatchSize) {
        if (count <= maxBatchSize) {
            return model.run(operation, pixels, count);
        }
        int bytesPerImage = pixels.length / count;
        float[][] rows = new float[count][];
        for (int start = 0; start < count; start += maxBatchSize) {
            int n = Math.min(maxBatchSize, count - start);
            float[][] chunk = model.run(operation,
                    Arrays.copyOfRange(pixels, start * bytesPerImage, (start + n) * bytesPerImage), n);
            System.arraycopy(chunk, 0, rows, start, n);
        }
        return rows;
    }

    private static byte[] concat(List<ModelWorker.Pending> group) {
        if (group.size() == 1) {
            return group.get(0).pixels;
        }
        byte[] all = new byte[group.stream().mapToInt(p -> p.pixels.length).sum()];
        int offset = 0;
        for (ModelWorker.Pending p : group) {
            System.arraycopy(p.pixels, 0, all, offset, p.pixels.length);
            offset += p.pixels.length;
        }
        return all;
    }
}
