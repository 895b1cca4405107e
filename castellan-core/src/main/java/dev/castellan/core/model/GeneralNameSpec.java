package dev.castellan.core.model;

/** One RFC 5280 GeneralName, in the shapes AWS's {@code GeneralName} structure allows. */
public sealed interface GeneralNameSpec {
    record Dns(String name) implements GeneralNameSpec {}

    record Rfc822(String address) implements GeneralNameSpec {}

    record Uri(String uri) implements GeneralNameSpec {}

    record IpAddress(String address) implements GeneralNameSpec {}

    record RegisteredId(String oid) implements GeneralNameSpec {}

    record Directory(Subject name) implements GeneralNameSpec {}

    /** An otherName whose value is encoded as a UTF8String, e.g. the Microsoft UPN. */
    record Other(String typeId, String value) implements GeneralNameSpec {}

    record EdiParty(String partyName, String nameAssigner) implements GeneralNameSpec {}
}
