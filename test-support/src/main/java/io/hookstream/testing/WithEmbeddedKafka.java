package io.hookstream.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs one embedded Kafka broker (random ports) for the annotated test class and injects it as an
 * {@code EmbeddedKafkaBroker} parameter; shorthand for {@code @ExtendWith(EmbeddedKafkaExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface WithEmbeddedKafka {}
