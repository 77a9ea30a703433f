"""One Config per run: `.patchlint.toml` and the command line's flags resolved in one place
(`config.resolve_config`), the `[bot]` table, and the Config travelling to where it is used -
the rules' `RuleContext` included."""

from __future__ import annotations

import email
import re
from pathlib import Path

import pytest

import patchlint
from patchlint.config import (
    BOT_KEYS,
    DEFAULT_CONFIG,
    BotConfig,
    Config,
    Flags,
    load_config,
    resolve_config,
)
from patchlint.engine.context import RuleContext
from patchlint.engine.registry import Selection
from patchlint.engine.rule import Rule, RuleMeta
from patchlint.errors import UsageError
from patchlint.integrations.bot.runner import Policy
from patchlint.limits import Limits
from patchlint.model.policy import POLICIES
from patchlint.model.profile import PROFILES
from patchlint.pipeline import review
from tests.cli.test_rules_cli import SEED_001
from tests.integrations.mails import LIST, deliver, series

ANN = "Ann Author <ann@example.org>"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "conf" / ".patchlint.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_flags_over_the_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'select = ["XS"]\nignore = ["SP001"]\nfail-on = "warning"\n'
        '[maintainers]\nfile = "MAINTAINERS"\npolicy = "report"\n'
        '[hook]\nthread = "v1.mbox"\n',
    )
    folder = path.parent
    from_file = load_config(path)
    assert (from_file.select, from_file.ignore, from_file.fail_on) == (
        ("XS",),
        ("SP001",),
        "warning",
    )
    assert from_file.maintainers.file == folder / "MAINTAINERS"
    assert from_file.maintainers.policy == "report"
    assert from_file.hook.thread == folder / "v1.mbox"
    flags = Flags(
        fail_on="never",
        select=("CS",),
        ignore=("XS002",),
        maintainers=Path("M2"),
        policy="xen",
        thread=Path("v2.mbox"),
    )
    both = load_config(path, flags=flags)
    assert both.select == ("CS",)  # replaced
    assert both.ignore == ("SP001", "XS002")  # added to
    assert both.fail_on == "never"
    assert (both.maintainers.file, both.maintainers.policy) == (Path("M2"), "xen")
    assert both.hook.thread == Path("v2.mbox")  # relative to where the command runs
    assert both.path == path


