"""The sandbox server under both CRMs: HTTPS, faults, request log."""

from __future__ import annotations

import socket
import ssl
from typing import TYPE_CHECKING

import httpx
import pytest

from connector.sandbox._faults import FaultPlan
from connector.sandbox._http import Request, Response, SandboxServer
from connector.sandbox._tls import make_tls_files

if TYPE_CHECKING:
    from pathlib import Path


class EchoApp:
    """Answers with what it was asked; ``teapot`` faults answer 418."""

    fault_kinds = frozenset({"teapot"})

    def endpoint(self, request: Request) -> str:
        return request.path.strip("/").split("/")[0] or "root"

    def handle(self, request: Request) -> Response:
        if request.fault is not None:
            return Response.json(418, {"fault": request.fault.kind})
        return Response.json(
            200, {"method": request.method, "q": request.arg("q"), "body": request.json()}
        )


def test_https_with_generated_ca(tmp_path: Path) -> None:
    tls = make_tls_files(tmp_path / "tls")
    with SandboxServer(EchoApp(), tls=tls) as server:
        assert server.url.startswith("https://127.0.0.1:")
        with httpx.Client(verify=ssl.create_default_context(cafile=tls.ca_cert)) as client:
            answer = client.post(f"{server.url}/echo?q=1", json={"a": 1})
        assert answer.json() == {"method": "POST", "q": "1", "body": {"a": 1}}
        with pytest.raises(httpx.ConnectError), httpx.Client() as untrusting:
            untrusting.get(f"{server.url}/echo")


def test_faults_from_spec_are_reproducible() -> None:
    def statuses(seed: int) -> list[int]:
        plan = FaultPlan("echo:teapot@0.3", seed=seed, kinds=EchoApp.fault_kinds)
        with SandboxServer(EchoApp(), faults=plan) as server, httpx.Client() as client:
            return [client.get(f"{server.url}/echo").status_code for _ in range(40)]

    first = statuses(3)
    assert first == statuses(3)
    assert 418 in first
    assert 200 in first
    assert first != statuses(4)


def test_counted_faults_and_log() -> None:
    plan = FaultPlan("echo:teapot#2;other:drop", kinds=EchoApp.fault_kinds)
    with SandboxServer(EchoApp(), faults=plan) as server, httpx.Client() as client:
        codes = [client.get(f"{server.url}/echo").status_code for _ in range(4)]
        assert codes == [418, 418, 200, 200]
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(f"{server.url}/other")
        server.faults.add("echo", "slow", arg=0.2)
        client.get(f"{server.url}/echo")
        log = server.log
        assert log.count("echo") == 5
        assert log.count("echo", 418) == 2
        assert log.count("other", 0) == 1
        slow = log.entries()[-1]
        assert slow.fault == "slow"
        assert slow.seconds >= 0.2


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("echo", "is not ENDPOINT:KIND"),
        ("echo:volcano", "unknown fault 'volcano'"),
        ("echo:teapot@1.5", "probability"),
    ],
)
def test_bad_fault_spec_is_explained(spec: str, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        FaultPlan(spec, kinds=EchoApp.fault_kinds)


def test_bad_content_length_is_400_and_head_has_no_body() -> None:
    with SandboxServer(EchoApp()) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
            assert sock.recv(1024).startswith(b"HTTP/1.1 400")
        with httpx.Client() as client:
            head = client.head(f"{server.url}/echo")
        assert head.status_code == 200
        assert head.content == b""
