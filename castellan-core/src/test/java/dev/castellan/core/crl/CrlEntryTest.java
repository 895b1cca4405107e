package dev.castellan.core.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/** Exact DER lengths and bytes of single CRL entries, against BouncyCastle's encoding of the same values. */
class CrlEntryTest {
    static final BigInteger ONE_OCTET = BigInteger.ONE;
    static final BigInteger SIGN_PADDED = BigInteger.valueOf(0x80);
    static final BigInteger RANDOM_128 = new BigInteger("8f3a1b2c3d4e5f60718293a4b5c6d7e8", 16);
    static final BigInteger MAX_20_OCTETS = BigInteger.TWO.pow(159).subtract(BigInteger.ONE);

    record Case(String defect, BigInteger serial, Instant date, RevocationReason reason, int expectedLength) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Instant utc = Instant.parse("2026-11-28T12:34:56Z");
        Instant lastUtc = Instant.parse("2049-12-31T23:59:59Z");
        Instant firstGeneralized = Instant.parse("2050-01-01T00:00:00Z");
        Instant beforeUtc = Instant.parse("1949-12-31T23:59:59Z");
        c.add(new Case("one-octet serial, unspecified", ONE_OCTET, utc, RevocationReason.UNSPECIFIED, 2 + 3 + 15));
        c.add(new Case("serial needing a sign octet", SIGN_PADDED, utc, RevocationReason.KEY_COMPROMISE, 2 + 4 + 15 + 14));
        c.add(new Case("128-bit random serial with reason", RANDOM_128, utc, RevocationReason.SUPERSEDED, 2 + 19 + 15 + 14));
        c.add(new Case("128-bit random serial, unspecified", RANDOM_128, utc, RevocationReason.UNSPECIFIED, 2 + 19 + 15));
        c.add(new Case("last UTCTime second", MAX_20_OCTETS, lastUtc, RevocationReason.A_A_COMPROMISE, 53));
        c.add(new Case("first GeneralizedTime second", MAX_20_OCTETS, firstGeneralized,
                RevocationReason.PRIVILEGE_WITHDRAWN, 55));
        c.add(new Case("GeneralizedTime before 1950", RANDOM_128, beforeUtc, RevocationReason.CESSATION_OF_OPERATION,
                2 + 19 + 17 + 14));
        return c;
    }

    @Test
    void encodedLength_table_matchesExpectedAndBouncyCastle() throws Exception {
        for (Case c : cases()) {
            CrlEntry entry = new CrlEntry(new Serial(c.serial()), c.date(), c.reason());
            byte[] mine = new byte[entry.encodedLength()];
            int end = entry.writeTo(mine, 0);

            assertThat(end).as(c.defect()).isEqualTo(mine.length);
            assertThat(entry.encodedLength()).as(c.defect()).isEqualTo(c.expectedLength());
            assertThat(mine).as(c.defect()).isEqualTo(bouncyCastle(c));
        }
    }

    @Test
    void worstCaseEntry_twentyOctetSerialReasonAndGeneralizedTime_is55Bytes() {
        CrlEntry worst = new CrlEntry(new Serial(MAX_20_OCTETS), Instant.parse("2099-01-01T00:00:00Z"),
                RevocationReason.KEY_COMPROMISE);

        assertThat(PartitionCapacity.WORST_CASE_ENTRY).isEqualTo(55);
        assertThat(worst.encodedLength()).isEqualTo(PartitionCapacity.WORST_CASE_ENTRY);
    }

    @Test
    void revocationDate_withMilliseconds_isTruncatedToWholeSeconds() {
        CrlEntry e = new CrlEntry(new Serial(ONE_OCTET), Instant.parse("2026-11-28T12:00:00.999Z"),
                RevocationReason.UNSPECIFIED);

        assertThat(e.revocationDate()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void reasonCodes_everyAwsReason_mapToRfc5280Values() {
        assertThat(List.of(RevocationReason.values()).stream().map(RevocationReason::code).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 9, 10);
        assertThat(RevocationReason.UNSPECIFIED.hasReasonCode()).isFalse();
    }

    /** The entry as BouncyCastle's V2TBSCertListGenerator builds it: Time(Date), reason extension unless 0. */
    private static byte[] bouncyCastle(Case c) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(c.serial()));
        v.add(new Time(Date.from(c.date())));
        if (c.reason() != RevocationReason.UNSPECIFIED) {
            v.add(new Extensions(new Extension(Extension.reasonCode, false,
                    new ASN1Enumerated(c.reason().code()).getEncoded(ASN1Encoding.DER))));
        }
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }
}
