"""`--executor dask` gives the one-process pipeline's report byte for byte, for any number
of workers and any partition size: on the seed threads (with and without MAINTAINERS) and
the 3,000-message slice, on real LocalClusters; and through the command line."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from contextlib import chdir
from dataclasses import replace

import pytest

from patchlint.config import DEFAULT_CONFIG, Config, MaintainersConfig
from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
from patchlint.pipeline.setup import rules_for
from patchlint.report.render import render
from tests.conftest import CORPUS, require
from tests.pipeline.conftest import SEEDS, SLICE, local_report

XEN_MAINTAINERS = CORPUS / "xen-docs" / "MAINTAINERS"


@functools.cache
def seeds_report(maintainers: bool) -> str:
    return local_report(SEEDS, _config(maintainers))


def _config(maintainers: bool) -> Config:
    if not maintainers:
        return DEFAULT_CONFIG
    return replace(DEFAULT_CONFIG, maintainers=MaintainersConfig(file=require(XEN_MAINTAINERS)))


def dask_report(paths, client, config=DEFAULT_CONFIG, max_bytes=4 << 20):
    with reviewing_on_dask(paths, OptionsRecipe(config), client=client, max_bytes=max_bytes) as run:
        return render(run.report(), "json")


# Worker count and partition size are independent: each is covered, not every pair (each
# run is seconds of the suite). A message a partition over two workers; about one thread
# each; one partition on one worker.
@pytest.mark.parametrize(("workers", "max_bytes"), [(2, 1), (2, 40_000), (1, 64 << 20)])
def test_seeds_give_the_local_report(cluster_of, workers, max_bytes):
    expected = seeds_report(False)
    assert '"series": [' in expected
    assert dask_report(SEEDS, cluster_of[workers], max_bytes=max_bytes) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_seeds_with_maintainers_give_the_local_report(cluster_of, workers):
    expected = seeds_report(True)
    assert '"approval"' in expected
    assert dask_report(SEEDS, cluster_of[workers], _config(True), max_bytes=100_000) == expected


def test_the_slice_gives_the_local_report(cluster_of, slice_report):
    """Two workers, 1 MiB partitions: threads and series cross partitions and workers (one
    worker and large partitions are covered on the seeds)."""
    with chdir(CORPUS):
        assert dask_report([SLICE], cluster_of[2], max_bytes=1 << 20) == slice_report


@pytest.mark.parametrize(
    "fmt",
    [
        ["-f", "json"],
        ["-f", "json", "--summary"],
        ["-f", "markdown"],
        ["-f", "json", "--series", "3", "--series", "netvsc"],
    ],
)
def test_command_line_dask_output_equals_local(fmt, tmp_path):
    def run(*extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "patchlint",
                "review",
                *SEEDS,
                *fmt,
                "--fail-on",
                "never",
                *extra,
            ],
            capture_output=True,
            check=False,
        )

    local = run("--jobs", "1")
    dask = run("--executor", "dask", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    assert dask.returncode == 0, dask.stderr
    assert dask.stdout == local.stdout
    assert len(local.stdout) > 1000


def test_scheduler_and_state_need_the_dask_executor():
    for extra in (["--scheduler", "tcp://127.0.0.1:1"], ["--state", "/tmp/x"]):
        done = subprocess.run(
            [sys.executable, "-m", "patchlint", "review", SEEDS[0], *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert "--executor dask" in done.stderr


def test_an_unreachable_scheduler_is_an_input_error():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            SEEDS[0],
            "--executor",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )
    assert done.returncode == 2
    assert "cannot reach a Dask scheduler" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_the_extra_dask_is_a_one_line_usage_error():
    # an interpreter where `import distributed` fails, as it does without the extra
    code = (
        "import sys; sys.modules['distributed'] = None; sys.argv[0] = 'patchlint'; "
        "from patchlint.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "review", SEEDS[0], "--executor", "dask"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "pip install 'patchlint[dask]'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_workers_select_the_rules_the_command_line_selects(tmp_path):
    # the recipe rebuilds on each worker what `cli review` builds: the same selection
    from patchlint.cli.options import flags, resolve
    from patchlint.pipeline.dask.recipe import options

    file = tmp_path / ".patchlint.toml"
    file.write_text('ignore = ["TR001"]\n\n[profiles.rules]\nscope-too-wide = { linux = "info" }\n')
    config = resolve(file, flags(select=["TR", "RV", "scope-too-wide"]))
    expected = rules_for(config)
    assert expected != rules_for(resolve(None, flags()))
    assert options(OptionsRecipe(config)).selection == expected
