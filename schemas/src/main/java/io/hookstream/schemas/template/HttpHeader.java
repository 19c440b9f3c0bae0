package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One HTTP header of an httpGet or httpPost action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpHeader(String name, String value) {}
