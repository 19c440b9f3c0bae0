package io.hookstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The HookTemplate CRD as a tree. */
final class Crd {

    private Crd() {}

    static JsonNode manifest() {
        try (InputStream in = SchemaResources.open(SchemaResources.HOOK_TEMPLATE_CRD)) {
            return Yaml.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of the only version, v1alpha1. */
    static JsonNode openApiV3Schema() {
        return manifest().path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }
}
