package io.pretext.inference;

import java.time.Duration;

/**
 * How many requests one model may have admitted at once (being read, queued or in a forward
 * pass) so that each still answers within the request timeout. The model's worker reports how
 * long its forward passes take; with {@code B} the smoothed time of one pass of up to
 * {@code maxBatchSize} images and {@code m} the smoothed images per request, {@code n} admitted
 * requests need {@code ceil(n * m / maxBatchSize)} passes, so at most
 * {@code floor((timeout - maxDelay) / B) * maxBatchSize / m} are admitted (never more than
 * {@code maxAdmitted}, never fewer than one). Until a first pass is measured the limit is
 * {@code maxAdmitted}. A refused request is told to retry once the admitted backlog would have
 * drained. Durations come in from the worker, so the policy needs no clock. Thread-safe.
 */
final class AdmissionPolicy {

    /** Weight of the newest measurement in the moving averages: reacts within ~5 batches. */
    private static final double SMOOTHING = 0.2;

    private final int maxBatchSize;
    private final double budgetNanos;
    private final double maxDelayNanos;
    private final int maxAdmitted;
    private int admitted;
    /** Smoothed nanoseconds of one forward pass; NaN until one was measured. */
    private double passNanos = Double.NaN;
    private double imagesPerRequest = 1;

    /**
     * @param maxBatchSize most images in one forward pass
     * @param maxDelay how long a pass may wait for its batch to fill
     * @param timeout how long a request may wait and run
     * @param maxAdmitted the most requests admitted at once, whatever the measurements
     */
    AdmissionPolicy(int maxBatchSize, Duration maxDelay, Duration timeout, int maxAdmitted) {
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.budgetNanos = Math.max(0, timeout.toNanos() - maxDelay.toNanos());
        this.maxAdmitted = maxAdmitted;
    }

    /**
     * Admits one request, to be released by closing the ticket once it is answered.
     *
     * @throws InferenceRejectedException {@code OVERLOADED} when the limit is reached, with the
     *     time the admitted backlog needs as its retry-after
     */
    synchronized Ticket admit() {
        int limit = limit();
        if (admitted >= limit) {
            throw new InferenceRejectedException(InferenceRejectedException.Reason.OVERLOADED, admitted
                    + " requests are being served by this model, as many as it answers within the request timeout; "
                    + "retry later", drainTime());
        }
        admitted++;
        return new Ticket();
    }

    /** A forward pass ran (or, for more than {@code maxBatchSize} images, several in a row). */
    synchronized void passed(int images, Duration took) {
        int passes = Math.max(1, (images + maxBatchSize - 1) / maxBatchSize);
        double perPass = (double) took.toNanos() / passes;
        passNanos = Double.isNaN(passNanos) ? perPass : passNanos + SMOOTHING * (perPass - passNanos);
    }

    /** A request brought {@code images} inputs (known only once its body was read). */
    synchronized void requested(int images) {
        imagesPerRequest += SMOOTHING * (Math.max(1, images) - imagesPerRequest);
    }

    /** The current limit on admitted requests. */
    synchronized int limit() {
        if (Double.isNaN(passNanos)) {
            return maxAdmitted;
        }
        double passes = Math.floor(budgetNanos / Math.max(passNanos, 1));
        double requests = Math.floor(passes * maxBatchSize / imagesPerRequest);
        return (int) Math.max(1, Math.min(maxAdmitted, requests));
    }

    /** Requests admitted now. */
    synchronized int admitted() {
        return admitted;
    }

    /** How long the admitted requests need to be served: the passes they fill, plus one fill delay; at least 1 s. */
    private Duration drainTime() {
        if (Double.isNaN(passNanos)) {
            return Duration.ofSeconds(1);
        }
        double passes = Math.ceil(admitted * imagesPerRequest / maxBatchSize);
        long nanos = (long) (passes * passNanos + maxDelayNanos);
        return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** One admitted request; closing it (once or more) frees its place. */
    final class Ticket implements AutoCloseable {

        private boolean closed;

        @Override
        public void close() {
            synchronized (AdmissionPolicy.this) {
                if (!closed) {
                    closed = true;
                    admitted--;
                }
            }
        }
    }
}
