"""Spanish is the default language and its catalog is complete."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _untranslated(po_file: Path) -> list[str]:
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    untranslated = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return untranslated + [
        line for line in fuzzy.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs GNU gettext (msgattrib)")
def test_every_string_of_the_sources_has_a_spanish_translation(tmp_path):
    """Extract the strings afresh in a copy of the project and find none untranslated."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "*.sqlite3", "__pycache__", "media"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--ignore=bench",
            "--ignore=tests",
            "--no-obsolete",
            "--no-location",
            "-v0",
        ],
        cwd=copy,
        check=True,
    )
    missing = _untranslated(copy / "locale/es/LC_MESSAGES/django.po")
    assert not missing, f"{len(missing)} strings lack Spanish: {missing[:20]}"
