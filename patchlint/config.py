"""The one frozen `Config` of a run: `.patchlint.toml` and the command line's flags, resolved
here and nowhere else, then handed to whatever needs it (the pipeline, the rule engine's
`RuleContext`, the hook, the bot).

The file is found from the working directory upwards, stopping at the repository root (the
directory holding `.git`); `--config FILE` names one explicitly. Unknown keys are an error: a
misspelt `ignore` must not silently turn a rule back on. How flags merge: `--select` replaces
`select`, `--ignore` adds to `ignore`, every other flag replaces its key. Paths in the file
are relative to the file's folder, paths on the command line to the working directory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from patchlint.errors import UsageError
from patchlint.limits import DEFAULT_LIMITS, Limits, key
from patchlint.model.finding import FAIL_ON_LEVELS, SEVERITIES, FailOnLevel, Severity
from patchlint.model.policy import POLICIES, PolicyName
from patchlint.model.profile import LEVELS, PROFILES, Level, Profile

CONFIG_NAME = ".patchlint.toml"

SmtpTls = Literal["auto", "starttls", "ssl", "none"]
SMTP_TLS: tuple[SmtpTls, ...] = get_args(SmtpTls)


@dataclass(frozen=True, slots=True)
class HookConfig:
    """`[hook]`: what the sendemail-validate hook needs beyond the rules."""

    thread: Path | None = None  # the previous revision's thread, as an mbox


@dataclass(frozen=True, slots=True)
class MaintainersConfig:
    """`[maintainers]`: the MAINTAINERS file and the check-in policy to judge approvals by
    (`auto`: Xen's policy for a Xen-format file, a report without findings otherwise)."""

    file: Path | None = None
    policy: PolicyName = "auto"


DEFAULT_ARCHIVE = "https://lore.kernel.org/all/"


@dataclass(frozen=True, slots=True)
class ArchiveConfig:
    """`[archive]`: the public-inbox archive the list lives in: where `--msgid` fetches a
    thread from, and the base of the per-revision links (each message's page, the `b4 am` /
    `b4 shazam` line) the reports give; `links = false` leaves them out."""

    url: str = DEFAULT_ARCHIVE  # ends with "/"
    links: bool = True


@dataclass(frozen=True, slots=True)
class ProfilesConfig:
    """`[profiles]` and `--profile`: which project profile a patch is judged by, where its
    own evidence is not what the user wants (`analysis.profile`), and a rule's level per
    profile where its rule.toml's is not.

    `force` judges every patch by one profile (`--profile`, else `[profiles] force`);
    `paths` judges each file a glob matches by that glob's profile (the first matching
    glob; fnmatch, `*` crosses `/`; `--profile` still wins); `rules` replaces a rule's
    level in the profiles it names (`scope-too-wide = { linux = "info" }` turns a Xen
    preference on for Linux code), its other profiles keep their rule.toml level."""

    force: Profile | None = None
    forced_by: Literal["config", "flag"] | None = None
    paths: tuple[tuple[str, Profile], ...] = ()
    rules: tuple[tuple[str, tuple[tuple[Profile, Level], ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class ViewConfig:
    """`[view]`: who reads the report, for the views made for one reader (the HTML report's
    "waiting for my approval", `digest`, `--rereview`); `archive_url` is the base their
    mails link to (`[archive] url`, "" when `[archive] links` is off)."""

    me: str | None = None  # `Name <addr>` or an address: the reader
    archive_url: str = DEFAULT_ARCHIVE


@dataclass(frozen=True, slots=True)
class BotConfig:
    """`[bot]`: how `patchlint bot` runs. Every key is the name of the bot's flag (`from`,
    `list`, `min-severity` ...), and the flag wins over the key."""

    # where the mail comes from, where the bot keeps its state
    public_inbox: Path | None = None
    maildir: Path | None = None
    state: Path | None = None
    # where the replies go: an SMTP server, or .eml files in a directory (a dry run)
    smtp: str | None = None  # HOST:PORT
    smtp_tls: SmtpTls = "auto"
    smtp_user: str | None = None
    smtp_password_file: Path | None = None
    dry_run: Path | None = None
    # who is answered, about what, how often, signed how
    sender: str | None = None  # the replies' From:; None: patchlint@<this host>
    lists: tuple[str, ...] = ()  # list posting addresses the replies are copied to
    min_severity: Severity = "warning"
    grace: float = 3600.0
    allow_senders: tuple[str, ...] = ()
    deny_senders: tuple[str, ...] = ()
    allow_lists: tuple[str, ...] = ()
    deny_lists: tuple[str, ...] = ()
    operator: str | None = None
    footer: str | None = None  # None: a footer naming the operator, if there is one
    # rules mailed beyond the measured ones (patchlint/data/precision.json): codes, names or
    # code prefixes, for lists that want more; checked against the rules where mail is made
    mail_rules: tuple[str, ...] = ()
    false_positive_url: str | None = None  # where else a false positive can be reported
    max_per_sender: int = 10
    max_per_thread: int = 3
    rate_window: float = 86400.0
    reply_existing: bool = False
    retry_min: float = 60.0
    retry_max: float = 3600.0
    doubt_wait: float = 600.0
    interval: float = 60.0  # seconds between polls


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run is configured with: the defaults, then the file, then the flags."""

    path: Path | None = None  # the file read, if any
    fail_on: FailOnLevel = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hook: HookConfig = field(default_factory=HookConfig)
    maintainers: MaintainersConfig = field(default_factory=MaintainersConfig)
    limits: Limits = DEFAULT_LIMITS
    bot: BotConfig = field(default_factory=BotConfig)
    profiles: ProfilesConfig = field(default_factory=ProfilesConfig)
    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    view: ViewConfig = field(default_factory=ViewConfig)


DEFAULT_CONFIG = Config()


@dataclass(frozen=True, slots=True)
class Flags:
    """What the command line said; None (or empty) where it said nothing."""

    fail_on: FailOnLevel | None = None
    select: tuple[str, ...] = ()  # replaces the file's select
    ignore: tuple[str, ...] = ()  # added to the file's ignore
    maintainers: Path | None = None
    policy: PolicyName | None = None
    thread: Path | None = None  # the hook's previous-revision thread
    profile: Profile | None = None  # every patch judged by this profile
    bot: Mapping[str, object] = field(default_factory=dict)  # `[bot]` keys, as the flags
    me: str | None = None  # `[view] me`
    archive_url: str | None = None
    links: bool | None = None


def find_config(start: Path) -> Path | None:
    """The nearest `.patchlint.toml` from `start` up to the repository root."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(
    explicit: Path | None = None, start: Path | None = None, flags: Flags | None = None
) -> Config:
    """The configuration in force: `explicit` if given (it must exist), else the nearest
    `.patchlint.toml` above `start` (the working directory), else the defaults; then
    `flags` over it."""
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    data: dict[str, Any] = {}
    if path is not None:
        import tomllib  # only with a file: a hook's run without one does not import it

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the configuration: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: not valid TOML: {exc}") from exc
    return resolve_config(data, path, flags or Flags())


def resolve_config(data: Mapping[str, Any], path: Path | None, flags: Flags) -> Config:
    """The Config from parsed TOML (`path`: where it was read; None for no file) and the
    command line's flags over it."""
    where = str(path) if path is not None else "the configuration"
    folder = path.parent if path is not None else None
    table = _table(
        data,
        "",
        {
            "fail-on",
            "select",
            "ignore",
            "per-file-ignores",
            "hook",
            "maintainers",
            "limits",
            "bot",
            "archive",
            "view",
            "profiles",
        },
        where,
    )
    fail_on = _choice(table.get("fail-on", "error"), "fail-on", FAIL_ON_LEVELS, where)
    per_file = _table(table.get("per-file-ignores", {}), "per-file-ignores", None, where)
    hook = _table(table.get("hook", {}), "hook", {"thread"}, where)
    maintainers = _table(table.get("maintainers", {}), "maintainers", {"file", "policy"}, where)
    archive = _archive(table.get("archive", {}), where, flags)
    return Config(
        path=path,
        fail_on=flags.fail_on or fail_on,
        select=flags.select or _strings(table.get("select", []), "select", where),
        ignore=(*_strings(table.get("ignore", []), "ignore", where), *flags.ignore),
        per_file_ignores=tuple(
            (glob, _strings(rules, f"per-file-ignores.{glob}", where))
            for glob, rules in per_file.items()
        ),
        hook=HookConfig(
            thread=flags.thread or _path(hook.get("thread"), "hook.thread", folder, where)
        ),
        maintainers=MaintainersConfig(
            file=flags.maintainers
            or _path(maintainers.get("file"), "maintainers.file", folder, where),
            policy=flags.policy
            or _choice(maintainers.get("policy", "auto"), "maintainers.policy", POLICIES, where),
        ),
        limits=_limits(table.get("limits", {}), where),
        bot=_bot(table.get("bot", {}), folder, where, flags.bot),
        archive=archive,
        view=_view(table.get("view", {}), where, flags, archive),
        profiles=_profiles(table.get("profiles", {}), where, flags.profile),
    )


def _profiles(value: object, where: str, flag: Profile | None) -> ProfilesConfig:
    """`[profiles]`, then `--profile` over its `force`. Rule names in `rules` are checked
    against the registry where the rules are selected (`engine.registry`)."""
    table = _table(value, "profiles", {"force", "paths", "rules"}, where)
    force = _choice(table["force"], "profiles.force", PROFILES, where) if "force" in table else None
    paths = _table(table.get("paths", {}), "profiles.paths", None, where)
    rules = _table(table.get("rules", {}), "profiles.rules", None, where)
    levels = []
    for rule, per_profile in rules.items():
        name = f"profiles.rules.{rule}"
        chosen = _table(per_profile, name, set(PROFILES), where)
        levels.append(
            (
                rule,
                tuple(
                    (_choice(p, name, PROFILES, where), _choice(lv, f"{name}.{p}", LEVELS, where))
                    for p, lv in chosen.items()
                ),
            )
        )
    return ProfilesConfig(
        force=flag or force,
        forced_by="flag" if flag else "config" if force else None,
        paths=tuple(
            (glob, _choice(p, f"profiles.paths.{glob}", PROFILES, where))
            for glob, p in paths.items()
        ),
        rules=tuple(levels),
    )


def _archive(value: object, where: str, flags: Flags) -> ArchiveConfig:
    """`[archive]` (`url`, `links`), the flags over it."""
    table = _table(value, "archive", {"url", "links"}, where)
    url = DEFAULT_ARCHIVE
    if "url" in table:
        url = archive_url(table["url"], f"{where}: archive.url")
    if flags.archive_url is not None:
        url = archive_url(flags.archive_url, "--archive-url")
    links = table.get("links", True)
    if not isinstance(links, bool):
        raise UsageError(f"{where}: archive.links must be true or false")
    return ArchiveConfig(url=url, links=links if flags.links is None else flags.links)


def archive_url(value: object, label: str) -> str:
    """A public-inbox base URL (`https://lore.kernel.org/all/`, `http://host/list/`): http
    or https with a host, no query or fragment; returned ending with "/"."""
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        raise UsageError(f"{label} must be a string (a URL)")
    try:
        parts = urlsplit(value.strip())
    except ValueError as exc:
        raise UsageError(f"{label}: not a URL: {value!r} ({exc})") from exc
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or any(c.isspace() for c in value.strip())
    ):
        raise UsageError(
            f"{label}: not an http(s) archive URL such as {DEFAULT_ARCHIVE}: {value!r}"
        )
    return value.strip().rstrip("/") + "/"


def _view(value: object, where: str, flags: Flags, archive: ArchiveConfig) -> ViewConfig:
    """`[view]`, then `--me` over it; mails link to the `[archive]` (none when its links
    are off)."""
    table = _table(value, "view", {"me"}, where)
    me = table.get("me")
    if me is not None and (not isinstance(me, str) or not me.strip()):
        raise UsageError(f"{where}: view.me must be an address")
    return ViewConfig(me=flags.me or me, archive_url=archive.url if archive.links else "")


LIMIT_KEYS = {key(f.name): f.name for f in fields(Limits)}


def _limits(value: object, where: str) -> Limits:
    """`[limits]`: the resource bounds on hostile input (patchlint/limits.py), by their
    kebab-case names; a missing key keeps its default."""
    table = _table(value, "limits", set(LIMIT_KEYS), where)
    try:
        return Limits(**{LIMIT_KEYS[key]: v for key, v in table.items()})
    except ValueError as exc:
        raise UsageError(f"{where}: [limits] {exc}") from exc


# `[bot]` key (the flag's name) -> (BotConfig field, what it holds, smallest value)
_BOT_KEYS: dict[str, tuple[str, str, float | None]] = {
    "public-inbox": ("public_inbox", "path", None),
    "maildir": ("maildir", "path", None),
    "state": ("state", "path", None),
    "smtp": ("smtp", "text", None),
    "smtp-tls": ("smtp_tls", "tls", None),
    "smtp-user": ("smtp_user", "text", None),
    "smtp-password-file": ("smtp_password_file", "path", None),
    "dry-run": ("dry_run", "path", None),
    "from": ("sender", "text", None),
    "list": ("lists", "texts", None),
    "min-severity": ("min_severity", "severity", None),
    "grace": ("grace", "seconds", 0.0),
    "allow-sender": ("allow_senders", "texts", None),
    "deny-sender": ("deny_senders", "texts", None),
    "allow-list": ("allow_lists", "texts", None),
    "deny-list": ("deny_lists", "texts", None),
    "operator": ("operator", "text", None),
    "footer": ("footer", "text", None),
    "mail-rules": ("mail_rules", "texts", None),
    "false-positive-url": ("false_positive_url", "text", None),
    "max-per-sender": ("max_per_sender", "count", 0),
    "max-per-thread": ("max_per_thread", "count", 0),
    "rate-window": ("rate_window", "seconds", 1.0),
    "reply-existing": ("reply_existing", "bool", None),
    "retry-min": ("retry_min", "seconds", 0.0),
    "retry-max": ("retry_max", "seconds", 0.0),
    "doubt-wait": ("doubt_wait", "seconds", 0.0),
    "interval": ("interval", "seconds", 0.0),
}
BOT_KEYS = tuple(_BOT_KEYS)


def _bot(value: object, folder: Path | None, where: str, flags: Mapping[str, object]) -> BotConfig:
    """`[bot]`, then the bot's flags over it (each validated the same way)."""
    table = _table(value, "bot", set(_BOT_KEYS), where)
    unknown = sorted(set(flags) - set(_BOT_KEYS))
    if unknown:  # a programming error in the CLI, not a user's
        raise ValueError(f"no [bot] key {unknown[0]!r}")
    chosen = {_BOT_KEYS[k][0]: _bot_value(k, v, folder, where) for k, v in table.items()}
    chosen.update(
        (_BOT_KEYS[k][0], _bot_value(k, v, None, "the command line"))
        for k, v in flags.items()
        if v is not None
    )
    return BotConfig(**chosen)


def _bot_value(name: str, value: object, folder: Path | None, where: str) -> Any:
    _, kind, least = _BOT_KEYS[name]
    label = f"bot.{name}" if where != "the command line" else f"--{name}"
    if kind == "path":
        return _path(value, label, folder, where)
    if kind == "text":
        if not isinstance(value, str):
            raise UsageError(f"{where}: {label} must be a string")
        return value
    if kind == "texts":
        return _strings(value, label, where, "a list of strings")
    if kind == "tls":
        return _choice(value, label, SMTP_TLS, where)
    if kind == "severity":
        return _choice(value, label, SEVERITIES, where)
    if kind == "bool":
        if not isinstance(value, bool):
            raise UsageError(f"{where}: {label} must be true or false")
        return value
    number_kind = int if kind == "count" else (int, float)
    if not isinstance(value, number_kind) or isinstance(value, bool):
        raise UsageError(
            f"{where}: {label} must be a "
            f"{'whole number' if kind == 'count' else 'number of seconds'}"
        )
    if least is not None and value < least:
        raise UsageError(f"{where}: {label} must be at least {least:g}, not {value}")
    return value if kind == "count" else float(value)


def _table(value: object, name: str, allowed: set[str] | None, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: {name} must be a table")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            inside = f"[{name}] " if name else ""
            raise UsageError(
                f"{where}: unknown key {inside}{unknown[0]!r} (known: {', '.join(sorted(allowed))})"
            )
    return value


_Choice = TypeVar("_Choice", bound=str)


def _choice(value: object, name: str, choices: tuple[_Choice, ...], where: str) -> _Choice:
    for choice in choices:
        if value == choice:
            return choice
    raise UsageError(f"{where}: {name} must be one of {', '.join(choices)}, not {value!r}")


def _path(value: object, name: str, folder: Path | None, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str | Path):
        raise UsageError(f"{where}: {name} must be a path")
    if not str(value):
        return None
    return folder / value if folder is not None else Path(value)


def _strings(
    value: object, name: str, where: str, what: str = "a list of rule codes or names"
) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {name} must be {what}")
    return tuple(value)
