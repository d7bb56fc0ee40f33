"""Pure domain rules: no database, no UI.

Everything here is data declared once (stages, categories, evidence kinds,
deadline rules) plus small pure functions over it.
"""
