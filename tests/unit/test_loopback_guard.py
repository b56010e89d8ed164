"""The suite's loopback guard (tests/conftest.py): no test reaches beyond this machine."""

from __future__ import annotations

import socket

import httpx
import pytest


def test_a_connection_beyond_loopback_fails_the_test_before_it_leaves() -> None:
    # 203.0.113.0/24 is TEST-NET-3 (RFC 5737): never routed; the guard refuses before connect()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(AssertionError, match="loopback"):
        sock.connect(("203.0.113.7", 443))


def test_an_http_client_is_stopped_too() -> None:
    with pytest.raises(AssertionError, match="loopback"):
        httpx.get("http://203.0.113.7/api/rest/v4/search/", timeout=1)


def test_loopback_itself_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
