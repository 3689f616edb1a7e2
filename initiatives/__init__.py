"""Municipal programmes (initiatives), their offices, timelines, partners, news, events,
council decisions, and resident participation."""
