"""The dpo's desk: the screens of one role, drawn from several capabilities.

Like ``portal.trainer``, this package is laid out by who reads it, not by what it computes: the data
requests come from ``portal.privacy``, incidents and the security journal from ``portal.security``, the
access log from ``portal.vault``. Each view only calls those packages' services, so the logic stays where
its name is and is shared with the CLI and the jobs, while the dpo finds all her screens under one
blueprint and one navigation. The import-linter contract "Role desks read no models" keeps it so.
"""
