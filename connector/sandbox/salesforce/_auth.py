"""Logging in: the OAuth token endpoint, SOAP login, and sessions that expire.

The sandbox org has one connected app (an External Client App in today's
terms) with a consumer key and secret, a certificate for the JWT bearer flow
(its private key is written next to the TLS files for the demo), and the
integration user as its client-credentials run-as user. Grants:

- ``urn:ietf:params:oauth:grant-type:jwt-bearer``: the RS256 signature is
  checked against the app's certificate; ``iss`` must be the consumer key,
  ``sub`` an active username, ``aud`` a Salesforce login URL, ``exp`` future;
- ``client_credentials``: key and secret by HTTP Basic or form fields;
- ``password``: key, secret, username, and password + security token;
- SOAP ``login`` (simple-salesforce's username/password/token mode).

Sessions slide: each use extends them by the session timeout (2 h).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from connector.sandbox._http import Response
from connector.sandbox.salesforce._errors import oauth_error
from connector.sandbox.salesforce._ids import ORG_ID

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from connector.sandbox._http import Request

__all__ = ["Auth", "ConnectedApp", "Login", "Session", "make_connected_app"]

SESSION_SECONDS = 2 * 3600
_SOAP_NS = {"env": "http://schemas.xmlsoap.org/soap/envelope/", "p": "urn:partner.soap.sforce.com"}


@dataclass(frozen=True, slots=True)
class ConnectedApp:
    """The org's connected app: consumer key/secret and the JWT signing certificate."""

    name: str
    client_id: str
    client_secret: str
    certificate: bytes  # PEM
    private_key_path: Path  # the matching key, for the demo's JWT client
    run_as: str  # user id for client credentials


@dataclass(frozen=True, slots=True)
class Login:
    """A user who may log in: username, user id, and a password (None: no password)."""

    username: str
    user_id: str
    password: str | None = None
    security_token: str | None = None


@dataclass(slots=True)
class Session:
    """A session id's user and when it stops working."""

    user_id: str
    expires: float  # on the Auth's ``ticks`` clock
    app: str | None


