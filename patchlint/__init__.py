"""patchlint: review and lint patch series straight from mailing-list threads."""

__version__ = "0.1.0"
