"""Story grouping: which story (one real-world incident and what follows) an article belongs to.

``story_assignment.assign_story`` runs in the extraction worker right after extraction, inside
the worker's transaction, and returns the story events to append. The rule, its thresholds and
why they are what they are: ``README.md`` beside this file. This package module imports nothing,
so declaring the tables (``story_tables``) stays cheap for migrations.
"""
