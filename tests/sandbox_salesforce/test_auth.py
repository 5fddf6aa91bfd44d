"""Logging in with simple-salesforce: JWT, client credentials, password, SOAP; 401 re-login."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceAuthenticationFailed, SalesforceExpiredSession

from connector.sandbox.salesforce import sandbox_session

if TYPE_CHECKING:
    from collections.abc import Iterator

    import requests

    from connector.sandbox.salesforce import SalesforceSandbox

ACCOUNTS = "SELECT COUNT() FROM Account"


@pytest.fixture
def login_http(shared_box: SalesforceSandbox) -> Iterator[requests.Session]:
    """A session that sends *.salesforce.com logins to the sandbox."""
    session = sandbox_session(shared_box.url, shared_box.ca_bundle)
    yield session
    session.close()


def _other_key(tmp_path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "other.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def test_jwt_bearer_login(shared_box: SalesforceSandbox, login_http: requests.Session) -> None:
    info = shared_box.connection_info()
    sf = Salesforce(
        username=info["username"],
        consumer_key=info["client_id"],
        privatekey_file=info["jwt_private_key"],
        session=login_http,
    )
    assert sf.sf_instance == shared_box.url.removeprefix("https://")
    assert sf.query(ACCOUNTS)["totalSize"] == 20
    token = [e for e in shared_box.server.log.entries() if e.endpoint == "token"][-1]
    assert (token.method, token.path, token.status) == ("POST", "/services/oauth2/token", 200)


def test_jwt_signed_by_another_key_is_refused(
    shared_box: SalesforceSandbox, login_http: requests.Session, tmp_path: Path
) -> None:
    info = shared_box.connection_info()
    with pytest.raises(SalesforceAuthenticationFailed) as caught:
        Salesforce(
            username=info["username"],
            consumer_key=info["client_id"],
            privatekey_file=str(_other_key(tmp_path)),
            session=login_http,
        )
    assert caught.value.code == "invalid_grant"
    assert caught.value.auth_message == "invalid assertion"


def test_jwt_for_unknown_app_or_user_is_refused(
    shared_box: SalesforceSandbox, login_http: requests.Session
) -> None:
    info = shared_box.connection_info()
    with pytest.raises(SalesforceAuthenticationFailed) as caught:
        Salesforce(
            username=info["username"],
            consumer_key="3MVG9notTheApp",
            privatekey_file=info["jwt_private_key"],
            session=login_http,
        )
    assert caught.value.code == "invalid_client_id"
    # simple-salesforce warns (how to pre-authorize the app) before raising.
    with (
        pytest.warns(UserWarning, match="authorize"),
        pytest.raises(SalesforceAuthenticationFailed) as unknown,
    ):
        Salesforce(
            username="nobody@example.com",
            consumer_key=info["client_id"],
            privatekey_file=info["jwt_private_key"],
            session=login_http,
        )
    assert unknown.value.auth_message == "user hasn't approved this consumer"


@pytest.mark.parametrize(
    ("claims", "description"),
    [
        ({"exp": 1_000_000}, "expired authorization code"),
        ({"aud": "https://evil.example.com"}, "audience is invalid"),
    ],
)
def test_jwt_claims_are_checked(
    shared_box: SalesforceSandbox,
    login_http: requests.Session,
    claims: dict[str, object],
    description: str,
) -> None:
    info = shared_box.connection_info()
    payload = {
        "iss": info["client_id"],
        "sub": info["username"],
        "aud": "https://login.salesforce.com",
        "exp": int(time.time()) + 120,
        **claims,
    }
    assertion = jwt.encode(payload, Path(info["jwt_private_key"]).read_bytes(), algorithm="RS256")
    answer = login_http.post(
        info["token_url"],
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
    )
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_grant", "error_description": description}


def test_client_credentials_login(
    shared_box: SalesforceSandbox, login_http: requests.Session
) -> None:
    info = shared_box.connection_info()
    sf = Salesforce(
        consumer_key=info["client_id"],
        consumer_secret=info["client_secret"],
        domain="healthscore-sandbox.my",
        session=login_http,
    )
    assert sf.query(ACCOUNTS)["totalSize"] == 20
    who = sf.query(
        "SELECT Id, Username FROM User WHERE Username = 'integration@healthscore-sandbox.example'"
    )
    assert who["totalSize"] == 1
    with pytest.raises(SalesforceAuthenticationFailed) as caught:
        Salesforce(
            consumer_key=info["client_id"],
            consumer_secret="wrong",  # noqa: S106 - a wrong secret on purpose
            domain="healthscore-sandbox.my",
            session=login_http,
        )
    assert caught.value.code == "invalid_client"


def test_password_flows(shared_box: SalesforceSandbox, login_http: requests.Session) -> None:
    info = shared_box.connection_info()
    oauth = Salesforce(
        username=info["username"],
        password=info["password"] + info["security_token"],
        consumer_key=info["client_id"],
        consumer_secret=info["client_secret"],
        session=login_http,
    )
    assert oauth.query(ACCOUNTS)["totalSize"] == 20
    soap = Salesforce(
        username=info["username"],
        password=info["password"],
        security_token=info["security_token"],
        session=login_http,
    )
    assert soap.query(ACCOUNTS)["totalSize"] == 20
    with pytest.raises(SalesforceAuthenticationFailed) as caught:
        Salesforce(
            username=info["username"],
            password="wrong",  # noqa: S106 - a wrong password on purpose
            security_token=info["security_token"],
            session=login_http,
        )
    assert caught.value.code == "INVALID_LOGIN"


def test_expired_session_re_login(box: SalesforceSandbox) -> None:
    info = box.connection_info()
    with sandbox_session(box.url, box.ca_bundle) as http:
        sf = Salesforce(
            consumer_key=info["client_id"],
            consumer_secret=info["client_secret"],
            domain="healthscore-sandbox.my",
            session=http,
        )
        first = sf.session_id
        box.server.log.clear()
        box.expire_sessions()
        assert sf.query(ACCOUNTS)["totalSize"] == 20
        assert sf.session_id != first
        calls = [(e.endpoint, e.status) for e in box.server.log.entries()]
        assert calls == [("query", 401), ("token", 200), ("query", 200)]

        direct = Salesforce(instance_url=box.url, session_id=first, session=http)
        with pytest.raises(SalesforceExpiredSession) as caught:
            direct.query(ACCOUNTS)
        assert caught.value.content == [
            {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
        ]


def test_sessions_time_out_and_need_a_header(box: SalesforceSandbox) -> None:
    with sandbox_session(box.url, box.ca_bundle) as http:
        bare = http.get(f"{box.url}/services/data/v59.0/limits/")
        assert bare.status_code == 401
        assert bare.json()[0]["errorCode"] == "INVALID_SESSION_ID"
        now = [0.0]
        box.auth.ticks = lambda: now[0]
        session_id = box.new_session()
        headers = {"Authorization": f"Bearer {session_id}"}
        now[0] = 7000.0  # under the 2-hour timeout, and each use extends it
        assert http.get(f"{box.url}/services/data/v59.0/limits/", headers=headers).ok
        now[0] = 14000.0
        assert http.get(f"{box.url}/services/data/v59.0/limits/", headers=headers).ok
        now[0] = 21201.0  # idle for more than 2 hours
        late = http.get(f"{box.url}/services/data/v59.0/limits/", headers=headers)
        assert late.status_code == 401
