"""The case screen's tabs, one pane per file, and their dialogs."""
