package io.hookstream.worker.executor;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 CIDR range such as {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a /32 or /128.
 * Immutable; two ranges are equal when they cover the same addresses.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException with a message naming the bad text */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR range: use an IP literal such as"
                    + " 10.0.0.0/8 or fd00::/8 (no host names)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR range: " + e.getMessage());
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length: use 0 to " + bits);
        }
        return new Cidr(mask(bytes, prefix), prefix, trimmed);
    }

    /** @throws IllegalArgumentException with a message naming the first bad text */
    public static List<Cidr> parseAll(List<String> texts) {
        List<Cidr> ranges = new ArrayList<>();
        for (String text : texts) {
            ranges.add(parse(text));
        }
        return List.copyOf(ranges);
    }

    /** The prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6. */
    public int prefix() {
        return prefix;
    }

    /** The range as it was written (trimmed), for messages and the logged configuration. */
    public String text() {
        return text;
    }

    /** Whether {@code address} is in the range (an IPv4-mapped IPv6 address counts as its IPv4 address). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && network.length == 4 && isIpv4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            bytes = v4;
        }
        if (bytes.length != network.length) {
            return false;
        }
        return new BigInteger(1, mask(bytes, prefix)).equals(new BigInteger(1, network));
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
