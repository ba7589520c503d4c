"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

- One Chromium for all e2e tests (package scope), a fresh browser context (cookies, storage) per test.
- Every test fails on a console error, an uncaught script error, a failed request, an HTTP error
  response or a request to anything but the live server, unless the test declares that exact error as
  expected (``watch.expect_http_error(403, path)``).
- The live server speaks plain http, so the session and CSRF cookies are made non-Secure and lose
  their ``__Host-`` prefix for these tests only (see ``_cookies_over_plain_http``).
- Run only these: ``pytest tests/e2e`` or ``pytest -m e2e``; leave them out: ``pytest -m "not e2e"``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django_otp.oath import TOTP

try:
    import playwright  # noqa: F401  (a dev dependency; without it there is nothing to drive a browser with)
except ImportError:  # pragma: no cover
    collect_ignore_glob = ["test_*.py"]

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The live server listens on the loopback address itself, so that "nothing loads from outside
# 127.0.0.1" is exactly "every request goes to the live server". An explicit --liveserver wins.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

WATCH_KEY = pytest.StashKey["BrowserWatch"]()

# Texts in the interface may be Dutch or English.
EMAIL_LABEL = re.compile(r"e-?mail", re.I)
PASSWORD_LABEL = re.compile(r"password|wachtwoord", re.I)
CODE_LABEL = re.compile(r"code", re.I)
SIGN_OUT = re.compile(r"sign out|log out|uitloggen|afmelden", re.I)

HOME_URL = re.compile(r"^http://[^/]+/(\?[^#]*)?(#.*)?$")
VERIFY_URL = re.compile(r"^http://[^/]+/inloggen/code/(\?[^#]*)?(#.*)?$")
SETUP_URL = re.compile(r"^http://[^/]+/account/tweestapsverificatie/(\?[^#]*)?(#.*)?$")
LOGIN_URL = re.compile(r"^http://[^/]+/inloggen/(\?[^#]*)?(#.*)?$")


# --- Browser --------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"e2e tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); not found")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse every
    # ORM call from the tests ("You cannot call this from an async context"). The tests only talk to
    # the database between browser calls, never concurrently with the loop's work, so lift the guard,
    # but only while the browser lives: the rest of the suite keeps Django's protection.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _cookies_over_plain_http(settings):
    """Production cookies are Secure and named __Host-…, which a browser refuses over plain http.

    Chromium makes an exception for loopback hosts (127.0.0.1, localhost count as secure contexts),
    so the production cookies happen to work against this live server too; the override keeps the
    harness working when the live server is reached by another name (a container, --liveserver).
    Django's session and CSRF middleware read names and flags per request, and the settings object
    is shared with the live server thread, so overriding them here is enough (test_harness.py checks).
    """
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME = "sessionid"
    settings.CSRF_COOKIE_NAME = "csrftoken"


@dataclass
class BrowserWatch:
    """Everything that went wrong in the browser during one test."""

    origin: str
    problems: list[str] = field(default_factory=list)
    expected: list[tuple[int, str]] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def expect_http_error(self, status: int, path: str) -> None:
        """This test deliberately opens ``path`` and expects ``status`` (for example a 403)."""
        self.expected.append((status, self.origin + path))

    def _is_expected(self, status: int, url: str) -> bool:
        return (status, url.split("?")[0]) in self.expected

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        status = re.search(r"status of (\d{3})", message.text)
        if status and self._is_expected(int(status.group(1)), url):
            return
        self.problems.append(f"console error: {message.text} ({url})")

    def on_page_error(self, error) -> None:
        self.problems.append(f"uncaught script error: {error}")

    def on_request(self, request) -> None:
        url = request.url
        self.requested.append(url)
        if not (url == self.origin or url.startswith(self.origin + "/")):
            self.problems.append(f"request outside the live server: {request.method} {url}")

    def on_request_failed(self, request) -> None:
        # A load the browser itself cancelled (the page navigated on while the favicon or a stylesheet was
        # still loading) is not a fault of the application; every other failure is.
        if "ERR_ABORTED" in (request.failure or ""):
            return
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response) -> None:
        if response.status >= 400 and not self._is_expected(response.status, response.url):
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        assert not self.problems, "The browser reported problems:\n  " + "\n  ".join(self.problems)


