package io.pretext.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.audio.AudioAugmenter;
import io.pretext.training.audio.AudioStatistics;
import io.pretext.training.audio.AudioViewTransform;
import io.pretext.training.audio.LogMelFrontEnd;
import io.pretext.training.audio.LogMelSettings;
import io.pretext.training.audio.SpecAugment;
import io.pretext.training.audio.WaveformAugment;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.Normalization;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Views;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audio training throughput benchmark behind bench/audio-training.sh (a main, not a test; issue 19's
 * target: the front end and augmentations keep the loop at 0.9x or more of a bare loop fed precomputed
 * spectrograms). In one run, 3 alternating rounds of each, best of each compared:
 * <ul>
 * <li>Pretext's audio SimCLR loop on raw clips: EpochLoop, the real {@code simclr} objective on
 * {@code audio-cnn}, and per step two strong audio views of the batch (shift, gain, mixing and noise
 * on the waveforms, the log-mel front end, SpecAugment masks, standardisation), data loaded from an
 * {@link AudioData};</li>
 * <li>a bare DJL Trainer loop on the same audio-cnn, projection MLP and NT-Xent, fed the same number
 * of spectrogram view pairs drawn before the clock starts: no front end or augmentation inside.</li>
 * </ul>
 * The clips are synthesised here (1 s at 16 kHz, seeded tones and noise), so no corpus is needed.
 * It also times each stage of one view of one batch alone ({@code stageMillisPerBatch}), to show
 * where the difference goes. Arguments: {@code steps [batch]} (batch 128 by default; the epoch is
 * {@code steps x batch} clips). Prints one JSON object.
 */
public final class AudioTrainingBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RATE = 16_000;

    private AudioTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        AudioData data = new AudioData(clips(steps * batch, RATE));
        LogMelSettings settings = LogMelSettings.defaults(RATE, RATE);
        LogMelFrontEnd frontEnd = new LogMelFrontEnd(settings);
        AudioViewTransform strong = AudioViewTransform.preset("strong");
        float[][] stats;
        try (NDManager manager = NDManager.newBaseManager()) {
            stats = AudioStatistics.of(manager, frontEnd, data, IntStream.range(0, data.size()).toArray());
        }
        Views views = Views.of(new AudioAugmenter(strong, frontEnd), AudioAugmenter.plain(frontEnd), stats[0],
                stats[1]);
        PretrainSettings pretrain = LoopComparison.simclr();
        Shape input = new Shape(2, 1, settings.mels(), settings.frames());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clips", data.size());
        out.put("clipSeconds", (double) settings.clipSamples() / RATE);
        out.put("spectrogram", List.of(settings.mels(), settings.frames()));
        out.put("batch", batch);
        out.put("steps", steps);
        out.put("threads", Runtime.getRuntime().availableProcessors());
        out.putAll(LoopComparison.rounds(3,
                () -> LoopComparison.pretextLoop(Methods.create(pretrain, "audio-cnn", settings.mels(), views), input,
                        data, batch),
                () -> LoopComparison.bareLoop(Encoders.encoder("audio-cnn", settings.mels()), input, data, views,
                        batch, steps)));
        out.put("stageMillisPerBatch", stages(data, batch, settings, frontEnd, strong, views, stats));
        System.out.println(JSON.writeValueAsString(out));
        System.exit(0);
    }

    /**
     * {@code n} deterministic clips: per clip, one to three tones (80 Hz to 4 kHz, log-uniform) under
     * a random attack/decay envelope, plus white noise, as 16-bit PCM.
     */
    static DatasetReader.Audio clips(int n, int length) {
        short[] pcm = new short[n * length];
        for (int i = 0; i < n; i++) {
            Random random = new Random(1_000L + i);
            int tones = 1 + random.nextInt(3);
            double[] hz = new double[tones];
            double[] amplitude = new double[tones];
            for (int k = 0; k < tones; k++) {
                hz[k] = 80 * Math.pow(50, random.nextDouble());
                amplitude[k] = 0.05 + 0.25 * random.nextDouble();
            }
            double onset = 0.4 * random.nextDouble();
            double decay = 2 + 8 * random.nextDouble();
            double noise = 0.005 + 0.03 * random.nextDouble();
            for (int t = 0; t < length; t++) {
                double seconds = (double) t / RATE;
                double envelope = seconds < onset ? 0 : Math.exp(-decay * (seconds - onset));
                double x = noise * random.nextGaussian();
                for (int k = 0; k < tones; k++) {
                    x += envelope * amplitude[k] * Math.sin(2 * Math.PI * hz[k] * seconds);
                }
                pcm[i * length + t] = (short) Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
            }
        }
        return new DatasetReader.Audio(n, RATE, length, pcm, new int[0], List.of(), "synthetic");
    }

    /**
     * Milliseconds per batch of each stage of ONE strong view alone (a SimCLR step draws two), mean of
     * 5 after 2 warm-ups, each in its own sub-manager; PyTorch on CPU runs each op to completion.
     */
    private static Map<String, Double> stages(AudioData data, int batch, LogMelSettings settings,
            LogMelFrontEnd frontEnd, AudioViewTransform t, Views views, float[][] stats) {
        int maxShift = (int) Math.round(t.maxShiftSeconds() * settings.sampleRate());
        Map<String, BiFunction<NDManager, NDArray[], NDArray>> stages = new LinkedHashMap<>();
        Random random = new Random(5);
        stages.put("loadBatch", (m, in) -> data.batch(m, IntStream.range(0, batch).toArray(), 0, batch));
        stages.put("shift", (m, in) -> WaveformAugment.shift(m, in[0], maxShift, random));
        stages.put("gain", (m, in) -> WaveformAugment.gain(m, in[0], -t.gainDb(), t.gainDb(), random));
        stages.put("mix", (m, in) -> WaveformAugment.mix(m, in[0], t.maxMixWeight(), t.mixProbability(), random));
        stages.put("noise", (m, in) -> WaveformAugment.noise(m, in[0], t.minSnrDb(), t.maxSnrDb(),
                t.noiseProbability(), random));
        stages.put("frontEnd", (m, in) -> frontEnd.apply(m, in[0]));
        stages.put("specAugment", (m, in) -> SpecAugment.mask(m, in[1], t.masks(), t.maxMaskBands(),
                t.maxMaskFrames(), random));
        stages.put("standardise", (m, in) -> Normalization.apply(m, in[1], stats[0], stats[1]));
        stages.put("wholeView", (m, in) -> views.view(0, m, in[0], random));
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray clips = data.batch(manager, IntStream.range(0, data.size()).toArray(), 0, batch);
            NDArray[] inputs = {clips, frontEnd.apply(manager, clips)};
            for (var stage : stages.entrySet()) {
                long total = 0;
                for (int rep = 0; rep < 7; rep++) {
                    try (NDManager scratch = manager.newSubManager()) {
                        long start = System.nanoTime();
                        stage.getValue().apply(scratch, inputs);
                        if (rep >= 2) {
                            total += System.nanoTime() - start;
                        }
                    }
                }
                out.put(stage.getKey(), total / 5 / 1e6);
            }
        }
        return out;
    }
}
