"""Which of a story's columns each of its readings reads."""

# Long texts and the search vectors: read on the story's own page, never on a card.
CARD_LEAVES_OUT = (
    "context",
    "challenge",
    "solution",
    "results",
    "lessons",
    "rejection_reason",
    "search_vector",
    "head_vector",
    "title_vector",
    "outdated_note",
)
# The teller's part of the page's header ("Told by", their voice): no more of the
# member than it shows, as the head is kept in the shared cache.
AUTHOR_FIELDS = (
    "author__id",
    "author__profile__display_name",
    "author__profile__speaks_for_institution",
    "author__profile__institution__name",
    "author__profile__institution__acronym",
)
PAGE_HEAD_FIELDS = (
    "slug",
    "title",
    "summary",
    "language",
    "status",
    "published_at",
    "view_count",
    "author",
    "lead_institution",
    "rejection_reason",
    "last_reviewed_at",
    "review_by",
    "outdated",
    "outdated_note",
    "successor_url",
)
