"""What a built graph becomes: exports, pictures, analytics, SPARQL, the store."""
