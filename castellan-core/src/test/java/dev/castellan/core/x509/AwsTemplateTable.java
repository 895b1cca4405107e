package dev.castellan.core.x509;

import java.util.ArrayList;
import java.util.List;

/**
 * The AWS template table of the reference (§4.1 existence matrix, §4.2 contents), written out independently of
 * {@link CertificateTemplate} so tests compare the code against the documentation, not against itself.
 */
final class AwsTemplateTable {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    static final String SMART_CARD_LOGIN = "1.3.6.1.4.1.311.20.2.2";

    /** JDK {@code getKeyUsage()} indices. */
    static final int DS = 0, NR = 1, KE = 2, KA = 4, KCS = 5, CRL = 6;

    /** What the reference says one template puts in a certificate; ku is null when the template fixes none. */
    record Row(String name, boolean ca, boolean root, Integer pathLen, boolean bcCritical, int[] ku, List<String> eku,
               boolean ekuCritical, boolean api, boolean csr) {}

    private AwsTemplateTable() {}

    /** The 61 template names: family stems crossed with the varieties each exists in (§4.1). */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        String[] all = {"", "_CSRPassthrough", "_APIPassthrough", "_APICSRPassthrough"};
        String[] blank = {"_CSRPassthrough", "_APIPassthrough", "_APICSRPassthrough"};
        for (String stem : List.of("EndEntityCertificate", "EndEntityClientAuthCertificate",
                "EndEntityServerAuthCertificate", "CodeSigningCertificate", "OCSPSigningCertificate")) {
            for (String v : all) {
                out.add(stem + v);
            }
        }
        out.add("RootCACertificate");
        out.add("RootCACertificate_APIPassthrough");
        for (int n = 0; n <= 3; n++) {
            for (String v : all) {
                out.add("SubordinateCACertificate_PathLen" + n + v);
            }
            for (String v : blank) {
                out.add("BlankSubordinateCACertificate_PathLen" + n + v);
            }
            out.add("BlankRootCACertificate_PathLen" + n + "_APIPassthrough");
        }
        for (String v : blank) {
            out.add("BlankEndEntityCertificate" + v);
            out.add("BlankEndEntityCertificate_CriticalBasicConstraints" + v);
        }
        out.add("BlankRootCACertificate_APIPassthrough");
        return out;
    }

    static Row row(String name) {
        boolean api = name.endsWith("_APIPassthrough") || name.endsWith("_APICSRPassthrough");
        boolean csr = name.endsWith("_CSRPassthrough") || name.endsWith("_APICSRPassthrough");
        String stem = name.replaceAll("_(CSR|API|APICSR)Passthrough$", "");
        Integer pathLen = stem.matches(".*_PathLen\\d") ? Integer.valueOf(stem.substring(stem.length() - 1)) : null;
        int[] eeKu = {DS, KE};
        int[] caKu = {DS, KCS, CRL};
        return switch (stem.replaceAll("_PathLen\\d$", "")) {
            case "EndEntityCertificate" -> new Row(name, false, false, null, false, eeKu, List.of(SERVER_AUTH, CLIENT_AUTH), false, api, csr);
            case "EndEntityClientAuthCertificate" -> new Row(name, false, false, null, false, eeKu, List.of(CLIENT_AUTH), false, api, csr);
            case "EndEntityServerAuthCertificate" -> new Row(name, false, false, null, false, eeKu, List.of(SERVER_AUTH), false, api, csr);
            case "CodeSigningCertificate" -> new Row(name, false, false, null, false, new int[] {DS}, List.of(CODE_SIGNING), true, api, csr);
            case "OCSPSigningCertificate" -> new Row(name, false, false, null, false, new int[] {DS}, List.of(OCSP_SIGNING), true, api, csr);
            case "RootCACertificate" -> new Row(name, true, true, null, true, caKu, List.of(), false, api, csr);
            case "SubordinateCACertificate" -> new Row(name, true, false, pathLen, true, caKu, List.of(), false, api, csr);
            case "BlankEndEntityCertificate" -> new Row(name, false, false, null, false, null, List.of(), false, api, csr);
            case "BlankEndEntityCertificate_CriticalBasicConstraints" -> new Row(name, false, false, null, true, null, List.of(), false, api, csr);
            case "BlankSubordinateCACertificate" -> new Row(name, true, false, pathLen, true, null, List.of(), false, api, csr);
            case "BlankRootCACertificate" -> new Row(name, true, true, pathLen, true, null, List.of(), false, api, csr);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