def make_connected_app(folder: Path, run_as: str) -> ConnectedApp:
    """A new connected app whose JWT key pair is written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "healthscore-sandbox-jwt")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_path = folder / "jwt-private-key.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (folder / "jwt-certificate.pem").write_bytes(pem)
    return ConnectedApp(
        name="Healthscore Sandbox",
        client_id="3MVG9" + secrets.token_urlsafe(60).replace("-", "A").replace("_", "B")[:80],
        client_secret=secrets.token_hex(32).upper(),
        certificate=pem,
        private_key_path=key_path,
        run_as=run_as,
    )


class Auth:
    """Issues and checks session ids for one org."""

    def __init__(self, app: ConnectedApp, logins: list[Login], instance_url: str) -> None:
        self.app = app
        self.logins = {login.username.lower(): login for login in logins}
        self.instance_url = instance_url
        self.session_seconds: float = SESSION_SECONDS
        self.ticks: Callable[[], float] = time.monotonic  # session expiry clock (seconds)
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._public_key = x509.load_pem_x509_certificate(app.certificate).public_key()

    # -- sessions -------------------------------------------------------------

    def new_session(self, user_id: str, app: str | None = None) -> str:
        """A new session id for ``user_id``."""
        token = f"{ORG_ID[:15]}!AQ" + secrets.token_urlsafe(72)
        with self._lock:
            self._sessions[token] = Session(user_id, self.ticks() + self.session_seconds, app)
        return token

    def check(self, request: Request) -> Session | None:
        """The live session a request carries (``Bearer``/``OAuth`` header), or None."""
        header = request.headers.get("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in ("bearer", "oauth") or not token:
            return None
        now = self.ticks()
        with self._lock:
            session = self._sessions.get(token.strip())
            if session is None or session.expires <= now:
                return None
            session.expires = now + self.session_seconds
            return session

    def expire(self, token: str | None = None) -> None:
        """End one session, or every session (as an admin's "expire all" would)."""
        with self._lock:
            if token is None:
                self._sessions.clear()
            else:
                self._sessions.pop(token, None)

    def invalidate(self, request: Request) -> None:
        """End the session a request carries (an injected session fault)."""
        token = (request.headers.get("Authorization") or "").partition(" ")[2].strip()
        if token:
            self.expire(token)

    # -- OAuth ----------------------------------------------------------------

    def _granted(self, user_id: str) -> Response:
        token = self.new_session(user_id, self.app.client_id)
        issued = str(int(time.time() * 1000))
        identity = f"https://login.salesforce.com/id/{ORG_ID}/{user_id}"
        signature = hmac.new(
            self.app.client_secret.encode(), (identity + issued).encode(), hashlib.sha256
        ).digest()
        return Response.json(
            200,
            {
                "access_token": token,
                "instance_url": self.instance_url,
                "id": identity,
                "token_type": "Bearer",
                "issued_at": issued,
                "signature": base64.b64encode(signature).decode(),
                "scope": "api",
            },
        )

    def token(self, request: Request) -> Response:  # noqa: PLR0911
        """``POST /services/oauth2/token``."""
        form = {k: v[0] for k, v in parse_qs(request.body.decode(errors="replace")).items()}
        grant = form.get("grant_type", "")
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._jwt(form.get("assertion", ""))
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("Authorization") or ""
        if basic.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(basic[6:].strip()).decode()
            except ValueError:
                return oauth_error(400, "invalid_client", "invalid client credentials")
            client_id, _, secret = decoded.partition(":")
        if grant not in ("client_credentials", "password"):
            return oauth_error(400, "unsupported_grant_type", "grant type not supported")
        if client_id != self.app.client_id:
            return oauth_error(400, "invalid_client_id", "client identifier invalid")
        if not secret or not hmac.compare_digest(secret, self.app.client_secret):
            return oauth_error(400, "invalid_client", "invalid client credentials")
        if grant == "client_credentials":
            return self._granted(self.app.run_as)
        login = self.logins.get(form.get("username", "").lower())
        given = form.get("password", "")
        if login is None or login.password is None:
            return oauth_error(400, "invalid_grant", "authentication failure")
        expected = login.password + (login.security_token or "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return oauth_error(400, "invalid_grant", "authentication failure")
        return self._granted(login.user_id)

    def _jwt(self, assertion: str) -> Response:
        try:
            claims = jwt.decode(
                assertion,
                self._public_key,  # type: ignore[arg-type]
                algorithms=["RS256"],
                options={"verify_aud": False, "require": ["exp", "iss", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            return oauth_error(400, "invalid_grant", "expired authorization code")
        except jwt.PyJWTError:
            return oauth_error(400, "invalid_grant", "invalid assertion")
        if claims.get("iss") != self.app.client_id:
            return oauth_error(400, "invalid_client_id", "client identifier invalid")
        audience = str(claims.get("aud"))
        host = urlsplit(audience).hostname or ""
        if not (host.endswith(".salesforce.com") or audience == self.instance_url):
            return oauth_error(400, "invalid_grant", "audience is invalid")
        login = self.logins.get(str(claims.get("sub")).lower())
        if login is None:
            return oauth_error(400, "invalid_grant", "user hasn't approved this consumer")
        return self._granted(login.user_id)

    def soap_login(self, request: Request) -> Response:
        """``POST /services/Soap/u/{version}``: the partner API's ``login`` call."""
        version = request.path.rstrip("/").rsplit("/", 1)[-1]
        try:
            root = ET.fromstring(request.body)  # noqa: S314 - a local sandbox's own clients
        except ET.ParseError:
            return _soap_fault("INVALID_LOGIN", "Invalid request")
        username = root.findtext(".//p:login/p:username", "", _SOAP_NS)
        password = root.findtext(".//p:login/p:password", "", _SOAP_NS)
        login = self.logins.get(username.lower())
        expected = (
            None
            if login is None or login.password is None
            else login.password + (login.security_token or "")
        )
        if (
            login is None
            or expected is None
            or not hmac.compare_digest(password.encode(), expected.encode())
        ):
            return _soap_fault(
                "INVALID_LOGIN", "Invalid username, password, security token; or user locked out."
            )
        token = self.new_session(login.user_id)
        server = f"{self.instance_url}/services/Soap/u/{version}/{ORG_ID[:15]}"
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns="urn:partner.soap.sforce.com"><soapenv:Body><loginResponse><result>'
            f"<metadataServerUrl>{self.instance_url}/services/Soap/m/{version}/{ORG_ID[:15]}"
            "</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>true</sandbox>"
            f"<serverUrl>{server}</serverUrl><sessionId>{token}</sessionId>"
            f"<userId>{login.user_id}</userId></result></loginResponse></soapenv:Body>"
            "</soapenv:Envelope>"
        )
        return Response(200, body.encode(), {"Content-Type": "text/xml;charset=UTF-8"})


def _soap_fault(code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:sf="urn:fault.partner.soap.sforce.com">'
        "<soapenv:Body><soapenv:Fault><faultcode>sf:" + code + "</faultcode>"
        "<faultstring>" + code + ": " + message + "</faultstring><detail>"
        "<sf:LoginFault><sf:exceptionCode>" + code + "</sf:exceptionCode>"
        "<sf:exceptionMessage>" + message + "</sf:exceptionMessage></sf:LoginFault>"
        "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )
    return Response(500, body.encode(), {"Content-Type": "text/xml;charset=UTF-8"})
