package dev.secretsync.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against real services in Docker (see {@link ItServices}): skipped
 * where no Docker engine answers, unless {@code SECRETSYNC_IT_REQUIRE_DOCKER=true} (set in CI and
 * in {@code docker-compose.test.yml}), where a missing engine must fail the run instead of turning
 * it green with every test skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("it")
@ExtendWith(DockerCondition.class)
@interface RealServices {}
