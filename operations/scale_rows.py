"""What both scale seeders write the same way (seed_scale's decade, scale_province's province): a
year's published pieces with their bylines and the transitions that brought them there, and an
office queue of pieces sent in lately. In bulk and deterministic: the same generator gives the
same rows."""

import datetime
import random

from django.utils import timezone

from contributions.models import Authorship, Contribution, Genre, Prominence, State, Transition
from contributions.services import split_shares

BATCH = 5_000
PROMINENCE_WEIGHTS = {Prominence.HEADLINE: 4, Prominence.FRONT: 8, Prominence.SPECIAL: 6, Prominence.REGULAR: 70,
                      Prominence.BRIEF: 12}
GENRE_WEIGHTS = {Genre.NEWS: 40, Genre.FEATURE: 15, Genre.COMMENTARY: 8, Genre.THEORY: 8, Genre.RESEARCH: 6,
                 Genre.PHOTO: 6, Genre.VIDEO: 3, Genre.BRIEF: 14}
PUBLISHED_PATH = [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.IN_REVIEW),
                  (State.IN_REVIEW, State.ACCEPTED), (State.ACCEPTED, State.PUBLISHED)]


def prominence(rng: random.Random) -> str:
    return rng.choices(list(PROMINENCE_WEIGHTS), weights=list(PROMINENCE_WEIGHTS.values()))[0]


def published_pieces(rng: random.Random, authors_of: list, first: datetime.date, span: int, title: str) -> list:
    """One published piece per list of authors (credited to the first author's unit), written on a
    day of the `span` days from `first`, with its bylines (shares split, an author named once) and
    its path DRAFT → PUBLISHED. `title` is formatted with the piece's number `n`."""
    contributions = Contribution.objects.bulk_create([
        Contribution(title=title.format(n=n), state=State.PUBLISHED,
                     genre=rng.choices(list(GENRE_WEIGHTS), weights=list(GENRE_WEIGHTS.values()))[0],
                     credited_unit_id=authors[0].unit_id,
                     created_at=timezone.make_aware(datetime.datetime.combine(
                         first + datetime.timedelta(days=rng.randrange(span + 1)), datetime.time(9))))
        for n, authors in enumerate(authors_of)
    ], batch_size=BATCH)
    bylines = []
    for contribution, authors in zip(contributions, authors_of):
        unique = list(dict.fromkeys(authors))
        bylines += [Authorship(contribution=contribution, correspondent=author, position=position, share=share)
                    for position, (author, share) in enumerate(zip(unique, split_shares(len(unique))), start=1)]
    Authorship.objects.bulk_create(bylines, batch_size=BATCH)
    Transition.objects.bulk_create([
        Transition(contribution=c, from_state=source, to_state=target, created_at=c.created_at)
        for c in contributions for source, target in PUBLISHED_PATH
    ], batch_size=BATCH)
    return contributions


def waiting_queue(rng: random.Random, people: list, weights: list, count: int, title: str) -> list:
    """`count` pieces sent in over the last month and not yet decided (submitted or in review), one
    author each, chosen by `weights`; `title` is formatted with the piece's number `n`."""
    authors = rng.choices(people, weights=weights, k=count)
    queue = Contribution.objects.bulk_create([
        Contribution(title=title.format(n=n), state=rng.choice([State.SUBMITTED, State.IN_REVIEW]),
                     genre=Genre.NEWS, credited_unit_id=author.unit_id,
                     created_at=timezone.now() - datetime.timedelta(hours=rng.randrange(1, 24 * 30)))
        for n, author in enumerate(authors)
    ], batch_size=BATCH)
    Authorship.objects.bulk_create([Authorship(contribution=c, correspondent=author, position=1, share=1)
                                    for c, author in zip(queue, authors)], batch_size=BATCH)
    Transition.objects.bulk_create([Transition(contribution=c, from_state=State.DRAFT, to_state=State.SUBMITTED,
                                               created_at=c.created_at) for c in queue], batch_size=BATCH)
    return queue
