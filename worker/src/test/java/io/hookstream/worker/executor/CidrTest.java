package io.hookstream.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4RangeContainsItsAddressesOnly() throws Exception {
        Cidr range = Cidr.parse("169.254.0.0/16");

        assertThat(range.contains(ip("169.254.169.254"))).isTrue();
        assertThat(range.contains(ip("169.255.0.1"))).isFalse();
        assertThat(range.contains(ip("fe80::1"))).isFalse();
    }

    @Test
    void ipv6RangesAndSingleAddresses() throws Exception {
        assertThat(Cidr.parse("fe80::/10").contains(ip("fe80::1234"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
        assertThat(Cidr.parse("fd00:ec2::254/128").contains(ip("fd00:ec2::254")))
                .isTrue();
        assertThat(Cidr.parse("fd00:ec2::254").contains(ip("fd00:ec2::255"))).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressCountsAsItsIpv4Address() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254
        });

        assertThat(Cidr.parse("169.254.0.0/16").contains(mapped)).isTrue();
    }

    @Test
    void hostNamesAndBadPrefixesAreRejected() {
        assertThatThrownBy(() -> Cidr.parse("metadata.google.internal/32")).hasMessageContaining("not a CIDR range");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }

    @Test
    void rangesCoveringTheSameAddressesAreEqualAndKeepTheirText() {
        Cidr written = Cidr.parse(" 10.1.2.3/8 ");

        assertThat(written).isEqualTo(Cidr.parse("10.0.0.0/8")).hasSameHashCodeAs(Cidr.parse("10.0.0.0/8"));
        assertThat(written).isNotEqualTo(Cidr.parse("10.0.0.0/16"));
        assertThat(written.text()).isEqualTo("10.1.2.3/8");
        assertThat(written.prefix()).isEqualTo(8);
    }
}
