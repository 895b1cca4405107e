"""Parses an OCSP response with Python `cryptography` (OpenSSL-backed, independent of BouncyCastle) and prints
what an integration test asserts, as JSON: the responder certificate's profile, both signatures, every answer."""
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp

resp = ocsp.load_der_ocsp_response(open(sys.argv[1], "rb").read())
ca = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
out = {"status": resp.response_status.name}
if resp.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL:
    signer = resp.certificates[0]
    eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    signer.verify_directly_issued_by(ca)
    signer.public_key().verify(resp.signature, resp.tbs_response_bytes, ec.ECDSA(resp.signature_hash_algorithm))
    out.update({
        "signatures_verified": True,
        "eku_critical": eku.critical,
        "eku": [o.dotted_string for o in eku.value],
        "nocheck": signer.extensions.get_extension_for_class(x509.OCSPNoCheck) is not None,
        "signer_is_ca": signer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca,
        "signer_serial": format(signer.serial_number, "x"),
        "signer_days": (signer.not_valid_after_utc - signer.not_valid_before_utc).days,
        "responder_key_hash": resp.responder_key_hash.hex() if resp.responder_key_hash else None,
        "nonce": [e.value.nonce.hex() for e in resp.extensions if isinstance(e.value, x509.OCSPNonce)],
        "responses": [{
            "serial": format(r.serial_number, "x"),
            "status": r.certificate_status.name,
            "revoked_at": r.revocation_time_utc.isoformat() if r.revocation_time_utc else None,
            "reason": r.revocation_reason.name if r.revocation_reason else None,
            "this_update": r.this_update_utc.isoformat(),
            "next_update": r.next_update_utc.isoformat() if r.next_update_utc else None,
        } for r in resp.responses],
    })
print(json.dumps(out))
