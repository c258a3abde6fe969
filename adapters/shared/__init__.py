"""What more than one adapter needs and no platform library provides (tests/test_architecture.py
keeps every platform library out of it)."""
