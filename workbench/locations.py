"""Where the config file lives: a leaf module (stdlib and platformdirs only), so the CLI entry
point can read the language setting before anything heavy is imported."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "pos-workbench"


def config_path() -> Path:
    """Where the config file lives (WORKBENCH_CONFIG overrides the platform default)."""
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
