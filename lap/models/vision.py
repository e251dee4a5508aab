"""Models: vision (versions, sections, comments, endorsements, adoption)."""
