package dev.castellan.pkix.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class OcspHttpTest {
    /** Bytes whose base64 has '+', '/' and padding: fb ff bf -> "+/+/", fe -> "/g==". */
    static final byte[] TRICKY = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, (byte) 0xfe};

    @Test
    void decodeGetRequest_percentEncodedBase64_decodes() {
        assertThat(OcspHttp.decodeGetRequest("%2B%2F%2B%2F%2Fg%3D%3D")).isEqualTo(TRICKY);
    }

    @Test
    void decodeGetRequest_rawBase64WithPlusAndSlash_keepsThePlus() {
        assertThat(OcspHttp.decodeGetRequest(Base64.getEncoder().encodeToString(TRICKY))).isEqualTo(TRICKY);
    }

    @Test
    void decodeGetRequest_urlSafeAlphabetWithoutPadding_decodes() {
        assertThat(OcspHttp.decodeGetRequest(Base64.getUrlEncoder().withoutPadding().encodeToString(TRICKY))).isEqualTo(TRICKY);
    }

    @Test
    void decodeGetRequest_brokenEscapesOrNonBase64_isNull() {
        assertThat(OcspHttp.decodeGetRequest("abc%2")).isNull();
        assertThat(OcspHttp.decodeGetRequest("abc%zz")).isNull();
        assertThat(OcspHttp.decodeGetRequest("not*base64!")).isNull();
        assertThat(OcspHttp.decodeGetRequest("é")).isNull();
    }
}