@pytest.fixture
def watch(request, live_server) -> BrowserWatch:
    watch = BrowserWatch(origin=live_server.url)
    request.node.stash[WATCH_KEY] = watch
    return watch


@pytest.fixture
def context_options() -> dict:
    """Options for the browser context; override this fixture in a module for another device."""
    return {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def context(browser, live_server, watch, context_options, _cookies_over_plain_http):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", **context_options
    )
    context.set_default_timeout(5_000)
    context.on("request", watch.on_request)
    context.on("requestfailed", watch.on_request_failed)
    context.on("response", watch.on_response)
    yield context
    context.close()


@pytest.fixture
def page(context, watch):
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    yield page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body: fail the test itself (not its teardown) on anything the browser reported."""
    watch = item.stash.get(WATCH_KEY, None)  # set up by the ``watch`` fixture before the call
    try:
        result = yield
    except BaseException:
        # The test failed on its own; show what the browser reported next to that failure.
        if watch is not None and watch.problems:
            item.add_report_section("call", "browser", "\n".join(watch.problems))
        raise
    if watch is not None:
        watch.assert_clean()
    return result


# --- Signing in -----------------------------------------------------------------------------------


class Authenticator:
    """An authenticator app for one TOTP key, as django_otp's TOTPDevice checks it.

    The server accepts a code once, and one step of clock difference either way. After a successful
    sign-in the app is treated as showing the next code, so a journey never has to wait 30 seconds.
    """

    def __init__(self, key: bytes, step: int = 30, digits: int = 6):
        self.key, self.step, self.digits = key, step, digits
        self.last_used_t = -1
        self._offered_t = -1

    def _token(self, t: int) -> int:
        totp = TOTP(self.key, step=self.step, digits=self.digits)
        totp.time = t * self.step + self.step / 2
        return totp.token()

    def _now_t(self) -> int:
        return int(time.time()) // self.step

    def code(self) -> str:
        """The code the app shows now, or the next one if the current one has been used."""
        self._offered_t = max(self._now_t(), self.last_used_t + 1)
        return f"{self._token(self._offered_t):0{self.digits}d}"

    def used(self) -> None:
        """The code last returned by ``code()`` was accepted; the server never takes it again."""
        self.last_used_t = self._offered_t

    def wrong_code(self) -> str:
        """A well-formed code that the server accepts at no step near now."""
        now_t = self._now_t()
        valid = {self._token(t) for t in range(now_t - 3, now_t + 4)}
        candidate = 123456
        while candidate in valid:
            candidate += 1
        return f"{candidate:0{self.digits}d}"


def fill_password_form(page, email: str, password: str) -> None:
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("main").get_by_role("button").click()


def enter_code(page, code: str) -> None:
    page.get_by_role("textbox", name=CODE_LABEL).fill(code)
    page.get_by_role("main").get_by_role("button").click()


def sign_in(page, email: str, password: str, authenticator: Authenticator) -> None:
    """Password, then the code page, then the home page."""
    page.goto("/inloggen/")
    fill_password_form(page, email, password)
    page.wait_for_url(VERIFY_URL)
    enter_code(page, authenticator.code())
    page.wait_for_url(HOME_URL)
    authenticator.used()


# --- The demo network -----------------------------------------------------------------------------


@pytest.fixture
def demo_network(transactional_db) -> dict[str, int]:
    from samenkracht.demo.loader import build_demo_network

    return build_demo_network()


def sign_in_as_demo(page, local: str) -> Authenticator:
    """Sign in through the pages as a demo account (samenkracht.demo.users) with its stable TOTP key."""
    from samenkracht.demo.loader import demo_totp_key
    from samenkracht.demo.users import DEMO_PASSWORD, demo_email

    email = demo_email(local)
    app = Authenticator(bytes.fromhex(demo_totp_key(email)))
    sign_in(page, email, DEMO_PASSWORD, app)
    return app
