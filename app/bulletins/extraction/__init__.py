"""Pure extraction: bulletin text in, event and figure drafts out (no database)."""
