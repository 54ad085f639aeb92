"""Shared foundations with no framework in them: time, ids and keyed random draws."""
