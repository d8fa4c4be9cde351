"""What the portal holds about a person: the policy's retention table, the topics /mes-donnees groups
them under, and the registry of each capability's declarations (portal/<capability>/personal_data.py)."""
