"""Locate the non-Python resources (``grammar/``, ``checks/``, ``data/``).

The wheel force-includes the repository's top-level ``grammar`` and ``checks``
folders *inside* the package (``budgetlint/grammar``), while a source checkout
keeps them at the repository root, two levels above ``src/budgetlint``.  Every
module that reads a grammar or a check definition goes through
:func:`resource_dir`, so the two layouts are handled in one place.  Package
data (``src/budgetlint/data/*.toml``) always lives inside the package and is
found with :func:`data_file`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The package directory.  Taken from this module rather than from
#: ``budgetlint.__file__`` so that it also works while ``budgetlint`` is a
#: namespace package (no ``__init__.py``), where ``__file__`` is ``None``.
_PACKAGE_DIR = Path(__file__).resolve().parent

#: Resource folders this helper knows about.
KNOWN = ("grammar", "checks")


class ResourceNotFound(FileNotFoundError):
    """A resource folder is neither installed in the package nor in the checkout."""


def candidates(name: str) -> tuple[Path, Path]:
    """The places searched for resource folder ``name``, in order."""
    return (_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name)


@cache
def resource_dir(name: str) -> Path:
    """Directory of resource folder ``name`` (``"grammar"`` or ``"checks"``).

    The installed copy (``budgetlint/<name>``) wins over the checkout's
    ``<repo root>/<name>``.  Raises :class:`ResourceNotFound` naming both
    places when neither exists, which means a broken install.
    """
    if name not in KNOWN:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(KNOWN)}")
    tried = candidates(name)
    for path in tried:
        if path.is_dir():
            return path
    where = " or ".join(str(p) for p in tried)
    raise ResourceNotFound(
        f"budgetlint resource folder {name!r} not found (looked in {where}); "
        "the package is incompletely installed"
    )


def data_file(name: str) -> Path:
    """Path of a bundled data file (``data/<name>``, e.g. ``table_kinds.toml``).

    Raises :class:`ResourceNotFound` if the file is missing, so a broken
    install fails with the file's name rather than a bare ``open`` error.
    """
    path = _PACKAGE_DIR / "data" / name
    if not path.is_file():
        raise ResourceNotFound(f"budgetlint data file {name!r} not found at {path}")
    return path
