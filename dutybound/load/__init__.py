"""The boundary: everything Dutybound reads from outside is read here, within
limits (limits.py), checked against a schema (schema.py) and the ontology, and
turned into facts, or refused with an error that names the file, the place,
what was expected and how to fix it (docs/security.md).

    from dutybound.load.incident import load_incident, load_incident_text
"""
