"""Editing a user's timeline file: init's skeleton, add and fmt (comments kept)."""
