"""The staff directory of learners: pseudonymous list, identity shown only on a reasoned, audited read."""
