package io.pretext.training;

import java.io.IOException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of a {@link ModelCard}, written whole (a text model's transformer settings
 * included) wherever a card goes: a checkpoint's {@code meta.json} under {@link #META_FIELD}, the
 * model registry and an exported backbone's {@code card.json}. It has its own mapper, so the form
 * does not depend on the application's JSON settings; reading ignores fields a card does not have
 * (those {@code card.json} adds, or a newer build's). Stateless, thread-safe.
 */
public final class ModelCardJson {

    /** The field of a checkpoint's {@code meta.json} that holds its card. */
    public static final String META_FIELD = "model";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ModelCardJson() {
    }

    /** The card as a JSON object (a new one each call, free to add fields to). */
    public static ObjectNode write(ModelCard card) {
        return JSON.valueToTree(card);
    }

    /**
     * The card {@code node} holds.
     *
     * @throws IllegalArgumentException if {@code node} is null, JSON null or not a card
     */
    public static ModelCard read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a model card: " + node);
        }
        try {
            return JSON.treeToValue(node, ModelCard.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a model card: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The card in a checkpoint's parsed {@code meta.json}.
     *
     * @throws IOException if the checkpoint has no card or an unreadable one
     */
    public static ModelCard ofMeta(JsonNode meta) throws IOException {
        JsonNode card = meta.get(META_FIELD);
        if (card == null || card.isNull()) {
            throw new IOException("checkpoint " + ArtifactLayout.META + " has no model card");
        }
        try {
            return read(card);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + ArtifactLayout.META + " has an unreadable model card", e);
        }
    }
}
