"""Views of the quartieri app: each module is imported by quartieri.urls directly."""
