package io.pretext.dataset.ingest;

import java.util.List;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Labeled (one folder per class, classes in name order) or unlabeled (all files in one folder),
 * decided from the folders of a zip's accepted entries; shared by the image and audio zip formats.
 * Immutable.
 *
 * @param classes class names in label order; empty when unlabeled
 * @param depth the folder level that names the class, or -1 when unlabeled
 */
record FolderLayout(List<String> classes, int depth) {

    /**
     * @param what the kind of file, for the message about a mixed layout ({@code images}, {@code clips})
     */
    static FolderLayout of(List<ZipArchiveEntry> entries, String fileName, String what) {
        TreeMap<String, Integer> folders = new TreeMap<>();
        for (ZipArchiveEntry entry : entries) {
            folders.merge(parent(entry.getName()), 1, Integer::sum);
        }
        if (folders.size() == 1) {
            return new FolderLayout(List.of(), -1);
        }
        String root = commonParent(folders.firstKey(), folders.lastKey());
        int depth = root.isEmpty() ? 0 : root.split("/").length;
        for (String folder : folders.keySet()) {
            if (folder.isEmpty() || folder.split("/").length != depth + 1) {
                throw new InvalidDatasetException(folder.isEmpty() ? "(root)" : folder + "/",
                        "mixed layout in " + fileName + ": put " + what + " either all in one folder (unlabeled) "
                                + "or in one folder per class under a common parent (labeled)");
            }
        }
        List<String> classes = folders.keySet().stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList();
        return new FolderLayout(classes, depth);
    }

    int label(ZipArchiveEntry entry) {
        if (depth < 0) {
            return SampleSink.UNLABELED;
        }
        String[] parts = parent(entry.getName()).split("/");
        return classes.indexOf(parts[depth]);
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static String commonParent(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        StringBuilder common = new StringBuilder();
        for (int i = 0; i < Math.min(x.length, y.length) && x[i].equals(y[i]); i++) {
            common.append(common.length() == 0 ? "" : "/").append(x[i]);
        }
        return common.toString();
    }
}
