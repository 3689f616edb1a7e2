"""civicportal: the top of the project (settings, URLs, home, search, legal pages)."""
