"""Ingest stage: turn files, folders, globs, stdin (and later URLs) into raw documents."""
