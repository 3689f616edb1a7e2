"""Funding programmes and calls, applications, review, decisions, payments, proof of use."""
