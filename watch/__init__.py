"""Understanding and watching: extraction, Turkish text, structure, relevance, diffs."""
