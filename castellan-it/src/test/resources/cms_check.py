"""Checks a detached CMS SignedData (RFC 5652) with Python alone: its own DER walker for the CMS structure and
`cryptography` (OpenSSL underneath) for certificates and signatures, so nothing of Castellan, BouncyCastle or the
JDK is involved. For every SignerInfo: the signer certificate (by issuerAndSerialNumber among the certificates
carried), the signature over the signed attributes re-encoded as a DER SET OF, the message digest of the content,
and every signature of the chain up to the given root. Prints one line per signer and per certificate; exits 1 on
the first failure.

Usage: cms_check.py content signature.der root.pem [root.pem ...]"""
import hashlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

OID_MESSAGE_DIGEST = bytes.fromhex("06092a864886f70d010904")
OID_CONTENT_TYPE = bytes.fromhex("06092a864886f70d010903")
OID_DATA = bytes.fromhex("06092a864886f70d010701")
DIGESTS = {  # DER of the digest algorithm OIDs
    bytes.fromhex("0609608648016503040201"): ("sha256", hashes.SHA256()),
    bytes.fromhex("0609608648016503040202"): ("sha384", hashes.SHA384()),
    bytes.fromhex("0609608648016503040203"): ("sha512", hashes.SHA512()),
}


def tlv(b, i):
    """(tag, start of contents, end) of the element at i."""
    tag, n, i = b[i], b[i + 1], i + 2
    if n & 0x80:
        k = n & 0x7F
        n, i = int.from_bytes(b[i:i + k], "big"), i + k
    return tag, i, i + n


def children(b, element):
    _, i, end = element
    out = []
    while i < end:
        tag, s, e = tlv(b, i)
        out.append((tag, i, s, e))
        i = e
    return [(t, s, e, start) for (t, start, s, e) in out]


def whole(b, child):
    """The full DER (header included) of a child as returned by children()."""
    return b[child[3]:child[2]]


def verify(key, signature, data, hash_algorithm):
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(hash_algorithm))
    elif isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)
    else:  # ML-DSA: pure, empty context
        key.verify(signature, data)


def signature_hash(cert):
    try:
        return cert.signature_hash_algorithm  # None for ML-DSA, whose hash is part of the algorithm
    except Exception:
        return None


def main():
    content = open(sys.argv[1], "rb").read()
    der = open(sys.argv[2], "rb").read()
    roots = [x509.load_pem_x509_certificate(open(p, "rb").read()) for p in sys.argv[3:]]

    content_info = children(der, tlv(der, 0))
    signed_data = children(der, tlv(der, children(der, content_info[1][:3])[0][3]))
    certs, signer_infos = [], None
    for child in signed_data:
        if child[0] == 0xA0:
            certs = [x509.load_der_x509_certificate(whole(der, c)) for c in children(der, child[:3])]
        elif child[0] == 0x31 and child is signed_data[-1]:
            signer_infos = children(der, child[:3])
    encap = children(der, signed_data[2][:3])
    assert whole(der, encap[0]) == OID_DATA and len(encap) == 1, "expected detached id-data content"

    for n, si in enumerate(signer_infos, 1):
        fields = children(der, si[:3])
        sid = children(der, fields[1][:3])
        issuer, serial = whole(der, sid[0]), int.from_bytes(der[sid[1][1]:sid[1][2]], "big", signed=True)
        name, digest_hash = DIGESTS[whole(der, children(der, fields[2][:3])[0])]
        attrs = fields[3]
        assert attrs[0] == 0xA0, "signed attributes missing"
        signed_attrs = b"\x31" + der[attrs[3] + 1:attrs[2]]  # [0] IMPLICIT -> SET OF, as RFC 5652 5.4 signs it
        found = {}
        for attr in children(der, attrs[:3]):
            parts = children(der, attr[:3])
            found[whole(der, parts[0])] = children(der, parts[1][:3])[0]
        assert whole(der, found[OID_CONTENT_TYPE]) == OID_DATA, "content-type is not id-data"
        md = found[OID_MESSAGE_DIGEST]
        if der[md[1]:md[2]] != hashlib.new(name, content).digest():
            raise SystemExit(f"signer {n}: message digest does not match the content")
        signature = der[fields[5][1]:fields[5][2]]
        signer = next(c for c in certs if c.serial_number == serial and c.issuer.public_bytes() == issuer)
        verify(signer.public_key(), signature, signed_attrs, digest_hash)
        eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert ExtendedKeyUsageOID.CODE_SIGNING in eku, "signer certificate is not for code signing"
        print(f"ok signer {n} {type(signer.public_key()).__name__} {name} {signer.subject.rfc4514_string()}")

        cert = signer
        while True:
            root = next((r for r in roots if r.subject == cert.issuer), None)
            parent = root or next(c for c in certs if c.subject == cert.issuer and c != cert)
            verify(parent.public_key(), cert.signature, cert.tbs_certificate_bytes, signature_hash(cert))
            print(f"ok certificate {cert.subject.rfc4514_string()} {cert.signature_algorithm_oid.dotted_string}"
                  f" signed by {parent.subject.rfc4514_string()}")
            if root is not None:
                verify(root.public_key(), root.signature, root.tbs_certificate_bytes, signature_hash(root))
                print(f"ok root {root.subject.rfc4514_string()} self-signed")
                break
            cert = parent


main()
