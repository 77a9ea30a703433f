"""Errors patchlint raises; only the CLI turns them into exit codes."""


class PatchlintError(Exception):
    """Base class for every error patchlint raises on purpose."""


class InputError(PatchlintError):
    """Input that cannot be read at all (missing path, unreadable file, unknown format)."""


class UsageError(PatchlintError):
    """A request that does not make sense (bad option combination, unknown format)."""
