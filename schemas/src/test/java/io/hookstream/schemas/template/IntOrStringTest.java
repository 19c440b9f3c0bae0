package io.hookstream.schemas.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntOrStringTest {

    @Test
    void numberIsAPortNumber() throws Exception {
        IntOrString port = Json.mapper().readValue("8080", IntOrString.class);

        assertThat(port).isEqualTo(IntOrString.of(8080)).hasSameHashCodeAs(IntOrString.of(8080));
        assertThat(port.isInt()).isTrue();
        assertThat(port.intValue()).isEqualTo(8080);
        assertThat(port.stringValue()).isNull();
        assertThat(Json.mapper().writeValueAsString(port)).isEqualTo("8080");
        assertThat(port).hasToString("8080");
    }

    @Test
    void stringIsAPortName() throws Exception {
        IntOrString port = Json.mapper().readValue("\"metrics\"", IntOrString.class);

        assertThat(port).isEqualTo(IntOrString.parse("metrics"));
        assertThat(port.isInt()).isFalse();
        assertThat(port.stringValue()).isEqualTo("metrics");
        assertThat(Json.mapper().writeValueAsString(port)).isEqualTo("\"metrics\"");
        assertThatThrownBy(port::intValue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'metrics' is a port name");
    }

    @Test
    void numericStringStaysAName() throws Exception {
        assertThat(Json.mapper().readValue("\"8080\"", IntOrString.class)).isNotEqualTo(IntOrString.of(8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"80.5", "1e10", "true"})
    void refusesWhatIsNeitherAWholeNumberNorAString(String json) {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"port\":" + json + "}", TcpSocketAction.class))
                .hasMessageContaining("port number or a port name")
                .hasMessageContaining("TcpSocketAction[\"port\"]");
    }

    @Test
    void wholeNumberWrittenAsADecimalIsAccepted() throws Exception {
        assertThat(Json.mapper().readValue("80.0", IntOrString.class)).isEqualTo(IntOrString.of(80));
    }
}
