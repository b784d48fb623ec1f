package io.pretext.dataset.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads the CIFAR-10 and CIFAR-100 binary format: either one raw {@code .bin} file of records (the
 * variant told apart by its size), or the {@code .tar.gz} as published, taking the {@code train}
 * (default) or {@code test} batches of {@link Upload#split()} and the class names in it. Records are
 * 32x32 RGB images already in CHW order; CIFAR-100 records yield their fine label.
 */
public final class CifarBinaryParser implements DatasetParser {

    private static final int PIXELS = 3 * 32 * 32;
    private static final int MAX_META_BYTES = 1 << 20;
    private static final int BUFFER = 1 << 16;

    private enum Variant {
        CIFAR10(1, 10, "batches.meta.txt", Pattern.compile("data_batch_[1-5]\\.bin"), "test_batch.bin"),
        CIFAR100(2, 100, "fine_label_names.txt", Pattern.compile("train\\.bin"), "test.bin");

        final int recordSize;
        final int labelOffset;
        final int defaultClasses;
        final String meta;
        final Pattern train;
        final String test;

        Variant(int labelBytes, int defaultClasses, String meta, Pattern train, String test) {
            this.recordSize = labelBytes + PIXELS;
            this.labelOffset = labelBytes - 1;
            this.defaultClasses = defaultClasses;
            this.meta = meta;
            this.train = train;
            this.test = test;
        }

        boolean holds(String baseName, boolean test) {
            return test ? this.test.equals(baseName) : train.matcher(baseName).matches();
        }
    }

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(upload.file()), BUFFER)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (gzip) {
                parseArchive(in, upload, sink);
            } else {
                parseRaw(in, upload, sink);
            }
        }
    }

    private void parseRaw(InputStream in, Upload upload, SampleSink sink) throws IOException {
        long size = Files.size(upload.file());
        Variant variant = size % Variant.CIFAR10.recordSize == 0 ? Variant.CIFAR10
                : size % Variant.CIFAR100.recordSize == 0 ? Variant.CIFAR100 : null;
        if (variant == null) {
            throw new InvalidDatasetException(upload.fileName(), "size " + size
                    + " is not a multiple of a CIFAR record (3073 or 3074 bytes)");
        }
        if (size == 0) {
            throw new InvalidDatasetException(upload.fileName(), "no records");
        }
        List<String> classes = classes(null, upload, variant);
        sink.startImages(3, 32, 32, classes);
        readRecords(in, upload.fileName(), variant, classes.size(), sink);
    }

    private void parseArchive(InputStream compressed, Upload upload, SampleSink sink) throws IOException {
        boolean test = splitIsTest(upload.split());
        Path spool = Files.createTempDirectory(upload.file().toAbsolutePath().getParent(), ".cifar-");
        try (SafeTarReader tar = SafeTarReader.openGzip(compressed, upload.fileName(), upload.limits())) {
            // Batches come in archive order but are taken in name order, and the class names may come
            // last, so the wanted batches are spooled to disk in one pass and read back afterwards.
            Map<String, Batch> batches = new TreeMap<>();
            Map<Variant, List<String>> metas = new EnumMap<>(Variant.class);
            Variant variant = null;
            for (TarArchiveEntry entry = tar.nextFile(); entry != null; entry = tar.nextFile()) {
                String name = entry.getName();
                String baseName = name.substring(name.lastIndexOf('/') + 1);
                for (Variant candidate : Variant.values()) {
                    if (candidate.meta.equals(baseName)) {
                        metas.put(candidate, readMeta(tar, entry));
                    } else if (candidate.holds(baseName, test)) {
                        if (variant != null && variant != candidate) {
                            throw new InvalidDatasetException(name, "mixes CIFAR-10 and CIFAR-100 batches");
                        }
                        variant = candidate;
                        if (entry.getSize() % candidate.recordSize != 0) {
                            throw truncated(name, entry.getSize(), candidate);
                        }
                        Batch batch = new Batch(name, spool.resolve(batches.size() + ".bin"));
                        if (batches.putIfAbsent(baseName, batch) != null) {
                            throw new InvalidDatasetException(name, "duplicate batch " + baseName);
                        }
                        spool(tar, batch.copy());
                    }
                }
            }
            if (variant == null) {
                throw new InvalidDatasetException(upload.fileName(), test
                        ? "no test batch (test_batch.bin or test.bin)"
                        : "no train batches (data_batch_1.bin..data_batch_5.bin or train.bin)");
            }
            List<String> classes = classes(metas.get(variant), upload, variant);
            sink.startImages(3, 32, 32, classes);
            for (Batch batch : batches.values()) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(batch.copy()), BUFFER)) {
                    readRecords(in, batch.name(), variant, classes.size(), sink);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(spool)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean splitIsTest(String split) {
        if (split == null || split.equals("train")) {
            return false;
        }
        if (split.equals("test")) {
            return true;
        }
        throw new InvalidDatasetException(400, "split", "must be train or test");
    }

    private static List<String> readMeta(SafeTarReader tar, TarArchiveEntry entry) {
        if (entry.getSize() > MAX_META_BYTES) {
            throw new InvalidDatasetException(entry.getName(), "class names file over " + MAX_META_BYTES + " bytes");
        }
        return new String(tar.readAll(MAX_META_BYTES), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    private static void spool(SafeTarReader tar, Path target) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static List<String> classes(List<String> meta, Upload upload, Variant variant) {
        if (meta != null && !meta.isEmpty()) {
            return meta;
        }
        if (upload.classNames() != null && !upload.classNames().isEmpty()) {
            return List.copyOf(upload.classNames());
        }
        return IntStream.range(0, variant.defaultClasses).mapToObj(Integer::toString).toList();
    }

    private static void readRecords(InputStream in, String name, Variant variant, int classes, SampleSink sink)
            throws IOException {
        byte[] record = new byte[variant.recordSize];
        for (long index = 0;; index++) {
            int n = in.readNBytes(record, 0, record.length);
            if (n == 0) {
                return;
            }
            if (n < record.length) {
                throw truncated(name, index * variant.recordSize + n, variant);
            }
            int label = record[variant.labelOffset] & 0xff;
            if (label >= classes) {
                throw new InvalidDatasetException(name + " record " + index,
                        "label " + label + " out of range 0.." + (classes - 1));
            }
            sink.addImage(Arrays.copyOfRange(record, variant.recordSize - PIXELS, variant.recordSize), label);
        }
    }

    private static InvalidDatasetException truncated(String name, long size, Variant variant) {
        return new InvalidDatasetException(name, "truncated record at the end: size " + size
                + " is not a multiple of " + variant.recordSize + " bytes");
    }

    private record Batch(String name, Path copy) {
    }
}
