"""Reading timelines: files, safe YAML, the one validation path, and the parsed-data cache."""
