"""A requests session that reaches the sandbox where clients expect Salesforce.

simple-salesforce builds its login URLs itself (``https://login.salesforce.com``,
``https://<domain>.salesforce.com``...), so a client logging in with the JWT,
client-credentials or password flow would leave the machine. This session
sends every ``https://*.salesforce.com`` request to the sandbox instead; all
other URLs (the sandbox's own ``instance_url``) go where they say. It trusts
only the sandbox CA and ignores ``REQUESTS_CA_BUNDLE`` and proxies
(``trust_env`` off), which would otherwise override ``verify``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["sandbox_session"]


class _ToSandbox(HTTPAdapter):
    def __init__(self, instance_url: str) -> None:
        super().__init__()
        target = urlsplit(instance_url)
        self._scheme, self._netloc = target.scheme, target.netloc

    def send(
        self,
        request: requests.PreparedRequest,
        *args: Any,  # noqa: ANN401 - passed through to HTTPAdapter.send
        **kwargs: Any,  # noqa: ANN401
    ) -> requests.Response:
        """Send, rewriting ``*.salesforce.com`` to the sandbox."""
        url = urlsplit(request.url or "")
        if (url.hostname or "").endswith(".salesforce.com"):
            request.url = urlunsplit((self._scheme, self._netloc, url.path, url.query, ""))
        return super().send(request, *args, **kwargs)


def sandbox_session(instance_url: str, ca_bundle: Path | str) -> requests.Session:
    """A session for simple-salesforce that logs in and talks to the sandbox only."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(ca_bundle)
    session.mount("https://", _ToSandbox(instance_url))
    return session