def test_no_file_is_the_defaults_and_the_flags(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search stops at the repository root
    assert load_config(None, tmp_path) == DEFAULT_CONFIG
    assert DEFAULT_CONFIG.fail_on == "error" and DEFAULT_CONFIG.maintainers.policy == "auto"
    assert load_config(None, tmp_path, Flags(fail_on="info")).fail_on == "info"


def test_the_policy_vocabulary_is_one() -> None:
    """`auto | xen | report` is spelt once, in model/policy.py; everything else imports it."""
    assert POLICIES == ("auto", "xen", "report")
    spelt = re.compile(r"""["']auto["'],\s*["']xen["'],\s*["']report["']""")
    package = Path(patchlint.__file__).parent
    assert [
        str(p.relative_to(package))
        for p in sorted(package.rglob("*.py"))
        if spelt.search(p.read_text(encoding="utf-8"))
    ] == ["model/policy.py"]
    with pytest.raises(
        UsageError,
        match=re.escape("maintainers.policy must be one of auto, xen, report, not 'linux'"),
    ):
        resolve_config({"maintainers": {"policy": "linux"}}, Path("x.toml"), Flags())


BOT_TABLE = """\
[bot]
public-inbox = "archive"
state = "bot.db"
dry-run = "out"
from = "patchlint bot <bot@example.org>"
list = ["xen-devel@example.org"]
min-severity = "error"
grace = 0
allow-sender = ["*@example.org"]
deny-list = ["spam*"]
operator = "Ops <ops@example.org>"
mail-rules = ["CS001", "xen-coding-style"]
false-positive-url = "https://example.org/issues"
max-per-sender = 2
rate-window = 60
reply-existing = true
smtp-tls = "ssl"
interval = 5.5
"""


def test_the_bot_table(tmp_path: Path) -> None:
    path = _write(tmp_path, BOT_TABLE)
    bot = load_config(path).bot
    folder = path.parent
    assert bot == BotConfig(
        public_inbox=folder / "archive",
        state=folder / "bot.db",
        dry_run=folder / "out",
        sender="patchlint bot <bot@example.org>",
        lists=("xen-devel@example.org",),
        min_severity="error",
        grace=0.0,
        allow_senders=("*@example.org",),
        deny_lists=("spam*",),
        operator="Ops <ops@example.org>",
        mail_rules=("CS001", "xen-coding-style"),
        false_positive_url="https://example.org/issues",
        max_per_sender=2,
        rate_window=60.0,
        reply_existing=True,
        smtp_tls="ssl",
        interval=5.5,
    )
    flags = Flags(
        bot={
            "min-severity": "info",
            "list": ["a@example.org", "b@example.org"],
            "reply-existing": False,
            "state": Path("other.db"),
        }
    )
    over = load_config(path, flags=flags).bot
    assert (over.min_severity, over.lists, over.reply_existing, over.state) == (
        "info",
        ("a@example.org", "b@example.org"),
        False,
        Path("other.db"),
    )
    assert over.public_inbox == folder / "archive"  # what no flag says stays
    assert set(BOT_KEYS) == {
        "public-inbox",
        "maildir",
        "state",
        "smtp",
        "smtp-tls",
        "smtp-user",
        "smtp-password-file",
        "dry-run",
        "from",
        "list",
        "min-severity",
        "grace",
        "allow-sender",
        "deny-sender",
        "allow-list",
        "deny-list",
        "operator",
        "footer",
        "mail-rules",
        "false-positive-url",
        "max-per-sender",
        "max-per-thread",
        "rate-window",
        "reply-existing",
        "retry-min",
        "retry-max",
        "doubt-wait",
        "interval",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[bot]\nlists = ["x@example.org"]\n', "unknown key [bot] 'lists'"),
        (
            '[bot]\nmin-severity = "never"\n',
            "bot.min-severity must be one of error, warning, info, not 'never'",
        ),
        ("[bot]\ngrace = -1\n", "bot.grace must be at least 0, not -1"),
        ("[bot]\nrate-window = 0.5\n", "bot.rate-window must be at least 1, not 0.5"),
        ("[bot]\nmax-per-sender = 1.5\n", "bot.max-per-sender must be a whole number"),
        ('[bot]\ninterval = "soon"\n', "bot.interval must be a number of seconds"),
        ('[bot]\nreply-existing = "yes"\n', "bot.reply-existing must be true or false"),
        ("[bot]\nstate = 3\n", "bot.state must be a path"),
        ("[bot]\nlist = [1]\n", "bot.list must be a list of strings"),
        ('[bot]\nsmtp-tls = "tls"\n', "bot.smtp-tls must be one of auto, starttls, ssl, none"),
        ("bot = 1\n", "bot must be a table"),
    ],
)
def test_bot_table_mistakes_are_errors(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(UsageError) as err:
        load_config(_write(tmp_path, text))
    assert problem in str(err.value)


def test_bot_flags_are_checked_like_the_table() -> None:
    with pytest.raises(UsageError, match="--grace must be at least 0"):
        resolve_config({}, None, Flags(bot={"grace": -5.0}))


def test_the_running_policy_from_the_config() -> None:
    policy = Policy.from_config(
        BotConfig(operator="Ops <ops@example.org>", grace=0.0), "bot.example.org"
    )
    assert policy.sender == "patchlint <patchlint@bot.example.org>"
    assert policy.footer == (
        "This review was sent by a patchlint bot run by Ops "
        "<ops@example.org>; write to them to opt out or to report a "
        "problem."
    )
    assert policy.grace == 0.0
    assert Policy.from_config(BotConfig(footer="bye", operator="o@example.org")).footer == "bye"
    with pytest.raises(UsageError, match="'not an address' is not a usable mail address"):
        Policy.from_config(BotConfig(lists=("not an address",)))


def test_the_bot_runs_from_the_bot_table(tmp_path: Path) -> None:
    """`patchlint bot --once --config FILE`, everything else from `[bot]`."""
    from typer.testing import CliRunner

    from patchlint.cli import app

    maildir = tmp_path / "conf" / "Maildir"
    deliver(maildir, series("alpha", ANN, bad=True))
    path = _write(
        tmp_path,
        f'[bot]\nmaildir = "Maildir"\nstate = "bot.db"\n'
        f'dry-run = "out"\nfrom = "patchlint bot <bot@example.org>"\n'
        f'list = ["{LIST}"]\ngrace = 0\nreply-existing = true\n'
        'operator = "ops@example.org"\n'
        # the series' wrong prototype (CS001) is not in the table
        'mail-rules = ["CS001"]\n',
    )
    done = CliRunner().invoke(app, ["bot", "--once", "--quiet", "--config", str(path)])
    assert done.exit_code == 0, done.output
    [written] = sorted((path.parent / "out").glob("*.eml"))
    reply = email.message_from_bytes(written.read_bytes())
    assert reply["From"] == "patchlint bot <bot@example.org>"
    assert reply["Cc"] == LIST
    assert "a patchlint bot run by ops@example.org" in reply.get_payload(decode=True).decode()


class _Seen:
    """A rule whose check records the configuration its context carries."""

    configs: list[Config] = []  # noqa: RUF012 - the test reads what the rule saw

    @staticmethod
    def check(ctx: RuleContext) -> list[object]:
        _Seen.configs.append(ctx.config)
        return []


def test_the_config_reaches_the_rules() -> None:
    meta = RuleMeta(
        code="ZZ999",
        name="config-probe",
        scope="patch",
        profiles=tuple((p, "info") for p in PROFILES),
        summary="records its context's config",
        source="-",
    )
    rule = Rule(meta, _Seen.check, Path("."))  # type: ignore[arg-type]
    config = Config(fail_on="warning", limits=Limits(line_chars=10_000))
    _Seen.configs.clear()
    review([SEED_001], selection=Selection((rule,)), config=config)
    assert _Seen.configs and all(c is config for c in _Seen.configs)
    _Seen.configs.clear()
    review([SEED_001], selection=Selection((rule,)))
    assert _Seen.configs and all(c == DEFAULT_CONFIG for c in _Seen.configs)


def test_the_documented_examples_are_valid() -> None:
    """Every TOML example in docs/configuration.md is a configuration patchlint accepts."""
    import tomllib

    from tests.conftest import ROOT

    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    for block in blocks:
        resolve_config(tomllib.loads(block), Path("/etc/x/.patchlint.toml"), Flags())
    bot = resolve_config(tomllib.loads(blocks[-1]), Path("/etc/x/.patchlint.toml"), Flags()).bot
    assert bot.smtp == "smtp.example.org:587" and bot.min_severity == "warning"
