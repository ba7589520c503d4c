"""The harness itself: plain-http cookies for the live server, and the watch on the browser."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import BrowserWatch

pytestmark = pytest.mark.e2e


def test_cookies_are_plain_http_ones_and_pages_come_from_the_live_server_only(page, context, watch, live_server):
    page.goto("/inloggen/")
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    assert set(cookies) == {"csrftoken"}, cookies
    assert not cookies["csrftoken"]["secure"]
    assert watch.requested and all(url.startswith(live_server.url + "/") for url in watch.requested)


def test_the_watch_reports_what_goes_wrong():
    watch = BrowserWatch(origin="http://127.0.0.1:8000")
    watch.expect_http_error(403, "/verboden/")

    class Request:
        method = "GET"
        failure = "net::ERR_CONNECTION_REFUSED"

        def __init__(self, url):
            self.url = url

    class Response:
        def __init__(self, url, status):
            self.url, self.status, self.request = url, status, Request(url)

    class Console:
        type = "error"

        def __init__(self, text, url):
            self.text, self.location = text, {"url": url}

    watch.on_request(Request("http://127.0.0.1:8000/static/web/app.css"))
    watch.on_response(Response("http://127.0.0.1:8000/verboden/", 403))
    watch.on_console(Console("Failed to load resource: the server responded with a status of 403 (Forbidden)",
                             "http://127.0.0.1:8000/verboden/"))
    assert watch.problems == []

    watch.on_request(Request("https://fonts.example.net/font.woff2"))
    watch.on_request(Request("http://127.0.0.1:80001/"))
    watch.on_request_failed(Request("http://127.0.0.1:8000/static/missing.js"))
    watch.on_response(Response("http://127.0.0.1:8000/static/missing.css", 404))
    watch.on_console(Console("Refused to apply inline style because it violates the following Content Security "
                             "Policy directive", "http://127.0.0.1:8000/"))
    assert len(watch.problems) == 5
    with pytest.raises(AssertionError, match="fonts.example.net"):
        watch.assert_clean()
