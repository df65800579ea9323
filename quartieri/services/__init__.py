"""Writes that enforce the rules of places, activities and participation bodies."""
