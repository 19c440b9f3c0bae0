package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantsTest {

    private static final long YEAR_10000 = 253_402_300_800L;

    @Test
    void formatWritesWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-100_000_000_000L, YEAR_10000 + 100_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertThat(UtcInstants.format(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void formatCoversTheEdgesOfTheFastRange() {
        for (Instant instant : new Instant[] {
            Instant.EPOCH,
            Instant.ofEpochSecond(0, 1),
            Instant.parse("2000-02-29T23:59:59.999999999Z"),
            Instant.parse("2100-03-01T00:00:00Z"),
            Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
            Instant.ofEpochSecond(YEAR_10000),
            Instant.ofEpochSecond(-1, 999_000_000)
        }) {
            assertThat(UtcInstants.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void parseReadsEveryFractionLengthAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, YEAR_10000), random.nextInt(1_000_000_000));
            String full = instant.toString();
            int cut = full.indexOf('.');
            String text =
                    cut < 0 ? full : full.substring(0, cut + 1 + 1 + random.nextInt(full.length() - cut - 2)) + "Z";
            assertThat(UtcInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-06T15:00:00+01:00",
                "2026-12-06T14:00:00z",
                "2026-12-06t14:00:00Z",
                "1969-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z",
                "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-12-06T24:00:00Z",
                "2026-12-06T23:59:60Z",
                "2026-12-06T14:00Z",
                "2026-12-06T14:00:00.Z",
                "2026-12-06T14:00:00.1234567890Z",
                "2026-12-06T14:00:00,5Z",
                "2026-12-06T1a:00:00Z",
                "2026-12-06 14:00:00Z",
                "2026-1-06T14:00:00.5Z",
                "20261206T140000Z....."
            })
    void parseLeavesAnyOtherTextToTheFullParser(String text) {
        assertThat(UtcInstants.parse(text)).isNull();
    }

    @Test
    void theMapperStillAcceptsOffsetsAndRejectsImpossibleDates() throws Exception {
        assertThat(Json.mapper().readValue("\"2026-12-06T15:00:00+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-06T14:00:00Z"));
        assertThat(Json.mapper().readValue("\"2026-12-06T14:00:00.25Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-06T14:00:00.250Z"));
        assertThat(Json.mapper().writeValueAsString(Instant.parse("2026-12-06T14:00:00.250Z")))
                .isEqualTo("\"2026-12-06T14:00:00.250Z\"");
        assertThatThrownBy(() -> Json.mapper().readValue("\"2026-02-30T00:00:00Z\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("2026-02-30T00:00:00Z");
    }
}
