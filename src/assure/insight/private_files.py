"""Files of child-level data on disk are the service's alone.

An Annex A, as uploaded and as stored Parquet, lists every child the
authority works with. Whatever the server's umask, each directory under the
var directory that holds one is made 0700 and each file 0600, so another
account on the machine (a backup agent, a shell user) cannot read it.
"""

from __future__ import annotations

import os
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_directory(path: Path) -> Path:
    """Create `path` (and missing parents) if needed, and make it the service's alone."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, DIRECTORY_MODE)
    return path


def make_private(path: Path) -> None:
    """`path` and everything under it: directories 0700, files 0600."""
    if path.is_file():
        os.chmod(path, FILE_MODE)
        return
    os.chmod(path, DIRECTORY_MODE)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            os.chmod(Path(root) / name, DIRECTORY_MODE)
        for name in files:
            os.chmod(Path(root) / name, FILE_MODE)
