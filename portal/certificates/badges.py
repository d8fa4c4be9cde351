"""Each certificate as an Open Badges 3.0 credential, and the checking of one a visitor brings back.

The credential is an OpenBadgeCredential of the W3C Verifiable Credentials data model 2.0, secured as a
VC-JWT (Open Badges 3.0 § 8.2): a compact JWS whose payload is the credential itself with the registered
claims iss, jti, nbf and sub, signed with EdDSA over the instance's Ed25519 key (portal.certificates
.signing_key). Its header names the key by a URL that serves it as a JWK (/badges/emetteur/cle.json),
and the issuer profile (/badges/emetteur) lists that key as its assertion method.

A credential is built again at each download from the certificate as issued: Ed25519 signatures are
deterministic, so the same certificate gives the same file.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlparse

import jwt
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.certificates import service, signing_key
from portal.certificates.models import Certificate
from portal.learning.models import Course
from portal.learning.wording import planned_duration
from portal.links import external_url
from portal.refusals import Refused
from portal.vault import service as vault

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines verificationMethod, assertionMethod, JsonWebKey and publicKeyJwk, which the issuer profile uses.
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/jwt"
# A credential of ours is about 3 KB; anything much larger is not one.
MAX_BYTES = 64 * 1024
CRITERIA = ("Avoir suivi toutes les leçons de la formation à distance et réussi chacun de ses quiz ; "
            "l'attestation est délivrée une fois par version de la formation.")
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


# --- what is published ---------------------------------------------------------------------------

def issuer_id() -> str:
    return external_url("certificates.badge_issuer")


def key_id() -> str:
    return external_url("certificates.badge_key")


def public_key_document() -> dict:
    """The JWK the header's kid dereferences to."""
    return {**signing_key.public_jwk(), "kid": key_id(), "alg": ALGORITHM, "use": "sig"}


def _issuer() -> dict:
    config = current_app.config
    return {"id": issuer_id(), "type": ["Profile"], "name": config["PROVIDER_NAME"],
            "url": config["BASE_URL"] + "/",
            "description": (f"Organisme de formation, déclaration d'activité enregistrée sous le numéro "
                            f"{config['PROVIDER_NDA']} auprès du préfet de région {config['PROVIDER_NDA_REGION']}.")}


def issuer_profile() -> dict:
    """The Open Badges Profile of the provider, with the public key that verifies its credentials."""
    method = {"id": key_id(), "type": "JsonWebKey", "controller": issuer_id(), "publicKeyJwk": signing_key.public_jwk()}
    return {"@context": [VC_CONTEXT, OB_CONTEXT, CID_CONTEXT], **_issuer(), "verificationMethod": [method],
            "assertionMethod": [key_id()]}


# --- issuing -------------------------------------------------------------------------------------

def _subject_id(account_id: uuid.UUID) -> str:
    """The same for all of a person's credentials, without showing the account's own id."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{issuer_id()}/titulaires/{account_id}')}"


def _course_description(course: Course) -> str:
    text = f"{course.nature[:1].upper()}{course.nature[1:]} à distance, {planned_duration(course)}."
    objectives = [line.strip().lstrip("-* ").strip() for line in course.objectives.splitlines()]
    objectives = [line.rstrip(".") for line in objectives if line]
    return f"{text} Objectifs : {' ; '.join(objectives)}." if objectives else text


def _achievement(course: Course, course_version: int) -> dict:
    return {"id": f"{external_url('learning.course', slug=course.slug)}#version-{course_version}",
            "type": ["Achievement"], "achievementType": "CertificateOfCompletion",
            "name": course.title, "description": _course_description(course),
            "criteria": {"narrative": CRITERIA}, "version": str(course_version)}


def _instant(moment: datetime) -> str:
    """Whole seconds: the nbf claim (a NumericDate) must equal validFrom."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def credential(certificate: Certificate) -> dict:
    """The OpenBadgeCredential of an issued certificate (with its course), the name as printed on it."""
    course = certificate.course
    subject: dict = {"id": _subject_id(certificate.account_id), "type": ["AchievementSubject"],
                     "achievement": _achievement(course, certificate.course_version)}
    holder = vault.certificate_holder(certificate.code)
    if holder:
        # The name in clear, as on the PDF: the holder shows this file to prove what she followed.
        subject["identifier"] = [{"type": "IdentityObject", "identityHash": holder, "identityType": "name",
                                  "hashed": False}]
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": external_url("certificates.verify_page", code=certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Attestation de fin de formation : {course.title}",
        "issuer": _issuer(),
        "validFrom": _instant(certificate.issued_at),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if certificate.version > 1:
        document["description"] = (f"Version {certificate.version} : remplace l'attestation précédente "
                                   "(rectification du nom).")
    return document


def signed(certificate: Certificate, document: dict | None = None) -> str:
    """The credential (built here unless given) as a VC-JWT, a compact JWS: the file the holder downloads."""
    document = document or credential(certificate)
    claims = {**document, "iss": document["issuer"]["id"], "jti": document["id"],
              "nbf": int(certificate.issued_at.replace(microsecond=0, tzinfo=UTC).timestamp()),
              "sub": document["credentialSubject"]["id"]}
    return jwt.encode(claims, signing_key.private_key(), algorithm=ALGORITHM, headers={"kid": key_id(), "typ": "JWT"})


