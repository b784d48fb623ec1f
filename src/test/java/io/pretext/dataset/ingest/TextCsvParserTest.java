package io.pretext.dataset.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextCsvParserTest {

    @TempDir
    Path dir;

    private final TextCsvParser parser = new TextCsvParser();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void quoted_fields_hold_commas_quotes_and_line_breaks() throws IOException {
        parse(utf8(" Text , LABEL \r\n"
                + "plain,pos\r\n"
                + "\"a, b\",neg\r\n"
                + "\"she said \"\"hi\"\"\",\"pos\"\r\n"
                + "\"two\nlines\r\nand three\",neg\n"
                + "naïve 😀,\"n,eu\"\n"));

        assertThat(sink.start).isEqualTo("text");
        assertThat(sink.texts).containsExactly("plain", "a, b", "she said \"hi\"", "two\nlines\r\nand three", "naïve 😀");
        assertThat(sink.textLabels).containsExactly("pos", "neg", "pos", "neg", "n,eu");
    }

    @Test
    void a_text_only_header_gives_unlabelled_records_and_blank_lines_are_skipped() throws IOException {
        parse(utf8("\uFEFFtext\n\none\n\n\"two, quoted\"\n"));

        assertThat(sink.texts).containsExactly("one", "two, quoted");
        assertThat(sink.textLabels).containsExactly(null, null);
    }

    @Test
    void the_last_record_needs_no_line_break() throws IOException {
        parse(utf8("text,label\na,1\nb,2"));
        assertThat(sink.texts).containsExactly("a", "b");
        assertThat(sink.textLabels).containsExactly("1", "2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"label,text", "text,label,id", "sentence", "text;label", "\"\""})
    void any_other_header_is_rejected_on_line_1(String header) throws IOException {
        assertInvalid(utf8(header + "\na,b\n"), "line 1", "line 1: header must be \"text\" or \"text,label\"");
        assertThat(sink.start).isNull();
    }

    @Test
    void a_ragged_row_names_its_starting_line_after_multiline_records() throws IOException {
        // Lines: 1 header, 2-4 one record, 5 blank, 6-7 a record with a CRLF inside, 8 a record, 9 the bad row.
        String csv = "text,label\n\"one\ntwo\nthree\",a\n\n\"x\r\ny\",b\r\nz,c\nbad,row,here\n";
        assertInvalid(utf8(csv), "line 9", "line 9: 3 fields, expected 2");
        assertThat(sink.texts).containsExactly("one\ntwo\nthree", "x\r\ny", "z");
    }

    @Test
    void too_few_fields_are_ragged_too() throws IOException {
        assertInvalid(utf8("text,label\na,b\nc\n"), "line 3", "line 3: 1 fields, expected 2");
    }

    @Test
    void invalid_utf8_names_the_physical_line_inside_a_quoted_field() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("text,label\n"));
        for (int i = 0; i < 3000; i++) {
            out.writeBytes(utf8("record %d,lbl\n".formatted(i)));
        }
        out.writeBytes(utf8("\"first\nsecond "));
        out.writeBytes(new byte[] {(byte) 0xff});
        out.writeBytes(utf8("\",x\n"));

        assertInvalid(out.toByteArray(), "line 3003", "line 3003: invalid UTF-8");
    }

    @Test
    void empty_text_is_rejected() throws IOException {
        assertInvalid(utf8("text,label\na,x\n\"\",y\n"), "line 3", "line 3: empty text");
    }

    @Test
    void empty_label_is_rejected() throws IOException {
        assertInvalid(utf8("text,label\na,x\nb,\n"), "line 3", "line 3: \"label\" is empty");
    }

    @Test
    void blank_label_is_rejected() throws IOException {
        assertInvalid(utf8("text,label\na,x\nb, \n"), "line 3", "line 3: \"label\" is empty");
    }

    @Test
    void text_over_the_byte_limit_is_rejected() throws IOException {
        assertInvalid(utf8("text\nhello\n\"héllo, wörld\"\n"), limits(13), "line 3", "line 3: text is 14 bytes, limit 13");
    }

    @Test
    void a_huge_quoted_field_fails_before_it_is_held_in_memory() throws IOException {
        String csv = "text\nshort\n\"" + "a\n".repeat(100_000) + "\"\n";
        assertInvalid(utf8(csv), limits(10), "line 3", "line 3: record longer than 65556 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text,label\na,b\n\"unterminated,c\nd,e\n", "text,label\na,b\n\"closed\"junk,c\n"})
    void malformed_csv_names_the_record_start(String csv) throws IOException {
        assertThatThrownBy(() -> parse(utf8(csv))).isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
            assertThat(e.field()).isEqualTo("line 3");
            assertThat(e.getMessage()).startsWith("line 3: malformed CSV: ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text,label\n", "text\n\n\n", "\uFEFF"})
    void no_records_names_the_file(String csv) throws IOException {
        assertInvalid(utf8(csv), "reviews.csv", "reviews.csv: no records");
        assertThat(sink.start).isNull();
    }

    private void assertInvalid(byte[] content, String entry, String message) {
        assertInvalid(content, IngestLimits.defaults(), entry, message);
    }

    private void assertInvalid(byte[] content, IngestLimits limits, String entry, String message) {
        assertThatThrownBy(() -> parse(content, limits)).isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
            assertThat(e.field()).isEqualTo(entry);
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.status()).isEqualTo(422);
        });
    }

    private void parse(byte[] content) throws IOException {
        parse(content, IngestLimits.defaults());
    }

    private void parse(byte[] content, IngestLimits limits) throws IOException {
        Path file = Files.write(dir.resolve("upload.csv"), content);
        parser.parse(new Upload(file, "reviews.csv", null, null, List.of(), null, null, limits), sink);
    }

    private static IngestLimits limits(int maxTextBytes) {
        IngestLimits defaults = IngestLimits.defaults();
        return new IngestLimits(defaults.maxUncompressedBytes(), defaults.maxCompressionRatio(),
                defaults.maxEntries(), defaults.maxImageSide(), maxTextBytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
