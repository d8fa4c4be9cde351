"""The trainer's desk (/formateur): her home page, drawn from portal.forum's desk (the waiting questions)
and portal.bouquets (submissions to review, exercises to brief). Answering and reviewing are those
capabilities' own screens (portal.forum.desk_views, portal.bouquets.review_views), under /formateur."""
