"""Compliance before the incident: an operator's controls checked against its duties
(docs/controls-profile.md): the catalogue, profiles, the review and the command."""
