"""The HTTP server under both sandbox CRMs: threads, TLS, faults, request log.

A CRM's sandbox is an :class:`App`: it names the endpoint a request is for
and answers it. :class:`SandboxServer` runs an app on a loopback port, in a
background thread (tests, the demo) or in the foreground (``healthscore
sandbox serve``), over HTTPS when given TLS files. It applies the fault plan
and logs every request, so tests can assert exactly which calls were made.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self
from urllib.parse import parse_qs, urlsplit

from connector.sandbox._faults import Fault, FaultPlan

if TYPE_CHECKING:
    from email.message import Message
    from types import TracebackType

    from connector.sandbox._tls import TlsFiles

__all__ = ["App", "LogEntry", "Request", "RequestLog", "Response", "SandboxServer"]


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request as an app sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes
    fault: Fault | None = None

    def json(self) -> Any:  # noqa: ANN401 - JSON is any shape
        """The body parsed as JSON (``ValueError`` if it is not)."""
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(slots=True)
class Response:
    """What an app answers."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:  # noqa: ANN401
        """A JSON response."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        return cls(
            status, body, {"Content-Type": "application/json;charset=UTF-8", **(headers or {})}
        )


class App(Protocol):
    """A sandbox CRM: routes and answers requests."""

    fault_kinds: frozenset[str]

    def endpoint(self, request: Request) -> str:
        """The endpoint name used by fault rules and the log (e.g. ``query``)."""
        ...

    def handle(self, request: Request) -> Response:
        """Answer ``request``; ``request.fault`` asks for an injected failure."""
        ...


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One request as served."""

    at: float
    method: str
    path: str
    endpoint: str
    status: int  # 0 when the connection was dropped or timed out
    seconds: float
    fault: str | None


class RequestLog:
    """Every request served, with counters tests can assert on (thread-safe)."""

    def __init__(self) -> None:
        self._entries: list[LogEntry] = []
        self._lock = threading.Lock()

    def add(self, entry: LogEntry) -> None:
        """Record one request."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LogEntry]:
        """A copy of the log, oldest first."""
        with self._lock:
            return list(self._entries)

    def count(self, endpoint: str | None = None, status: int | None = None) -> int:
        """How many requests matched ``endpoint`` and ``status`` (None: any)."""
        with self._lock:
            return sum(
                1
                for e in self._entries
                if (endpoint is None or e.endpoint == endpoint)
                and (status is None or e.status == status)
            )

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, keep-alive
    # clients would wait ~40 ms per request for the delayed ACK.
    disable_nagle_algorithm = True
    server: _Server
    # Quiet: the request log is the record.
    error_message_format = ""
    default_request_version = "HTTP/1.1"
    methods: ClassVar[tuple[str, ...]] = ("GET", "POST", "PATCH", "PUT", "DELETE")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Silence the default stderr log."""

    def _serve(self) -> None:
        started = time.perf_counter()
        parts = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_error(400, "Bad Content-Length")
            return
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, parts.path, parse_qs(parts.query), self.headers, body)
        app = self.server.app
        endpoint = app.endpoint(request)
        fault = self.server.faults.pick(endpoint)
        status = 0
        applied = fault
        logged = False

        def log() -> None:
            self.server.log.add(
                LogEntry(
                    time.time(),
                    self.command,
                    parts.path,
                    endpoint,
                    status,
                    time.perf_counter() - started,
                    None if applied is None else applied.kind,
                )
            )

        try:
            if fault is not None and fault.kind in ("drop", "timeout"):
                if fault.kind == "timeout":
                    time.sleep(fault.arg if fault.arg is not None else 30.0)
                self.close_connection = True
                log()
                logged = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.arg if fault.arg is not None else 2.0)
                fault = None
            response = app.handle(
                Request(request.method, request.path, request.query, request.headers, body, fault)
            )
            status = response.status
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.body)))
            # Log before the answer can be complete: a client that has read it
            # must find its request in the log.
            log()
            logged = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True
        finally:
            if not logged:
                log()

    do_GET = do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = _serve  # noqa: N815


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], app: App, faults: FaultPlan, log: RequestLog
    ) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self.faults = faults
        self.log = log


class SandboxServer:
    """Runs a sandbox app on ``host:port`` (0 picks a free port)."""

    def __init__(
        self,
        app: App,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: TlsFiles | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        self.app = app
        self.faults = faults if faults is not None else FaultPlan(kinds=app.fault_kinds)
        self.log = RequestLog()
        self.tls = tls
        self._server = _Server((host, port), app, self.faults, self.log)
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls.cert, tls.key)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, e.g. ``https://127.0.0.1:8443``."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
