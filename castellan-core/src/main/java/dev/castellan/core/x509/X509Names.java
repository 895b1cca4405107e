package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.Subject;
import java.net.InetAddress;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.x500.DirectoryString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;

/** Turns AWS-shaped subjects and general names into their X.509 encodings. */
public final class X509Names {
    private X509Names() {}

    /**
     * Builds the distinguished name. Named attributes go in the conventional order, most general first (C, ST,
     * L, O, OU, ..., CN); custom attributes keep the order the caller gave.
     */
    public static X500Name toX500Name(Subject s) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (!s.customAttributes().isEmpty()) {
            for (Subject.CustomAttribute a : s.customAttributes()) {
                ASN1ObjectIdentifier oid = oid(a.objectIdentifier());
                b.addRDN(oid, BCStyle.INSTANCE.stringToValue(oid, a.value()));
            }
            return b.build();
        }
        add(b, BCStyle.C, s.country());
        add(b, BCStyle.ST, s.state());
        add(b, BCStyle.L, s.locality());
        add(b, BCStyle.O, s.organization());
        add(b, BCStyle.OU, s.organizationalUnit());
        add(b, BCStyle.DN_QUALIFIER, s.distinguishedNameQualifier());
        add(b, BCStyle.SERIALNUMBER, s.serialNumber());
        add(b, BCStyle.T, s.title());
        add(b, BCStyle.SURNAME, s.surname());
        add(b, BCStyle.GIVENNAME, s.givenName());
        add(b, BCStyle.INITIALS, s.initials());
        add(b, BCStyle.PSEUDONYM, s.pseudonym());
        add(b, BCStyle.GENERATION, s.generationQualifier());
        add(b, BCStyle.CN, s.commonName());
        return b.build();
    }

    private static void add(X500NameBuilder b, ASN1ObjectIdentifier oid, String value) {
        if (value != null && !value.isEmpty()) {
            b.addRDN(oid, BCStyle.INSTANCE.stringToValue(oid, value));
        }
    }

    public static ASN1ObjectIdentifier oid(String dotted) {
        try {
            return new ASN1ObjectIdentifier(dotted);
        } catch (IllegalArgumentException e) {
            throw CastellanException.invalidArgs("'" + dotted + "' is not a valid object identifier.");
        }
    }

    public static GeneralName toGeneralName(GeneralNameSpec spec) {
        return switch (spec) {
            case GeneralNameSpec.Dns d -> new GeneralName(GeneralName.dNSName, d.name());
            case GeneralNameSpec.Rfc822 r -> new GeneralName(GeneralName.rfc822Name, r.address());
            case GeneralNameSpec.Uri u -> new GeneralName(GeneralName.uniformResourceIdentifier, u.uri());
            case GeneralNameSpec.IpAddress ip -> new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(ipOctets(ip.address())));
            case GeneralNameSpec.RegisteredId r -> new GeneralName(GeneralName.registeredID, oid(r.oid()));
            case GeneralNameSpec.Directory d -> new GeneralName(toX500Name(d.name()));
            case GeneralNameSpec.Other o -> {
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(oid(o.typeId()));
                v.add(new DERTaggedObject(true, 0, new DERUTF8String(o.value())));
                yield new GeneralName(GeneralName.otherName, new DERSequence(v));
            }
            case GeneralNameSpec.EdiParty e -> {
                ASN1EncodableVector v = new ASN1EncodableVector();
                if (e.nameAssigner() != null) {
                    v.add(new DERTaggedObject(false, 0, new DirectoryString(e.nameAssigner())));
                }
                v.add(new DERTaggedObject(false, 1, new DirectoryString(e.partyName())));
                yield new GeneralName(GeneralName.ediPartyName, new DERSequence(v));
            }
        };
    }

    /** Encodes a literal IPv4 or IPv6 address; host names are refused rather than resolved. */
    private static byte[] ipOctets(String text) {
        boolean literal = text.matches("[0-9.]+") || (text.contains(":") && text.matches("[0-9a-fA-F:.]+"));
        if (!literal) {
            throw CastellanException.invalidArgs("'" + text + "' is not an IPv4 or IPv6 address.");
        }
        try {
            return InetAddress.ofLiteral(text).getAddress();
        } catch (IllegalArgumentException e) {
            throw CastellanException.invalidArgs("'" + text + "' is not an IPv4 or IPv6 address.");
        }
    }

}
