package io.pretext.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Says in a few words what an upload that matched no format seems to be, from its first bytes, so
 * the caller learns what was sent as well as what is accepted. Stateless.
 */
final class ContentDescription {

    private ContentDescription() {
    }

    /** @param head the first bytes of the upload (up to about a kilobyte) */
    static String of(byte[] head) {
        if (head.length == 0) {
            return "an empty file";
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G')) {
            return "a single PNG image (upload a zip of images in class folders instead)";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return "a single JPEG image (upload a zip of images in class folders instead)";
        }
        if (startsWith(head, 'G', 'I', 'F', '8') || startsWith(head, 'B', 'M')) {
            return "a single image (upload a zip of images in class folders instead)";
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "a gzip file whose content is neither IDX nor a tar of CIFAR batches";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F')) {
            return "a RIFF file (a single WAV clip, say: upload a zip of WAV clips in class folders instead)";
        }
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(head, 'R', 'a', 'r', '!') || startsWith(head, '7', 'z', 0xBC, 0xAF)) {
            return "a RAR or 7z archive (only zip archives are read)";
        }
        if (isText(head)) {
            String text = new String(head, StandardCharsets.UTF_8).stripLeading();
            if (text.startsWith("[")) {
                return "a JSON array (text-jsonl wants one JSON object per line)";
            }
            if (text.startsWith("<")) {
                return "an XML or HTML document";
            }
            String firstLine = text.lines().findFirst().orElse("");
            return "a text file whose first line is \"" + (firstLine.length() > 60 ? firstLine.substring(0, 60) + "..."
                    : firstLine) + "\"";
        }
        return "binary data of no format we know";
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 without control characters other than whitespace (a cut multi-byte character at the end is fine). */
    private static boolean isText(byte[] head) {
        int end = head.length;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, Math.max(0, end - 3)));
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
