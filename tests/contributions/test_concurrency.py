"""Two editors acting on one contribution at the same moment, on real concurrent connections."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from contributions.models import Contribution, State, Transition
from contributions.services import contribution_transition
from tests.factories import ContributionFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_editors_accepting_and_returning_at_once_yield_exactly_one_move():
    if connection.vendor != "postgresql":
        pytest.skip("行锁与并发连接只在 PostgreSQL 上测试（make test-postgres）；SQLite 的测试库在内存中，不能跨线程共享。")
    first_editor = UserFactory(username="first-editor", role="编辑")
    second_editor = UserFactory(username="second-editor", role="编辑")
    piece = ContributionFactory(state=State.IN_REVIEW)
    attempts = [
        (first_editor, State.ACCEPTED, ""),
        (second_editor, State.RETURNED, "请再修改"),
    ]
    start = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(editor, target, note):
        seen = Contribution.objects.get(pk=piece.pk)  # each editor loaded the page before either clicked
        start.wait()
        try:
            contribution_transition(contribution=seen, to_state=target, actor=editor, note=note)
            result = f"ok:{target}"
        except ValidationError as error:
            result = "refused:" + "".join(error.messages)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=act, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    successes = [outcome for outcome in outcomes if outcome.startswith("ok:")]
    refusals = [outcome for outcome in outcomes if outcome.startswith("refused:")]
    assert len(successes) == 1, outcomes
    assert len(refusals) == 1, outcomes
    assert "已被他人处理" in refusals[0]
    assert Transition.objects.filter(contribution=piece).count() == 1
    final_state = Contribution.objects.get(pk=piece.pk).state
    assert successes[0] == f"ok:{final_state}"


@pytest.mark.django_db(transaction=True)
def test_ten_threads_starting_review_make_one_transition():
    if connection.vendor != "postgresql":
        pytest.skip("并发测试只在 PostgreSQL 上运行（make test-postgres）。")
    editor = UserFactory(username="busy-editor", role="编辑")
    piece = ContributionFactory(state=State.SUBMITTED)
    start = threading.Barrier(10)
    results = []

    def act():
        seen = Contribution.objects.get(pk=piece.pk)
        start.wait()
        try:
            contribution_transition(contribution=seen, to_state=State.IN_REVIEW, actor=editor)
            results.append(True)
        except ValidationError:
            results.append(False)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count(True) == 1
    assert Transition.objects.filter(contribution=piece).count() == 1
