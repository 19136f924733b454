"""Questions asked of a timeline: filters, compare, diff, stats, citations, catalogues."""
