"""Lecture, validation et écriture des fichiers : tout ce qui touche au disque."""

from gipkit.io.reader import ReadOptions, SourceReport, read_export

__all__ = ["ReadOptions", "SourceReport", "read_export"]
