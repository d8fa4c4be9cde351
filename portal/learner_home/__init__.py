"""The learner's home (/mon-espace): what to do next, her courses with their progress, her results and
the suggestions made for her. A home page sits above the capabilities whose pieces it gathers."""
