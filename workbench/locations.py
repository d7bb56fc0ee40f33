"""Where the config file lives, and the language it asks for: stdlib and platformdirs only, so
the CLI entry point can apply the language before anything heavy is imported."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import platformdirs

from workbench.i18n import ENV_LANGUAGE, LANGUAGES, SOURCE_LANGUAGE, _

APP_NAME = "pos-workbench"


def config_path() -> Path:
    """Where the config file lives (WORKBENCH_CONFIG overrides the platform default)."""
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def startup_language(argv: Sequence[str], environ: Mapping[str, str] | None = None,
                     default_config: Path | None = None) -> str:
    """The language the config asks for, read cheaply before any command module is
    imported: `WORKBENCH_LANGUAGE`, else `language` in the config file (`--config`,
    `WORKBENCH_CONFIG`, else `default_config`). Anything unreadable or unknown gives the
    default: the full settings load that follows reports it."""
    env = os.environ if environ is None else environ
    wanted = env.get(ENV_LANGUAGE, "")
    if not wanted:
        path = _config_argument(argv) or env.get("WORKBENCH_CONFIG") or default_config
        wanted = _language_in(Path(path)) if path else ""
    return wanted if wanted in LANGUAGES else SOURCE_LANGUAGE


def _config_argument(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return ""


def _language_in(path: Path) -> str:
    import tomllib

    from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text

    try:
        data = tomllib.loads(read_bounded_text(path, SETTINGS_LIMIT, _("配置文件")))
    except (InputFileError, OSError, tomllib.TOMLDecodeError):
        return ""
    value = data.get("language")
    return value if isinstance(value, str) else ""
