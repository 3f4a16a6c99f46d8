"""Hardship assistance (困难帮扶) and critical-illness relief (大病救助): each part's models, listed here."""