def export_files(account_id: uuid.UUID) -> list[tuple[str, str]]:
    """For the portability export: each certificate's signed credential (.jwt, the one to verify) and the
    same credential as readable JSON (.json)."""
    files = []
    for certificate in (Certificate.select(Certificate, Course).join(Course)
                        .where(Certificate.account_id == account_id).order_by(Certificate.issued_at)):
        document = credential(certificate)
        files.append((f"badges/{certificate.code}.jwt", signed(certificate, document)))
        files.append((f"badges/{certificate.code}.json", json.dumps(document, ensure_ascii=False, indent=1)))
    return files


# --- checking one brought back -------------------------------------------------------------------

class BadgeRefused(Refused):
    """Why a file is not a valid credential of this certificate (a sentence for the visitor)."""


@dataclass(frozen=True)
class Reading:
    """What a credential with a good signature says."""

    code: str
    achievement: str
    holder: str | None
    valid_from: datetime


@dataclass(frozen=True)
class BadgeCheck:
    reading: Reading
    verification: service.Verification


def _decoded(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise BadgeRefused(_l("Ce fichier est bien trop grand pour être un badge numérique de Pétale."))
    try:
        text = content.decode("ascii").strip()
    except UnicodeDecodeError:
        raise BadgeRefused(_l("Ce fichier n'est pas un badge numérique : choisissez le fichier « .jwt » "
                              "téléchargé depuis Pétale.")) from None
    if text.startswith("{"):
        raise BadgeRefused(_l("Ce fichier est la version lisible du badge, sans signature : choisissez le "
                              "fichier « .jwt » qui l'accompagne."))
    if not _COMPACT_JWS.fullmatch(text):
        raise BadgeRefused(_l("Ce fichier n'est pas un badge numérique : choisissez le fichier « .jwt » "
                              "téléchargé depuis Pétale."))
    return text


def read(content: bytes) -> Reading:
    """The claims of a credential signed with this instance's key, checked as Open Badges 3.0 § 8.2.2
    asks; BadgeRefused says what is wrong."""
    token = _decoded(content)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise BadgeRefused(_l("Ce fichier n'est pas un badge numérique lisible.")) from None
    if header.get("alg") != ALGORITHM:
        raise BadgeRefused(_l("Ce badge n'est pas signé par Pétale : sa signature n'est pas celle de nos badges."))
    try:
        claims = jwt.decode(token, signing_key.public_key(), algorithms=[ALGORITHM],
                            options={"require": ["iss", "jti", "nbf", "sub"], "verify_aud": False})
    except jwt.InvalidSignatureError:
        raise BadgeRefused(_l("La signature ne correspond pas au contenu : ce badge a été modifié après sa "
                              "délivrance, ou il n'a pas été signé par Pétale.")) from None
    except jwt.DecodeError:
        # A signature or payload that is not even valid base64url (bits left in the padding): the
        # file was damaged or edited by hand.
        raise BadgeRefused(_l("Ce fichier n'est pas un badge numérique lisible.")) from None
    except jwt.ImmatureSignatureError:
        raise BadgeRefused(_l("Ce badge se dit valable à partir d'une date à venir : il est refusé.")) from None
    except jwt.InvalidTokenError:
        raise BadgeRefused(_l("Ce badge est signé par Pétale, mais il lui manque des mentions obligatoires.")) \
            from None
    return _reading(claims)


def _reading(claims: dict) -> Reading:
    incomplete = BadgeRefused(_l("Ce badge est signé par Pétale, mais son contenu n'est pas celui d'une "
                                 "attestation : il est refusé."))
    try:
        issuer, subject = claims["issuer"], claims["credentialSubject"]
        valid_from = datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
        consistent = (claims["iss"] == issuer["id"] and claims["jti"] == claims["id"]
                      and claims["sub"] == subject["id"]
                      and int(valid_from.timestamp()) == claims["nbf"]
                      and {"VerifiableCredential", "OpenBadgeCredential"} <= set(claims["type"])
                      and "AchievementSubject" in subject["type"])
        achievement = subject["achievement"]["name"]
        holders = [i["identityHash"] for i in subject.get("identifier", [])
                   if i.get("identityType") == "name" and not i.get("hashed")]
        code = unquote(urlparse(claims["id"]).path.rstrip("/").rsplit("/", 1)[-1])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise incomplete from None
    if not consistent or not isinstance(achievement, str) or not code:
        raise incomplete
    return Reading(code, achievement, holders[0] if holders and isinstance(holders[0], str) else None,
                   valid_from.astimezone(UTC).replace(tzinfo=None))


def check(code: str, content: bytes) -> BadgeCheck:
    """A credential brought to the page of `code`: signed by us, about this certificate, and the
    certificate still issued and in force (in the main zone, or in the legal archive once the holder
    closed her account)."""
    reading = read(content)
    if reading.code != code:
        raise BadgeRefused(_l("Ce badge est authentique mais concerne une autre attestation que celle de cette "
                              "page : vérifiez-le sur la page de son propre code."))
    verification = service.verify(code)
    if verification is None:
        raise BadgeRefused(_l("Ce badge a bien été signé par Pétale, mais l'attestation qu'il décrit ne figure "
                              "plus dans ses registres : il ne peut pas être confirmé."))
    if verification.certificate.superseded_by:
        raise BadgeRefused(_l("Ce badge décrit une attestation qui a été remplacée par une version plus récente "
                              "(rectification du nom) : il n'est plus valable, demandez la nouvelle version."))
    return BadgeCheck(reading, verification)
