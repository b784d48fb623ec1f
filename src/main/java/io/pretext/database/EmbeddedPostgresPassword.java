package io.pretext.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded server's superuser password, kept in {@code <dataDir>/postgres.password} readable
 * and writable by its owner only. Stateless.
 */
final class EmbeddedPostgresPassword {

    static final String FILE_NAME = "postgres.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EmbeddedPostgresPassword() {
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The stored password, or empty when the data directory has none. */
    static Optional<String> read(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException(file + " is empty; restore the password it held, or see the README");
        }
        return Optional.of(password);
    }

    /** Whether the server in {@code pgData} asks for passwords (its pg_hba.conf, comments aside). */
    static boolean isRequiredBy(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        if (!Files.exists(hba)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(hba, StandardCharsets.UTF_8)) {
            return lines.map(String::strip).filter(l -> !l.startsWith("#")).anyMatch(l -> l.endsWith("scram-sha-256"));
        }
    }

    /** Makes a random password and stores it, owner-only from the moment the file exists. */
    static String create(Path dataDir) throws IOException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the data directory's own ACLs are all there is.
            Files.createFile(temporary);
        }
        Files.writeString(temporary, password, StandardCharsets.UTF_8);
        Files.move(temporary, file(dataDir), StandardCopyOption.ATOMIC_MOVE);
        return password;
    }
}
