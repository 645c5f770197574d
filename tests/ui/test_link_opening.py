"""The rules for following a link: web addresses only, copy over SSH or without a browser."""

from __future__ import annotations

import webbrowser

import pytest

from reader.ui.link_opening import Way, open_in_browser, over_ssh, question, refusal, way_for
from reader.ui.link_opening import graphical_browser as browser_found


@pytest.mark.parametrize(
    ("url", "ssh", "browser", "way"),
    [
        ("https://example.com/a", False, True, Way.BROWSER),
        ("http://example.com", False, True, Way.BROWSER),
        ("https://example.com/a", True, True, Way.COPY),
        ("https://example.com/a", False, False, Way.COPY),
        ("file:///etc/passwd", False, True, Way.REFUSE),
        ("javascript:alert(1)", True, True, Way.REFUSE),
        ("data:text/html,x", False, False, Way.REFUSE),
        ("", False, True, Way.REFUSE),
    ],
)
def test_way_for(url: str, ssh: bool, browser: bool, way: Way) -> None:
    assert way_for(url, ssh=ssh, browser=browser) is way


def test_ssh_is_recognised_by_either_variable() -> None:
    assert over_ssh({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"})
    assert over_ssh({"SSH_TTY": "/dev/pts/3"})
    assert not over_ssh({"SSH_CONNECTION": "", "TERM": "xterm"})


def test_a_console_browser_counts_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser("lynx"))
    assert not browser_found()
    monkeypatch.setattr(
        webbrowser, "get", lambda using=None: webbrowser.BackgroundBrowser("firefox")
    )
    assert browser_found()


def test_no_browser_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    assert not browser_found()
    assert not open_in_browser("https://example.com")


def test_open_refuses_what_is_not_a_web_address_even_if_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda using=None: pytest.fail("browser looked up"))
    assert not open_in_browser("file:///etc/passwd")


def test_messages_name_the_kind_of_link() -> None:
    assert "a javascript: link" in refusal("javascript:alert(1)")
    assert "not a web address" in refusal("/relative/path")
    assert "not a valid web address" in refusal("https://[::1")  # and no exception
    assert question(Way.COPY, ssh=True)[0].endswith("you are connected over SSH.)")
    assert question(Way.BROWSER, ssh=False) == ("Open this link in your web browser?", "Open")
