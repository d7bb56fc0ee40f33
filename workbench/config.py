"""Settings: a TOML file in the user config dir, overridden by environment variables,
overridden by CLI flags. Strictly validated: a typo in the file is an error, not a silent default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text
from workbench.errors import ConfigError
from workbench.i18n import ENV_LANGUAGE, _
from workbench.locations import APP_NAME, config_path
from workbench.os_reasons import os_reason

# Environment variable → settings key. One table, read by `load_settings` and by the README.
ENV_VARS: dict[str, str] = {
    "WORKBENCH_DB": "db",
    "WORKBENCH_USER": "user",
    "WORKBENCH_DATA_DIR": "data_dir",
    "WORKBENCH_THEME": "theme",
    "WORKBENCH_DEADLINE_RULES": "deadline_rules_file",
    "WORKBENCH_LAW_REGISTER": "law_register_file",
    "WORKBENCH_EVIDENCE_DIR": "evidence_dir",
    "WORKBENCH_FILINGS_DIR": "filings_dir",
    "WORKBENCH_FILINGS_STYLE": "filings_style_file",
    "WORKBENCH_SHARED_GROUP": "shared_group",
    ENV_LANGUAGE: "language",
}


class SavedView(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=40)
    filter: str = ""


class Settings(BaseModel):
    """Every setting the workbench reads. See README › Configuration."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    db: str = ""
    user: str = ""  # act as this login: admins only (services/identity.py checks)
    data_dir: Path | None = None
    theme: str = "textual-dark"
    language: Literal["zh_CN", "en"] = "zh_CN"  # the chrome's language; content stays Chinese
    evidence_dir: Path | None = None  # shared by the team: put it next to a shared database
    evidence_max_mb: int = Field(default=200, ge=1, le=100_000)
    filings_dir: Path | None = None  # where exported .docx go (default: data dir/filings)
    filings_style_file: Path | None = None  # admin override of styles/filings.toml
    deadline_rules_file: Path | None = None
    law_register_file: Path | None = None  # admin additions and corrections to the register
    # the audit chain's anchors (README › Audit): file, how often, syslog too
    audit_anchor_file: Path | None = None  # default: <data dir>/audit-anchors.log
    audit_anchor_every: int = Field(default=1000, ge=1, le=10_000_000)
    audit_anchor_syslog: bool = False
    keyring_timeout_s: float = Field(default=3.0, gt=0, le=60)
    # the team's Unix group: files 0660 and folders 2770 of that group (default: 0600/0700)
    shared_group: str = Field(default="", max_length=64)
    keymap: dict[str, str] = Field(default_factory=dict)
    views: list[SavedView] = Field(default_factory=list)

    @field_validator("db")
    @classmethod
    def _db_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError(_("须以 sqlite:/// 或 postgresql:// 开头"))
        return value

    def resolved_data_dir(self) -> Path:
        return self.data_dir or Path(platformdirs.user_data_dir(APP_NAME))

    def resolved_evidence_dir(self, db_id: str) -> Path:
        """Where evidence files live: one folder per database, so demo and real files
        never mix."""
        return (self.evidence_dir or self.resolved_data_dir() / "evidence") / db_id

    def resolved_filings_dir(self) -> Path:
        return self.filings_dir or self.resolved_data_dir() / "filings"

    def resolved_anchor_file(self) -> Path:
        return self.audit_anchor_file or self.resolved_data_dir() / "audit-anchors.log"

    def database_url(self) -> str:
        """The SQLAlchemy URL: the configured one, else a SQLite file in the data dir."""
        if self.db:
            return self.db
        return f"sqlite:///{self.resolved_data_dir() / 'workbench.db'}"


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    settings: Settings
    path: Path
    file_exists: bool


def load_settings(
    path: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> LoadedSettings:
    """Read file, then environment, then explicit overrides (CLI flags); validate once."""
    path = path or config_path()
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    exists = path.exists()  # a FIFO or folder there is an error, not "no file"
    if exists:
        try:
            data = tomllib.loads(read_bounded_text(path, SETTINGS_LIMIT, _("配置文件")))
        except InputFileError as exc:
            raise ConfigError(exc.message, _("修正或移走该文件（移走后使用默认设置）。")) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(_("配置文件 {path} 格式错误：{error}").format(path=path, error=exc),
                              _("请修正该行的 TOML 语法。")) from exc
        except OSError as exc:
            raise ConfigError(_("无法读取配置文件 {path}：{reason}").format(
                path=path, reason=os_reason(exc)), _("请检查该文件的权限。")) from exc
    for var, key in ENV_VARS.items():
        if env.get(var):
            data[key] = env[var]
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or _('（文件）')}: {err['msg']}"
            for err in exc.errors()
        )
        where = path if exists else _("环境变量/命令行选项")
        raise ConfigError(
            _("配置无效（{where}）：{problems}").format(where=where, problems=problems),
            _("修正或删除所指的设置；`workbench doctor` 显示各设置的来源。"),
        ) from exc
    return LoadedSettings(settings, path, exists)


def save_setting(path: Path, key: str, value: str) -> None:
    """Remember one top-level string setting (e.g. the theme) without touching the rest.

    Rewrites only the line of that key, so the user's comments and layout survive.
    """
    Settings.model_validate({key: value})  # refuse what we could not read back
    line = f"{key} = {_toml_string(value)}\n"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    for i, existing in enumerate(lines):
        if existing.split("=", 1)[0].strip() == key and not existing.startswith((" ", "\t")):
            lines[i] = line
            break
    else:
        # top-level keys must precede the first table header
        first_table = next((i for i, x in enumerate(lines) if x.lstrip().startswith("[")),
                           len(lines))
        lines.insert(first_table, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(path)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def styles_dir() -> Path:
    """The shipped `styles/` folder, from a wheel (inside the package) or a source checkout."""
    packaged = Path(str(resources.files("workbench"))) / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "styles"
