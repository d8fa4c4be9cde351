"""Course management for staff (/gestion/formations, modules, leçons, questions, sessions)."""
