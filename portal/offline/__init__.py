"""Learning on an intermittent connection: the service worker and its offline page, what marks a page
as safe to keep, and the clearing of this browser's copies when a person signs out or leaves.

The queue itself lives in the browser (static/offline.js); the server's side of it is in
portal/player (queued items carry their age; they are credited once, at the time they happened)."""
