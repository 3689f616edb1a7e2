"""The bottom layer: site-wide models (users, municipalities, organisations) and the
municipality-scoped admin base that every app's admin builds on."""
