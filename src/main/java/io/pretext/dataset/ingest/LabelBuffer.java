package io.pretext.dataset.ingest;

import java.util.Arrays;

/** A growable int array of labels, so a million labels cost 4 MB and no boxing. Not thread-safe. */
final class LabelBuffer {

    private int[] labels = new int[1024];
    private int size;

    void add(int label) {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[size++] = label;
    }

    int size() {
        return size;
    }

    int get(int index) {
        return labels[index];
    }

    void set(int index, int label) {
        labels[index] = label;
    }
}
