package io.hookstream.testing;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts ONE embedded Kafka broker (random broker and controller ports, temporary data
 * directory, 5 partitions for the offsets and transaction-state topics) per top-level test class, and injects it into constructors, {@code @BeforeAll}, {@code @BeforeEach}
 * and test methods that declare an {@link EmbeddedKafkaBroker} parameter. {@code @Nested} classes share the
 * broker of their top-level class.
 *
 * <p>The broker lives in the class-level {@link ExtensionContext.Store}, which closes it (and deletes its data)
 * when the class finishes. Tests that restart it must leave it running.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(EmbeddedKafkaExtension.class);
    private static final String BROKER_KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker(extensionContext);
    }

    /** The broker of the top-level test class that {@code context} belongs to, started on first use. */
    public static EmbeddedKafkaBroker broker(ExtensionContext context) {
        ExtensionContext classContext = topLevelClassContext(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(BROKER_KEY, key -> startBroker(), EmbeddedKafkaBroker.class);
    }

    private static EmbeddedKafkaBroker startBroker() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .controllerPort(0)
                // 5 instead of 50 partitions: the first consumer group or transaction is ~1 s faster
                .brokerProperty("offsets.topic.num.partitions", "5")
                .brokerProperty("transaction.state.log.num.partitions", "5")
                .build();
        try {
            return broker.start();
        } catch (RuntimeException e) {
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static ExtensionContext topLevelClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent()
                .filter(parent -> parent.getTestClass().isPresent())
                .isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }
}
