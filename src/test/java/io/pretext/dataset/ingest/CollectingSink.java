package io.pretext.dataset.ingest;

import java.util.ArrayList;
import java.util.List;

/** A {@link SampleSink} that remembers everything, for parser tests. */
class CollectingSink implements SampleSink {

    int channels;
    int height;
    int width;
    List<String> classes;
    boolean text;
    final List<byte[]> images = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> textLabels = new ArrayList<>();
    int sampleRate;
    int clipSamples;
    final List<short[]> clips = new ArrayList<>();
    final List<Integer> captionImages = new ArrayList<>();
    final List<String> captions = new ArrayList<>();

    @Override
    public void startImages(int channels, int height, int width, List<String> classes) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    @Override
    public void addImage(byte[] chw, int label) {
        images.add(chw);
        labels.add(label);
    }

    @Override
    public void addCaption(int image, String text) {
        captionImages.add(image);
        captions.add(text);
    }

    @Override
    public void startText() {
        text = true;
    }

    @Override
    public void addText(String text, String label) {
        texts.add(text);
        textLabels.add(label);
    }

    @Override
    public void startAudio(int sampleRate, int clipSamples, List<String> classes) {
        this.sampleRate = sampleRate;
        this.clipSamples = clipSamples;
        this.classes = classes;
    }

    @Override
    public void addAudio(short[] pcm, int label) {
        clips.add(pcm);
        labels.add(label);
    }
}
