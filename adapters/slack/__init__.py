"""The Slack adapter: a DM interview on slack-bolt, in Socket Mode or over HTTP."""

from adapters.slack.app import build_slack_app, build_slack_bot, run_slack
from adapters.slack.config import SlackConfig

__all__ = ["SlackConfig", "build_slack_app", "build_slack_bot", "run_slack"]
