"""Open Badges 3.0: each certificate as a signed OpenBadgeCredential (VC-JWT, EdDSA over Ed25519), the
issuer profile and its key published, the verification page checking a credential brought back — also
after the holder deleted her account, from the legal archive."""
from __future__ import annotations

import base64
import io
import json
import re
import stat
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from portal.accounts.models import Account
from portal.backup import service as backups
from portal.backup.archive_file import open_sealed
from portal.certificates import signing_key
from portal.certificates.models import Certificate
from portal.demo.seed import DEMO_PASSWORD
from tests.support.certificates import complete_course, the_certificate
from tests.support.exports import exported
from tests.support.helpers import csrf_token, submit
from tests.support.learning_fixtures import signed_in

HOLDER = "apprenante2@petale.test"  # Amélie Apprenante, who completes the course in complete_course()
COURSE_TITLE = "Art floral — les fondamentaux"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parts(token: str) -> tuple[dict, dict, bytes]:
    header, payload, signature = token.split(".")
    return json.loads(unb64url(header)), json.loads(unb64url(payload)), unb64url(signature)


def download(app, code: str) -> str:
    response = signed_in(app, HOLDER).get(f"/mes-attestations/{code}.jwt")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/jwt" and re.search(
        r'filename="badge-art-floral-les-fondamentaux-\d{4}-\d\d-\d\d\.jwt"', response.headers["Content-Disposition"])
    return response.get_data(as_text=True)


def upload(client, code: str, content: bytes, name: str = "badge.jwt"):
    page = f"/certificats/verifier/{code}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    response = client.post(page, data={"csrf_token": token, "badge": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    return response, unescape(response.get_data(as_text=True))


def verified_with_published_key(client, token: str) -> bool:
    """Checked the way an outside verifier would: the JWK fetched from the header's kid, then the raw
    Ed25519 signature over "header.payload" (RFC 7515 § 5.2) with cryptography alone."""
    header, _, signature = parts(token)
    jwk = client.get(header["kid"].removeprefix("http://petale.test")).get_json(force=True)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    key = Ed25519PublicKey.from_public_bytes(unb64url(jwk["x"]))
    try:
        key.verify(signature, token.rsplit(".", 1)[0].encode())
        return True
    except InvalidSignature:
        return False


def test_a_certificate_is_an_open_badges_credential_with_the_fields_the_specification_requires(demo):
    complete_course(demo)
    certificate = the_certificate(demo)
    mine = unescape(signed_in(demo, HOLDER).get("/mes-attestations").get_data(as_text=True))
    assert f'href="/mes-attestations/{certificate.code}.jwt"' in mine and "Open Badges" in mine
    token = download(demo, certificate.code)
    header, vc, _ = parts(token)
    # OB 3.0 § 8.2.3: alg, kid (or jwk), typ "JWT" and no other header.
    assert header == {"alg": "EdDSA", "kid": "http://petale.test/badges/emetteur/cle.json", "typ": "JWT"}
    assert vc["@context"][0] == VC_V2 and OB_V3 in vc["@context"]
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(vc["type"])
    assert vc["id"] == f"http://petale.test/certificats/verifier/{certificate.code}"
    assert vc["name"] == f"Attestation de fin de formation : {COURSE_TITLE}"
    issuer = vc["issuer"]
    assert issuer["id"] == "http://petale.test/badges/emetteur" and "Profile" in issuer["type"] and issuer["name"]
    assert INSTANT.fullmatch(vc["validFrom"])
    subject = vc["credentialSubject"]
    assert "AchievementSubject" in subject["type"] and subject["id"].startswith("urn:uuid:")
    assert str(certificate.account_id) not in token
    achievement = subject["achievement"]
    assert achievement["id"].startswith("http://petale.test/cours/art-floral-les-fondamentaux#version-")
    assert "Achievement" in achievement["type"] and achievement["name"] == COURSE_TITLE
    assert achievement["description"] and achievement["criteria"]["narrative"]
    assert subject["identifier"] == [{"type": "IdentityObject", "identityHash": "Amélie Apprenante",
                                      "identityType": "name", "hashed": False}]
    # OB 3.0 § 8.2.4, the registered claims: iss, jti, nbf, sub mirror the credential.
    assert vc["iss"] == issuer["id"] and vc["jti"] == vc["id"] and vc["sub"] == subject["id"]
    assert datetime.fromtimestamp(vc["nbf"], UTC).strftime("%Y-%m-%dT%H:%M:%SZ") == vc["validFrom"]
    assert signed_in(demo, "apprenant@petale.test").get(f"/mes-attestations/{certificate.code}.jwt").status_code == 404


