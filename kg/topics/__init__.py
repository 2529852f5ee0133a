"""Topics: the scheme, assigning topics to works, and a person's drift."""
