"""Use cases the TUI and the CLI both call. One transaction each; every change writes
`CaseEvent`s; edits carry the version the caller saw and refuse a stale one."""
