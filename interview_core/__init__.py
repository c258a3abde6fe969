"""The platform-neutral interview engine: service, storage, documents, providers.

Nothing in this package may import a chat platform library; adapters/ does that.
"""
