package io.pretext.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * The artifact store has no room left for a write (the local artifact folder's file system is full
 * or over quota). The web layer answers 507 Insufficient Storage; a training attempt that meets it
 * fails with this message in the job's error.
 */
public class StorageFullException extends IOException {

    /** What Linux's strerror says for ENOSPC and EDQUOT; Java reports only this text. */
    private static final String[] FULL_REASONS = {"No space left on device", "Disk quota exceeded"};

    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} (or a cause) is the file system saying it is full. */
    static boolean isFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (reason != null) {
                for (String full : FULL_REASONS) {
                    if (reason.contains(full)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
