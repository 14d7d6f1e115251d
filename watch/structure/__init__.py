"""Structure parsers: turn a document's page texts into segments (decisions, agenda items, plan parts)."""
