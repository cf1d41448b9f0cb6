"""The start page and the pages every visitor shares."""
