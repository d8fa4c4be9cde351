"""News messages (new courses, events): composed by staff, mailed only to people who said yes."""
