"""Interviewer engines: the offline one ships by default; HTTP ones plug in here."""

from interview_core.providers.base import Provider, ProviderError

__all__ = ["Provider", "ProviderError"]
