package io.pretext.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * An {@link ArtifactStore} in a local folder. A put writes to a temporary file under
 * {@code .tmp/}, forces it to disk, then renames it into place atomically, so readers never see
 * a partial object. Thread-safe: concurrent puts to one key end with one whole object.
 */
final class FileSystemArtifactStore implements ArtifactStore {

    private static final String TMP_DIR = ".tmp";

    private final Path root;
    private final Path tmp;

    FileSystemArtifactStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(TMP_DIR);
        Files.createDirectories(tmp);
    }

    @Override
    public StoredArtifact put(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        MessageDigest digest = Sha256.newDigest();
        long size;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), digest)) {
                size = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            moveIntoPlace(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            if (StorageFullException.isFull(e)) {
                throw new StorageFullException("No space left on device in the artifact folder: could not store "
                        + key, e);
            }
            throw e;
        }
        return new StoredArtifact(key, size, Sha256.hex(digest));
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The artifact folder must be on one file system that supports atomic renames", e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(key);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        Files.deleteIfExists(path);
        removeEmptyParents(path.getParent());
    }

    /** Keeps the folder tidy: a deleted prefix leaves no empty directories behind. */
    private void removeEmptyParents(Path dir) {
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (IOException notEmptyOrGone) {
                return;
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String validPrefix = ArtifactKeys.requireValidPrefix(prefix);
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(tmp) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (attrs.isRegularFile() && key.startsWith(validPrefix)) {
                    keys.add(key);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void checkAvailable() throws IOException {
        if (!Files.isDirectory(tmp) || !Files.isWritable(tmp)) {
            throw new IOException("Artifact folder " + root + " is missing or not writable");
        }
    }

    @Override
    public String describe() {
        return "filesystem:" + root;
    }

    private Path resolve(String key) {
        Path path = root.resolve(ArtifactKeys.requireValidKey(key)).normalize();
        if (!path.startsWith(root) || path.startsWith(tmp)) {
            throw new IllegalArgumentException("Artifact key '" + key + "' is outside the store");
        }
        return path;
    }
}
