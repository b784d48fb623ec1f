package io.pretext.dataset.ingest;

import java.util.ArrayList;
import java.util.List;

/** A {@link SampleSink} that keeps what it is given and enforces one start call before any sample. */
final class RecordingSink implements SampleSink {

    /** The start call, e.g. {@code images 3x32x32 [cat, dog]} or {@code text}; null before it. */
    String start;
    final List<byte[]> images = new ArrayList<>();
    final List<Integer> imageLabels = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> textLabels = new ArrayList<>();
    List<String> classes;

    @Override
    public void startImages(int channels, int height, int width, List<String> classes) {
        begin("images " + channels + "x" + height + "x" + width);
        this.classes = List.copyOf(classes);
    }

    @Override
    public void addImage(byte[] chw, int label) {
        require("images");
        // No copy: a parser that reuses its buffer shows up as wrong pixels.
        images.add(chw);
        imageLabels.add(label);
    }

    @Override
    public void addCaption(int image, String text) {
        require("images");
        if (image < 0 || image >= images.size()) {
            throw new IllegalStateException("a caption of image " + image + " before that image");
        }
    }

    @Override
    public void startText() {
        begin("text");
    }

    @Override
    public void addText(String text, String label) {
        require("text");
        texts.add(text);
        textLabels.add(label);
    }

    private void begin(String kind) {
        if (start != null) {
            throw new IllegalStateException("second start call: " + kind + " after " + start);
        }
        start = kind;
    }

    private void require(String kind) {
        if (start == null || !start.startsWith(kind)) {
            throw new IllegalStateException("a " + kind + " sample without its start call; start was " + start);
        }
    }

    @Override
    public void startAudio(int sampleRate, int clipSamples, List<String> classes) {
        begin("audio " + sampleRate + "Hz x" + clipSamples);
        this.classes = List.copyOf(classes);
    }

    @Override
    public void addAudio(short[] pcm, int label) {
        require("audio");
    }
}
