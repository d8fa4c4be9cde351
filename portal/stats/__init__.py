"""Statistics for the authorities (bilan pédagogique et financier): counts and hours, never a person."""
