"""The dpo's quarterly security report: what security, the privacy register and the backups did in a
quarter, built once the quarter ends, kept and mailed. It sits above those three and reads them through
their services."""
