"""The bot's buttons, stateless: the custom_id says everything (the interview
id, or the answer), so a click works on any shard and after any restart.

discord.py builds a DynamicItem itself from the custom_id, so its callback
finds what to do through the client it arrived at (`button_actions`).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord


class ButtonActions(Protocol):
    async def show_notes(self, interaction: discord.Interaction, interview_id: int) -> None: ...

    async def confirm_delete(self, interaction: discord.Interaction, confirmed: bool) -> None: ...

    async def retry_question(
        self, interaction: discord.Interaction, interview_id: int, question: int | None = None
    ) -> None: ...


def actions_of(interaction: discord.Interaction) -> ButtonActions:
    actions = getattr(interaction.client, "button_actions", None)
    assert actions is not None, "the client that registered the buttons handles them"
    return actions


class NotesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"interview:notes:(?P<id>[0-9]{1,18})"):
    def __init__(self, interview_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Notes on each answer",
                style=discord.ButtonStyle.primary,
                custom_id=f"interview:notes:{interview_id}",
            )
        )
        self.interview_id = interview_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NotesButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await actions_of(interaction).show_notes(interaction, self.interview_id)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button], template=r"interview:delete:(?P<answer>yes|no)"):
    def __init__(self, answer: str, label: str | None = None) -> None:
        yes = answer == "yes"
        super().__init__(
            discord.ui.Button(
                label=label or answer,  # a click rebuilds it from the custom_id: the label is not needed then
                style=discord.ButtonStyle.danger if yes else discord.ButtonStyle.secondary,
                custom_id=f"interview:delete:{answer}",
            )
        )
        self.answer = answer

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DeleteButton:
        return cls(match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await actions_of(interaction).confirm_delete(interaction, self.answer == "yes")


class RetryButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"interview:retry:(?P<id>[0-9]{1,18})(?::(?P<q>[0-9]{1,2}))?",
):
    """Practice mode's "Try again", under an answer's feedback: that question (the one the
    user last answered; an older button is told so) is asked again, and their next message
    is a new attempt at it. Buttons from before the question was in the id retry the last."""

    def __init__(self, interview_id: int, question: int | None = None) -> None:
        custom_id = f"interview:retry:{interview_id}" + (f":{question}" if question else "")
        super().__init__(discord.ui.Button(label="Try again", style=discord.ButtonStyle.secondary,
                                           custom_id=custom_id))
        self.interview_id = interview_id
        self.question = question

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RetryButton:
        return cls(int(match["id"]), int(match["q"]) if match["q"] else None)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await actions_of(interaction).retry_question(interaction, self.interview_id, self.question)


DYNAMIC_ITEMS = (NotesButton, DeleteButton, RetryButton)


def notes_view(interview_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NotesButton(interview_id))
    return view


def retry_view(interview_id: int, question: int | None = None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RetryButton(interview_id, question))
    return view


def delete_view(yes: str, no: str) -> discord.ui.View:
    """The two answers to the delete question, labelled `yes` and `no` (Texts.delete_yes/no)."""
    view = discord.ui.View(timeout=None)
    view.add_item(DeleteButton("yes", yes))
    view.add_item(DeleteButton("no", no))
    return view
