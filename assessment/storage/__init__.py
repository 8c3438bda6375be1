"""Storage shell: reading and writing rubrics (YAML), assessments (JSON) and responses (CSV)."""
