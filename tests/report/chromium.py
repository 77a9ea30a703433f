"""Drive the real headless Chromium over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: JSON messages ending in NUL, commands on fd 3, replies on fd 4).

Why the protocol and not chromedriver/selenium: no extra dependency and no driver whose
version must match the browser's; the exact command line the issue asks for; and the
protocol's events let a test see every console message, every uncaught exception and every
network request the page makes - which is what "no console errors" and "no network fetches"
need. No port is opened.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)


class DevToolsError(RuntimeError):
    pass


@dataclass
class PageLoad:
    """What happened while a page loaded: console messages and log entries (level, text),
    uncaught exceptions, and the URL of every request."""

    console: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [
            text for level, text in self.console if level in ("error", "assert")
        ] + self.exceptions


class Chromium:
    """One headless Chromium with a fresh profile; `with Chromium(binary, profile) as c:`."""

    def __init__(self, binary: str, profile: Path, timeout: float = 60.0) -> None:
        self.timeout = timeout
        cmd_read, self._cmd_write = os.pipe()
        self._res_read, res_write = os.pipe()

        def child_fds() -> None:
            """In the child: the two pipe ends as fds 3 and 4 (inheritable). Python's own
            descriptors are close-on-exec (PEP 446), so nothing else reaches Chromium."""
            high_cmd = fcntl.fcntl(cmd_read, fcntl.F_DUPFD_CLOEXEC, 10)
            high_res = fcntl.fcntl(res_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(high_cmd, 3)
            os.dup2(high_res, 4)

        self.proc = subprocess.Popen(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=child_fds,
            close_fds=False,
            start_new_session=True,
        )
        os.close(cmd_read)
        os.close(res_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(DevToolsError, OSError):
                self.send("Browser.close", session=False, timeout=10)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # its own session: its helpers go too
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for fd in (self._cmd_write, self._res_read):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DevToolsError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._res_read], [], [], left)
            if ready:
                chunk = os.read(self._res_read, 1 << 16)
                if not chunk:
                    raise DevToolsError(f"Chromium exited (status {self.proc.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: bool = True,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send a command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._cmd_write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method:
                    return self._events.pop(i)
            message = self._read_message(deadline)
            if "method" in message:
                self._events.append(message)

    def open_page(self, width: int = 1280, height: int = 900) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def load(self, url: str) -> PageLoad:
        """Navigate and wait for the load event; report what the page did meanwhile."""
        self._events.clear()
        nav = self.send("Page.navigate", {"url": url})
        if nav.get("errorText"):
            raise DevToolsError(f"navigation failed: {nav['errorText']}")
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => r(1)))")
        seen = PageLoad()
        for event in self._events:
            if event.get("sessionId", self.session) != self.session:
                continue  # a page opened before this one (a late favicon request ...)
            params = event.get("params", {})
            if event["method"] == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params.get("args", [])
                )
                seen.console.append((params.get("type", ""), text))
            elif event["method"] == "Log.entryAdded":
                entry = params.get("entry", {})
                seen.console.append((entry.get("level", ""), entry.get("text", "")))
            elif event["method"] == "Runtime.exceptionThrown":
                seen.exceptions.append(json.dumps(params.get("exceptionDetails", {}))[:500])
            elif event["method"] == "Network.requestWillBeSent":
                seen.requests.append(params.get("request", {}).get("url", ""))
        return seen

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise DevToolsError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (press and release, as a user's) in the middle of the first
        element matching `selector` (of its first line box: a link that wraps has nothing
        in the middle of its bounding box), scrolled into the viewport first."""
        where = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center'}});
            const r = e.getClientRects()[0] || e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if where is None:
            raise DevToolsError(f"nothing matches {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": where[0], "y": where[1], "button": "left", "clickCount": 1},
            )

    def until(self, condition: str) -> Any:
        """The value of a JavaScript expression once it is truthy, checked on each frame
        (the page's handlers run as tasks after the input that triggers them)."""
        return self.evaluate(f"""new Promise(done => {{ const check = () => {{
            const v = ({condition}); if (v) done(v); else requestAnimationFrame(check); }};
            check(); }})""")

    def follow(self, selector: str) -> str:
        """Click a link that leaves the page and wait for the new page's load event; its
        URL."""
        self._events.clear()
        self.click(selector)
        self.wait_for("Page.loadEventFired")
        return str(self.evaluate("location.href"))

    def screenshot(self, path: Path) -> Path:
        """A PNG of the whole page (not only the viewport)."""
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": min(size["height"], 16000),
                    "scale": 1,
                },
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
