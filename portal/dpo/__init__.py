"""The dpo's desk: her home page, navigation, guard and layout; each of her screens lives next to the
capability it works on (see portal.dpo.views)."""
