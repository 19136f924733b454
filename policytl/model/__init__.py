"""The core's records: the data model, dates with their precision, errors and limits."""
