"""Input formats for every language of the admin: the ones in settings (see base.py)."""
