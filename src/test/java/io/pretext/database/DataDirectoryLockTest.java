package io.pretext.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void a_held_lock_refuses_a_second_holder_with_the_directory_named() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void a_released_lock_can_be_taken_again() throws Exception {
        DataDirectoryLock.acquire(dir).close();

        try (DataDirectoryLock again = DataDirectoryLock.acquire(dir)) {
            assertThat(dir.resolve(DataDirectoryLock.LOCK_FILE)).exists();
        }
    }

    @Test
    void the_lock_creates_a_missing_directory() throws Exception {
        Path nested = dir.resolve("a/b");

        try (DataDirectoryLock lock = DataDirectoryLock.acquire(nested)) {
            assertThat(nested).isDirectory();
        }
    }
}
