"""What "open this link" may do: open a browser, offer to copy the address, or refuse.

The decision is kept apart from the screens so that it is easy to read and to test:

- Only web addresses (http, https) ever leave the reader. `file:`, `javascript:`, `data:` and
  the rest are refused, with a message: a library article must not be able to point the user's
  browser at their own files.
- Over SSH (``SSH_CONNECTION`` or ``SSH_TTY`` set) a browser would start on the server, out of
  the user's sight, so copying the address is offered instead (OSC 52 reaches the clipboard of
  the terminal the user is sitting at).
- Without a graphical browser, likewise. A console browser (lynx, w3m...) counts as none: it
  would try to take over this very terminal, underneath the running app.
"""

from __future__ import annotations

import os
import webbrowser
from collections.abc import Mapping
from enum import StrEnum

from reader.core.text.links import WEB_SCHEMES, is_web_url


class Way(StrEnum):
    """How a link can be followed here."""

    BROWSER = "browser"
    COPY = "copy"
    REFUSE = "refuse"


def over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def graphical_browser() -> bool:
    """Whether `webbrowser` would start a browser that is not in this terminal.

    Looking the browser up can run helper programs (``xdg-settings``), so call this from a
    thread worker.
    """
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    console = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    )
    return not console


def way_for(url: str, *, ssh: bool, browser: bool) -> Way:
    if not is_web_url(url):
        return Way.REFUSE
    if ssh or not browser:
        return Way.COPY
    return Way.BROWSER


def refusal(url: str) -> str:
    """The message for a link that is not opened, naming what kind of link it is."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if not (scheme[:1].isalpha() and all(char.isalnum() or char in "+.-" for char in scheme)):
        scheme = ""  # not a scheme at all (and urlsplit would raise on some of these)
    if scheme in WEB_SCHEMES:
        kind = "not a valid web address"
    else:
        kind = f"a {scheme}: link" if scheme else "not a web address"
    return f"Not opened: {kind}. Only http and https links can be opened from the reader."


def question(way: Way, ssh: bool) -> tuple[str, str]:
    """The confirm dialog's question and its yes-button label."""
    if way is Way.BROWSER:
        return "Open this link in your web browser?", "Open"
    reason = "you are connected over SSH" if ssh else "no web browser was found"
    return f"Copy this link to the clipboard? (Not opened here: {reason}.)", "Copy"


def open_in_browser(url: str) -> bool:
    """Hand `url` to the browser (blocking: run it in a thread). False if that failed.

    Only the browser `graphical_browser` judged is used: `webbrowser.open` would fall through
    to the next one registered when it fails, which may be a console browser.
    """
    if not is_web_url(url):  # checked again at the last step, whatever the caller did
        return False
    try:
        return webbrowser.get().open(url, new=2)
    except webbrowser.Error:
        return False
