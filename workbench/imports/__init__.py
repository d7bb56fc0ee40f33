"""Spreadsheets and 12315 exports in: reading files into rows of cells, profiles (TOML)
mapping their columns to intake fields, and the workbooks an import writes (the blank
template, the errors workbook). No database here: `services/imports.py` does the writing."""
