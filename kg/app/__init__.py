"""The application layer: the library API, the CLI, the server, pushing, jobs, the cache."""