def test_the_issuer_profile_and_its_key_are_published_and_verify_the_signature(demo):
    complete_course(demo)
    token = download(demo, the_certificate(demo).code)
    anonymous = demo.test_client()
    profile = anonymous.get("/badges/emetteur")
    assert profile.status_code == 200 and profile.mimetype == "application/ld+json"
    assert profile.headers["Access-Control-Allow-Origin"] == "*"
    document = profile.get_json(force=True)
    assert document["id"] == "http://petale.test/badges/emetteur" and document["type"] == ["Profile"]
    assert document["name"] and document["url"] == "http://petale.test/" and OB_V3 in document["@context"]
    [method] = document["verificationMethod"]
    assert method["id"] == document["assertionMethod"][0] == "http://petale.test/badges/emetteur/cle.json"
    key = anonymous.get("/badges/emetteur/cle.json")
    assert key.status_code == 200 and key.mimetype == "application/jwk+json"
    jwk = key.get_json(force=True)
    assert method["publicKeyJwk"] == {k: jwk[k] for k in ("kty", "crv", "x")} and "d" not in method["publicKeyJwk"]
    assert verified_with_published_key(anonymous, token)
    # A library verifier agrees, and refuses the same claims signed by anyone else.
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["EdDSA"], options={"require": ["iss", "nbf"]})
    forged = jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": jwk["kid"]})
    assert not verified_with_published_key(anonymous, forged)


def test_the_private_key_is_created_once_readable_by_its_owner_only_and_stays_out_of_the_backups(demo, tmp_path):
    complete_course(demo)
    download(demo, the_certificate(demo).code)
    path = Path(demo.config["BADGE_SIGNING_KEY_FILE"])
    assert path.parent == Path(demo.instance_path) and stat.S_IMODE(path.stat().st_mode) == 0o600
    pem = path.read_bytes()
    assert b"PRIVATE KEY" in pem
    with demo.app_context():
        again = signing_key.load_or_create(path)  # a second process starting: the same key, file untouched
        assert again.public_key().public_bytes_raw() == signing_key.public_key().public_bytes_raw()
        assert path.read_bytes() == pem
        secret = signing_key.private_key().private_bytes_raw()
        demo.config.update(BACKUP_KEY="une phrase de passe de test", BACKUP_DIR=str(tmp_path / "backups"))
        created = backups.create()
    members = open_sealed(created.path.read_bytes(), "une phrase de passe de test")
    body = b"".join(pem.splitlines()[1:-1])
    assert not any(body in data or secret in data for data in members.values())
    assert not any(path.name in name for name in members)


