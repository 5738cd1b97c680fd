"""Bundled sample corpus: news-style articles written by the seccoop authors (see README.md).

A regular package so that the article files ship as package data in wheels and sdists.
"""
