"""Lecture, validation et écriture des fichiers : tout ce qui touche au disque."""

from gipkit.io.reader import read_export
from gipkit.io.source import ReadOptions, SourceReport

__all__ = ["ReadOptions", "SourceReport", "read_export"]
