"""The contract of a person who pays her training herself, in whole or in part (Code du travail L6353-3 to
L6353-7): concluded online before the enrolment, ten days to withdraw, then a deposit and instalments."""
