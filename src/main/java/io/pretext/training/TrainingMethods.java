package io.pretext.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import io.pretext.dataset.Modality;
import io.pretext.training.clip.ClipMethod;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.ByolMethod;
import io.pretext.training.method.FixMatchStrategy;
import io.pretext.training.method.FullStrategy;
import io.pretext.training.method.GradualUnfreezeStrategy;
import io.pretext.training.method.LinearStrategy;
import io.pretext.training.method.LpFtStrategy;
import io.pretext.training.method.MaskedLanguageModelMethod;
import io.pretext.training.method.MoCoMethod;
import io.pretext.training.method.RotationMethod;
import io.pretext.training.method.SimClrMethod;
import io.pretext.training.method.VicRegMethod;
import io.pretext.training.text.TransformerSettings;

/**
 * The one registry of pretraining methods, finetuning strategies and encoder names that spec
 * validation, defaults, the OpenAPI document, the job planner and the training child all read.
 * Built-ins are listed here; more come from {@link ServiceLoader} on the classpath, so that the
 * API process and the training child (same classpath, no Spring) see the same set. Adding a method
 * is one class and one registration line. Immutable and thread-safe; {@link #get()} loads once.
 */
public final class TrainingMethods {

    /** Names a spec may not use as a method, with the reason (said after the name). */
    private static final Map<String, String> RESERVED = Map.of(
            "supervised", "is the scratch baseline; use baseline: scratch");

    /** Encoder names by modality; the first is the modality's default. */
    private static final Map<Modality, List<String>> ENCODERS = Map.of(
            Modality.IMAGE, Encoders.NAMES,
            Modality.TEXT, List.of(TransformerSettings.MINI),
            Modality.AUDIO, Encoders.AUDIO_NAMES);

    private final Map<String, PretrainingMethod> methods;
    private final Map<String, FinetuneStrategy> strategies;

    /**
     * @throws IllegalArgumentException when two definitions share a name, a method takes a reserved
     *     name, or a method's default encoder is not one of its modality's
     */
    TrainingMethods(List<? extends PretrainingMethod> methods, List<? extends FinetuneStrategy> strategies) {
        Map<String, PretrainingMethod> byName = new LinkedHashMap<>();
        for (PretrainingMethod method : methods) {
            if (RESERVED.containsKey(method.name())) {
                throw new IllegalArgumentException("method name " + method.name() + " is reserved");
            }
            if (!encoders(method.modality()).contains(method.defaultEncoder())) {
                throw new IllegalArgumentException("method " + method.name() + ": default encoder "
                        + method.defaultEncoder() + " is not one of the " + method.modality().value() + " encoders");
            }
            register(byName, method.name(), method, "method");
        }
        Map<String, FinetuneStrategy> strategiesByName = new LinkedHashMap<>();
        strategies.forEach(s -> register(strategiesByName, s.name(), s, "finetune strategy"));
        this.methods = Collections.unmodifiableMap(byName);
        this.strategies = Collections.unmodifiableMap(strategiesByName);
    }

    /** The registry of this classpath: built-ins and service-loaded definitions. */
    public static TrainingMethods get() {
        return Loaded.INSTANCE;
    }

    /** Built-ins followed by the definitions {@code loader} finds as services. */
    static TrainingMethods load(ClassLoader loader) {
        List<PretrainingMethod> methods = new ArrayList<>(List.of(new SimClrMethod(), new MoCoMethod(),
                new ByolMethod(), new RotationMethod(), new MaskedLanguageModelMethod(), new ClipMethod(),
                new VicRegMethod()));
        ServiceLoader.load(PretrainingMethod.class, loader).forEach(methods::add);
        List<FinetuneStrategy> strategies = new ArrayList<>(List.of(new LinearStrategy(), new FullStrategy(),
                new GradualUnfreezeStrategy(), new LpFtStrategy(), new FixMatchStrategy()));
        ServiceLoader.load(FinetuneStrategy.class, loader).forEach(strategies::add);
        return new TrainingMethods(methods, strategies);
    }

    /** The method called {@code name}, if registered (reserved names are not). */
    public Optional<PretrainingMethod> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** Every registered method, built-ins first, in registration order. */
    public List<PretrainingMethod> methods() {
        return List.copyOf(methods.values());
    }

    /** Every registered method's name, in registration order. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }

    /** Why a spec may not use {@code name} as a method, or empty when it is not reserved. */
    public static Optional<String> reserved(String name) {
        return Optional.ofNullable(RESERVED.get(name));
    }

    /** The finetuning strategy called {@code name}, if registered. */
    public Optional<FinetuneStrategy> strategy(String name) {
        return Optional.ofNullable(strategies.get(name));
    }

    /** Every registered strategy's name, in registration order. */
    public List<String> strategyNames() {
        return List.copyOf(strategies.keySet());
    }

    /** Every encoder name: image, text, then audio encoders. */
    public static List<String> encoders() {
        List<String> all = new ArrayList<>(encoders(Modality.IMAGE));
        all.addAll(encoders(Modality.TEXT));
        all.addAll(encoders(Modality.AUDIO));
        return List.copyOf(all);
    }

    /** The encoder names for a modality, its default first; empty for a modality without encoders. */
    public static List<String> encoders(Modality modality) {
        return ENCODERS.getOrDefault(modality, List.of());
    }

    /** The modality an encoder applies to, or empty for an unknown name. */
    public static Optional<Modality> encoderModality(String encoder) {
        return ENCODERS.entrySet().stream().filter(e -> e.getValue().contains(encoder)).map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The encoder a job of this modality uses when nothing names one.
     *
     * @throws IllegalArgumentException for a modality without encoders
     */
    public static String defaultEncoder(Modality modality) {
        List<String> names = encoders(modality);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no encoder for " + modality.value());
        }
        return names.get(0);
    }

    private static <T> void register(Map<String, T> byName, String name, T definition, String what) {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(what + " " + definition.getClass().getName() + " has name " + name
                    + "; names are lower-case words joined by hyphens");
        }
        if (byName.putIfAbsent(name, definition) != null) {
            throw new IllegalArgumentException(what + " " + name + " is registered twice: "
                    + byName.get(name).getClass().getName() + " and " + definition.getClass().getName());
        }
    }

    /** Loaded on first use, with the class loader that holds the training module (and its services). */
    private static final class Loaded {
        static final TrainingMethods INSTANCE = load(TrainingMethods.class.getClassLoader());
    }
}
