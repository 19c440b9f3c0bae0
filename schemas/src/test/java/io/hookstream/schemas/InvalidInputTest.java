package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input is refused by the schema, and where Jackson can tell, by Jackson too, naming the field. */
class InvalidInputTest {

    @Test
    void validRequestIsAccepted() {
        assertThat(requestErrors(request -> {})).isEmpty();
    }

    @Test
    void missingPhaseIsRefusedBySchema() {
        assertThat(requestErrors(request -> request.remove("phase")))
                .singleElement()
                .asString()
                .contains("required property 'phase'");
    }

    /** Records accept a missing phase (null): rejecting it is the dispatcher's validation, not Jackson's. */
    @Test
    void missingPhaseReadsAsNull() throws Exception {
        ObjectNode request = sampleRequest();
        request.remove("phase");

        assertThat(Json.mapper().treeToValue(request, RunRequest.class).phase()).isNull();
    }

    @Test
    void unknownPhaseIsRefusedByBothNamingTheField() {
        ObjectNode request = sampleRequest();
        request.put("phase", "during-backup");

        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, request.toString()))
                .singleElement()
                .asString()
                .contains("/phase");
        assertThatThrownBy(() -> Json.mapper().treeToValue(request, RunRequest.class))
                .hasMessageContaining("unknown phase 'during-backup'")
                .hasMessageContaining("[\"phase\"]");
    }

    @Test
    void unknownExecutionPolicyIsRefusedByBothNamingTheField() {
        ObjectNode request = sampleRequest();
        hook(request).put("executionPolicy", "Sometimes");

        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, request.toString()))
                .singleElement()
                .asString()
                .contains("/hooks/0/executionPolicy");
        assertThatThrownBy(() -> Json.mapper().treeToValue(request, RunRequest.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("\"Sometimes\"")
                .hasMessageContaining("HookInfo[\"executionPolicy\"]");
    }

    @Test
    void negativeMaxRetryIsRefusedBySchema() {
        assertThat(requestErrors(request -> hook(request).put("maxRetry", -1)))
                .singleElement()
                .asString()
                .contains("/hooks/0/maxRetry")
                .contains("minimum");
    }

    @Test
    void nonNumericMaxRetryIsRefusedByBothNamingTheField() {
        ObjectNode request = sampleRequest();
        hook(request).put("maxRetry", "many");

        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, request.toString()))
                .singleElement()
                .asString()
                .contains("/hooks/0/maxRetry");
        assertThatThrownBy(() -> Json.mapper().treeToValue(request, RunRequest.class))
                .hasMessageContaining("\"many\"")
                .hasMessageContaining("HookInfo[\"maxRetry\"]");
    }

    @Test
    void unknownFieldIsRefusedByBothNamingTheField() {
        ObjectNode request = sampleRequest();
        hook(request).put("retries", 3);

        assertThat(SchemaValidation.errors(SchemaResources.RUN_REQUEST, request.toString()))
                .singleElement()
                .asString()
                .contains("retries");
        assertThatThrownBy(() -> Json.mapper().treeToValue(request, RunRequest.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"retries\"");
    }

    @Test
    void requestShapeIsChecked() {
        assertThat(requestErrors(request -> request.putArray("hooks")))
                .singleElement()
                .asString()
                .contains("/hooks");
        assertThat(requestErrors(request -> ((ObjectNode) request.get("session")).remove("namespace")))
                .singleElement()
                .asString()
                .contains("namespace");
        assertThat(requestErrors(request -> ((ObjectNode) hook(request).get("hookTemplate")).remove("name")))
                .singleElement()
                .asString()
                .contains("name");
        assertThat(requestErrors(request -> hook(request).put("timeout", "30 seconds")))
                .singleElement()
                .asString()
                .contains("/hooks/0/timeout");
        assertThat(requestErrors(request -> ((ObjectNode) hook(request).get("params")).putObject("nested")))
                .singleElement()
                .asString()
                .contains("/hooks/0/params/nested");
        assertThat(requestErrors(request -> request.remove("runId"))).isEmpty();
    }

    @Test
    void eventTimestampsMustBeRfc3339() {
        ObjectNode event = Json.mapper().valueToTree(Samples.hookEvent());
        event.put("dispatchedAt", "31/01/2025 02:00");

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_EVENT, event.toString()))
                .singleElement()
                .asString()
                .contains("/dispatchedAt");
        assertThatThrownBy(() -> Json.mapper().treeToValue(event, HookEvent.class))
                .hasMessageContaining("HookEvent[\"dispatchedAt\"]");
    }

    @Test
    void eventsTolerateNewerTopLevelFields() throws Exception {
        for (Object sample : List.of(Samples.hookEvent(), Samples.hookResult(), Samples.runOutcome())) {
            ObjectNode event = Json.mapper().valueToTree(sample);
            event.put("addedLater", true);

            assertThat(SchemaValidation.errors(SchemaResources.jsonSchemaFor(sample.getClass()), event.toString()))
                    .isEmpty();
            assertThat(Json.mapper().treeToValue(event, sample.getClass())).isEqualTo(sample);
        }
    }

    @Test
    void resultStatusOutsideTheEnumIsRefused() {
        ObjectNode result = Json.mapper().valueToTree(Samples.hookResult());
        result.put("status", "Crashed");

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_RESULT, result.toString()))
                .singleElement()
                .asString()
                .contains("/status");
        assertThatThrownBy(() -> Json.mapper().treeToValue(result, HookResult.class))
                .hasMessageContaining("HookResult[\"status\"]");
    }

    @Test
    void runningIsAValidOutcomeStatusForTheHttpView() {
        ObjectNode outcome = Json.mapper().valueToTree(Samples.runOutcome());
        outcome.put("status", "Running");

        assertThat(SchemaValidation.errors(SchemaResources.RUN_OUTCOME, outcome.toString()))
                .isEmpty();
        outcome.put("status", "Pending");
        assertThat(SchemaValidation.errors(SchemaResources.RUN_OUTCOME, outcome.toString()))
                .isNotEmpty();
        assertThatThrownBy(() -> Json.mapper().treeToValue(outcome, RunOutcome.class))
                .hasMessageContaining("RunOutcome[\"status\"]");
    }

    private static List<String> requestErrors(Consumer<ObjectNode> change) {
        ObjectNode request = sampleRequest();
        change.accept(request);
        return SchemaValidation.errors(SchemaResources.RUN_REQUEST, request.toString());
    }

    private static ObjectNode sampleRequest() {
        return Json.mapper().valueToTree(Samples.runRequest());
    }

    private static ObjectNode hook(ObjectNode request) {
        return (ObjectNode) request.get("hooks").get(0);
    }
}
