"""The error every part of the service raises for a request the user can fix."""

from __future__ import annotations


class InterviewError(Exception):
    """A request the user can fix; the message is safe to show them."""
