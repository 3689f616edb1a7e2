"""Volunteer opportunities, shifts, profiles, matching, sign-ups, hours and consultations."""
