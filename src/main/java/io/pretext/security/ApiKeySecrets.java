package io.pretext.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API keys. A key is {@code ptx_} plus 32 random bytes (base64url), so a plain
 * SHA-256 is a safe way to store it: there is nothing to brute-force. Thread-safe.
 */
final class ApiKeySecrets {

    static final String KEY_PREFIX = "ptx_";
    static final int MIN_LENGTH = 16;
    /**
     * What listings show of a key someone chose (the bootstrap key): none of its characters, since
     * nothing says which of them are random.
     */
    static final String CHOSEN_KEY_PREFIX = "**********";
    /** {@code ptx_} and 6 of the 43 random characters: 36 of 256 bits, so guessing stays hopeless. */
    private static final int PREFIX_SHOWN = KEY_PREFIX.length() + 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** A new random key, e.g. {@code ptx_3q2-...} (47 characters). */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /**
     * The identifier shown in listings so people can tell keys apart: the first characters of a key
     * made by {@link #newKey()}, always {@value #PREFIX_SHOWN} wide.
     */
    static String displayPrefix(String generatedKey) {
        return generatedKey.substring(0, PREFIX_SHOWN);
    }
}
