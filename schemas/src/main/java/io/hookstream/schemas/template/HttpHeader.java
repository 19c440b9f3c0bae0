package io.hookstream.schemas.template;

/** One HTTP header of an httpGet or httpPost action. */
public record HttpHeader(String name, String value) {
}
