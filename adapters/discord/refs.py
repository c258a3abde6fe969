"""Where a Discord conversation is, in the core's terms.

Every piece of state lives in the core's database: a thread id (or, in a DM,
the id of the interview's first message) names the interview. So these refs
are all any shard, or a restarted process, needs to continue one.
"""

from __future__ import annotations

import discord

from interview_core.models import ConversationRef, Owner

PLATFORM = "discord"
DM_WORKSPACE = "dm"  # a DM has no server: its interviews live in this workspace


def ref_for(interaction: discord.Interaction) -> ConversationRef:
    user = str(interaction.user.id)
    if interaction.guild_id is None:
        return ConversationRef(PLATFORM, DM_WORKSPACE, str(interaction.channel_id), user)
    channel = interaction.channel
    if isinstance(channel, discord.Thread):
        return ConversationRef(
            PLATFORM, str(interaction.guild_id), str(channel.parent_id), user, thread=str(channel.id)
        )
    return ConversationRef(PLATFORM, str(interaction.guild_id), str(interaction.channel_id), user)



def dm_owner(user_id: str) -> Owner:
    """The same user in our direct messages (another workspace to the core)."""
    return Owner(PLATFORM, DM_WORKSPACE, user_id)
