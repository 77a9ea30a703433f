"""Drive a real `b4 review tui` session headlessly, as b4's own TUI tests do (Textual's
`App.run_test()` and its Pilot pressing keys; `App.suspend` made a no-op, since a headless
driver cannot hand the terminal over). Run as a script in the enrolled repository:

    python b4_review_tui.py checkout IDENTIFIER   # `r` on the tracked series: pick the
                                                  # detected base, make the review branch
    python b4_review_tui.py check IDENTIFIER      # `c`: run the check commands; prints the
                                                  # results matrix b4 shows, as JSON
    python b4_review_tui.py recheck IDENTIFIER    # `c`, then `R` (re-run past b4's cache)

It is a separate process because b4 keeps its configuration in module globals."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from typing import Any
from unittest.mock import patch

PAUSE = 0.05
BOUND = 2400  # pauses before giving up on a screen (a bound on a hung session, not a timing)


async def _until(pilot: Any, done: Any, what: str) -> None:
    for _ in range(BOUND):
        if done():
            return
        await pilot.pause(PAUSE)
    raise SystemExit(f"b4 review never showed {what}; screen: {type(pilot.app.screen)}")


async def checkout(identifier: str) -> None:
    from b4.review_tui._modals import BaseSelectionScreen
    from b4.review_tui._tracking_app import TrackingApp

    app = TrackingApp(identifier)
    with patch.object(app, "suspend", return_value=contextlib.nullcontext()):
        async with app.run_test(size=(160, 50)) as pilot:
            await _until(pilot, lambda: app._selected_series is not None, "the series")
            await pilot.press("r")
            await _until(
                pilot, lambda: isinstance(app.screen, BaseSelectionScreen), "the base selection"
            )
            await pilot.pause(PAUSE)
            await pilot.press("ctrl+y")  # accept the detected base (the series' base-commit)
            await _until(pilot, lambda: app.return_value is not None, "the review branch")
    print(json.dumps({"branch": app.return_value}))


async def check(identifier: str, rerun: bool = False) -> None:
    """`c`; with `rerun`, then `R` in the results (b4 caches results by Message-ID: a
    second session would show the first one's)."""
    from b4.review_tui._modals import TrackingCheckResultsScreen
    from b4.review_tui._tracking_app import TrackingApp

    app = TrackingApp(identifier)
    async with app.run_test(size=(160, 50)) as pilot:
        await _until(pilot, lambda: app._selected_series is not None, "the series")
        await pilot.press("c")
        await _until(
            pilot, lambda: isinstance(app.screen, TrackingCheckResultsScreen), "the check results"
        )
        if rerun:
            first = app.screen
            await pilot.press("R")
            await _until(
                pilot,
                lambda: (
                    isinstance(app.screen, TrackingCheckResultsScreen) and app.screen is not first
                ),
                "the re-run's results",
            )
        screen = app.screen
        await _until(pilot, lambda: bool(screen.query("#tcr-detail")), "the results drawn")
        await pilot.pause(PAUSE)
        matrix = {f"{row}:{tool}": result for (row, tool), result in screen._matrix.items()}
        print(
            json.dumps({"labels": screen._patch_labels, "tools": screen._tools, "matrix": matrix})
        )


def _setup() -> None:
    """What `b4 review tui` does before it starts the app: b4's own argument parser and
    configuration (the repository's git config: midmask, the check commands)."""
    import b4
    import b4.command

    cmdargs = b4.command.setup_parser().parse_args(["review", "tui"])
    b4.setup_config(cmdargs)


if __name__ == "__main__":
    mode, identifier = sys.argv[1], sys.argv[2]
    _setup()
    if mode == "recheck":
        asyncio.run(check(identifier, rerun=True))
    else:
        asyncio.run({"checkout": checkout, "check": check}[mode](identifier))
