"""Subcommands of ``storyline``: each module defines ``register(subparsers)``; the parser it adds
sets ``run`` (a function of the parsed arguments returning the exit code)."""

from __future__ import annotations

import argparse
from typing import Any

Subparsers = Any  # argparse's _SubParsersAction is private

__all__ = ["Subparsers", "argparse"]
