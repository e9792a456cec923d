"""Explaining an assessment: what was decided claim by claim, why not, what if."""