def test_the_verification_page_accepts_the_credential_and_refuses_a_tampered_or_foreign_one(demo):
    complete_course(demo)
    code = the_certificate(demo).code
    token = download(demo, code)
    visitor = demo.test_client()
    response, page = upload(visitor, code, token.encode())
    assert response.status_code == 200 and "Badge authentique et valable" in page
    assert f"la fin de la formation « {COURSE_TITLE} »" in page
    assert "Nom inscrit dans le badge : Amélie Apprenante" in page

    header, payload, signature = token.split(".")
    claims = json.loads(unb64url(payload))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Quelqu'un d'autre"
    tampered = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    response, page = upload(visitor, code, tampered.encode())
    assert response.status_code == 422 and "Badge refusé" in page and "a été modifié après sa délivrance" in page
    assert "Quelqu'un d'autre" not in page

    # The first character carries six whole bits of the signature; the last ones carry padding bits,
    # so changing those can give a badly padded file instead of a wrong signature (an Ed25519 S
    # value often ends in "AA").
    flipped = ("B" if signature[0] != "B" else "C") + signature[1:]
    response, page = upload(visitor, code, f"{header}.{payload}.{flipped}".encode())
    assert response.status_code == 422 and "a été modifié après sa délivrance" in page

    badly_padded = signature[:-1] + "B"  # 86 characters: the last one holds 4 bits that must be zero
    response, page = upload(visitor, code, f"{header}.{payload}.{badly_padded}".encode())
    assert response.status_code == 422 and "pas un badge numérique lisible" in page

    foreign = jwt.encode(json.loads(unb64url(payload)), Ed25519PrivateKey.generate(), algorithm="EdDSA",
                         headers={"kid": "http://petale.test/badges/emetteur/cle.json"})
    response, page = upload(visitor, code, foreign.encode())
    assert response.status_code == 422 and "il n'a pas été signé par Pétale" in page

    hmac = jwt.encode(json.loads(unb64url(payload)), "un secret partagé assez long pour HS256 !", algorithm="HS256")
    response, page = upload(visitor, code, hmac.encode())
    assert response.status_code == 422 and "pas signé par Pétale" in page

    readable = json.dumps(json.loads(unb64url(payload))).encode()
    response, page = upload(visitor, code, readable, "badge.json")
    assert response.status_code == 422 and "version lisible du badge, sans signature" in page

    for junk in (b"\x89PNG\r\n\x1a\n\x00\x00", b"pas un badge", b"a.b.c" + b"d" * 70_000):
        response, page = upload(visitor, code, junk)
        assert response.status_code == 422 and "Badge refusé" in page, junk[:10]

    token_page = csrf_token(visitor.get(f"/certificats/verifier/{code}").get_data(as_text=True))
    empty = visitor.post(f"/certificats/verifier/{code}", data={"csrf_token": token_page})
    assert empty.status_code == 422 and "Choisissez le fichier du badge" in unescape(empty.get_data(as_text=True))

    with demo.app_context():
        other = Certificate.create(code="AUTRE.code", account_id=Account.get(Account.display_name == "Antoine").id,
                                   course=the_certificate(demo).course_id, course_version=9,
                                   session=Certificate.get(Certificate.code == code).session_id,
                                   completed_on="2026-01-01", hours="1", results="{}")
    response, page = upload(visitor, other.code, token.encode())
    assert response.status_code == 422 and "concerne une autre attestation" in page


def test_a_credential_of_a_superseded_certificate_is_refused_and_the_new_one_accepted(demo):
    complete_course(demo)
    old = the_certificate(demo).code
    old_token = download(demo, old)
    staff = signed_in(demo, "gestion@petale.test")
    assert submit(staff, f"/gestion/attestations/{old}/nouvelle-version", {},
                  page="/gestion/attestations").status_code == 302
    with demo.app_context():
        new = Certificate.get(Certificate.version == 2).code
    visitor = demo.test_client()
    response, page = upload(visitor, old, old_token.encode())
    assert response.status_code == 422 and "remplacée par une version plus récente" in page
    new_token = download(demo, new)
    assert parts(new_token)[1]["description"].startswith("Version 2 :")
    response, page = upload(visitor, new, new_token.encode())
    assert response.status_code == 200 and "Badge authentique et valable" in page




def test_the_export_holds_each_certificate_as_a_signed_credential_and_as_readable_json(demo):
    complete_course(demo)
    code = the_certificate(demo).code
    archive = exported(demo, signed_in(demo, HOLDER))
    assert {f"badges/{code}.jwt", f"badges/{code}.json"} <= set(archive.namelist())
    signed = archive.read(f"badges/{code}.jwt").decode()
    assert verified_with_published_key(demo.test_client(), signed)
    readable = json.loads(archive.read(f"badges/{code}.json"))
    claims = parts(signed)[1]
    assert readable == {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub")}


def test_after_the_holder_deleted_her_account_the_page_and_her_credential_still_say_issued_and_valid(demo):
    complete_course(demo)
    code = the_certificate(demo).code
    token = download(demo, code)  # kept by the holder, or by whoever she gave it to
    holder = signed_in(demo, HOLDER)
    response = submit(holder, "/mes-donnees/suppression", {"password": DEMO_PASSWORD, "understood": "y"})
    assert response.status_code == 200 and "supprimé" in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert Account.select().where(Account.status == "deleted").count() == 1
        assert not Certificate.select().where(Certificate.code == code).exists()
    visitor = demo.test_client()
    answer = visitor.get(f"/certificats/verifier/{code}")
    page = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 200 and "valide" in page and COURSE_TITLE in page
    assert "Amélie" not in page and "Apprenante" not in page and "ne correspond à aucune" not in page
    response, page = upload(visitor, code, token.encode())
    assert response.status_code == 200 and "Badge authentique et valable" in page and COURSE_TITLE in page
    assert verified_with_published_key(visitor, token)
