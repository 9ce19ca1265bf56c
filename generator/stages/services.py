"""What every stage of one build is handed: the services it uses, not stages of their own.

The configuration and theme the site is made with, the build's environment (record.build_env:
engine, theme, configuration and date, the base of every page and listing key) and the theme's
version, the content folder, the cache, the process pool, the writer of the staged site, the
job a document is read with, and the progress and timings callbacks. One value for a whole
build, so a stage's signature names only what is its own (the record, the documents it is
given) and a new service reaches every stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.cache import Cache
from generator.config import SiteConfig
from generator.sitewriter import SiteWriter
from generator.stages.read import DocumentJob
from generator.stages.workers import Workers
from generator.timings import Timings


@dataclass(frozen=True)
class Services:
    config: SiteConfig
    theme: Path
    env: str  # record.build_env
    theme_version: str  # cache.theme_version(theme), hashed once per build
    content: Path
    cache: Cache
    pool: Workers
    writer: SiteWriter
    job_for: Callable[[str], DocumentJob]
    progress: Callable[[int, int], None] | None = None
    timings: Timings | None = None
