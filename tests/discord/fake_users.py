"""What a user does in the fake Discord: the gateway events of a slash command, a
button click or a typed message, built from the recorded fixtures."""

from __future__ import annotations

import copy
from typing import Any

from tests.discord.fake_wire import ALICE, CHANNEL_ID, GUILD_ID, fixture, now_iso, user


class FakeUsers:
    """Mixed into FakeDiscord: `snowflake`, `upload` and `channels` come from there."""

    def slash_start(
        self,
        *,
        cv: tuple[str, bytes, str] | None,
        jd: tuple[str, bytes, str] | None = None,
        jd_text: str | None = None,
        title: str | None = None,
        company: str | None = None,
        user_id: str = ALICE,
        dm: bool = False,
        sizes: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE for `/interview start`, files put on the CDN."""
        payload = fixture("interaction_start_dm.json" if dm else "interaction_start.json")
        options: list[dict[str, Any]] = []
        attachments: dict[str, Any] = {}
        for name, file in (("cv", cv), ("jd", jd)):
            if file is None:
                continue
            filename, data, content_type = file
            att_id = self.snowflake()
            url = self.upload(filename, data, content_type)
            attachments[att_id] = {"id": att_id, "filename": filename, "size": (sizes or {}).get(name, len(data)),
                                   "url": url, "proxy_url": url, "content_type": content_type, "ephemeral": True}
            options.append({"name": name, "type": 11, "value": att_id})
        for name, value in (("jd_text", jd_text), ("title", title), ("company", company)):
            if value is not None:
                options.append({"name": name, "type": 3, "value": value})
        payload["data"]["options"] = [{"name": "start", "type": 1, "options": options}]
        payload["data"]["resolved"] = {"attachments": attachments}
        return self._stamp(payload, user_id)

    def slash(self, sub: str, *, user_id: str = ALICE, channel_id: str = CHANNEL_ID, dm: bool = False,
              options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """An INTERACTION_CREATE for `/interview <sub>` in a channel, a thread or a DM."""
        payload = fixture("interaction_start_dm.json" if dm else "interaction_start.json")
        payload["data"]["options"] = [{"name": sub, "type": 1, "options": options or []}]
        payload["data"].pop("resolved", None)
        if not dm and channel_id != CHANNEL_ID:
            payload["channel"] = copy.deepcopy(self.channels.get(channel_id) or {"id": channel_id, "type": 12,
                                               "guild_id": GUILD_ID, "parent_id": CHANNEL_ID, "name": "gone"})
            payload["channel_id"] = channel_id
        return self._stamp(payload, user_id)

    def button(self, custom_id: str, *, channel_id: str, user_id: str = ALICE) -> dict[str, Any]:
        payload = fixture("interaction_button.json")
        payload["data"]["custom_id"] = custom_id
        payload["message"]["channel_id"] = channel_id
        payload["message"]["components"][0]["components"][0]["custom_id"] = custom_id
        if channel_id in self.channels:
            payload["channel"] = copy.deepcopy(self.channels[channel_id])
        payload["channel_id"] = channel_id
        return self._stamp(payload, user_id)

    def _stamp(self, payload: dict[str, Any], user_id: str) -> dict[str, Any]:
        payload["id"] = self.snowflake()
        payload["token"] = f"token-{payload['id']}"
        who = user(user_id, "alice" if user_id == ALICE else "bob")
        if "member" in payload:
            payload["member"]["user"] = who
        else:
            payload["user"] = who
            payload["channel"]["recipients"] = [who]
        return payload

    def user_message(self, channel_id: str, content: str, *, user_id: str = ALICE, dm: bool = False,
                     attachments: list[dict[str, Any]] | None = None,
                     reference: str | None = None) -> dict[str, Any]:
        """A MESSAGE_CREATE for a member typing in a thread (or in the DM)."""
        payload = fixture("message_create.json")
        payload.update(id=self.snowflake(), channel_id=channel_id, content=content,
                       author=user(user_id, "alice" if user_id == ALICE else "bob"),
                       attachments=attachments or [], timestamp=now_iso())
        if dm:
            payload.pop("guild_id")
            payload.pop("member")
        if reference:
            payload["type"] = 19
            payload["message_reference"] = {"message_id": reference, "channel_id": channel_id}
        return payload

    async def moderator_deletes_thread(self, thread_id: str) -> None:
        """A moderator deletes an interview's thread: gone from the API, THREAD_DELETE sent."""
        self.deleted.add(thread_id)
        await self.dispatch("THREAD_DELETE", {"id": thread_id, "guild_id": GUILD_ID,
                                              "parent_id": self.channels[thread_id]["parent_id"],
                                              "type": self.channels[thread_id]["type"]})


def option(name: str, value: bool | int | str) -> dict[str, Any]:
    """A slash command's option as Discord sends it (its type code from the value's type)."""
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3  # BOOLEAN, INTEGER, STRING
    return {"name": name, "type": kind, "value": value}
