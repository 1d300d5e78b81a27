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


def _placement_file(rows: int, year: int) -> bytes:
    import datetime
    import io

    import openpyxl

    from contributions.placement_sheets import HEADERS

    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for i in range(rows):
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=i % 360)
        book.active.append([f"并发导入稿件{i:05d}", "并发作者", "并发县人大常委会", "消息", "《并发日报》", day,
                            "", "第2版", "一般", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _city():
    from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory

    unit = UnitFactory(name="并发县人大常委会")
    CorrespondentFactory(name="并发作者", unit=unit)
    OutletFactory(name="《并发日报》")


def _in_threads(*targets):
    start = threading.Barrier(len(targets))
    results: list = [None] * len(targets)

    def run(index, target):
        start.wait()
        try:
            results[index] = target()
        except Exception as error:  # reported to the test, which asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, target)) for i, target in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_save_each_row_once():
    if connection.vendor != "postgresql":
        pytest.skip("并发导入只在 PostgreSQL 上测试（make test-postgres）；SQLite 的立即事务本就逐个写入。")
    from contributions.models import Placement
    from contributions.placement_sheets import import_placements

    _city()
    data = _placement_file(300, 2025)
    reports = _in_threads(*[lambda: import_placements(name="同一文件.xlsx", data=data, actor=None)] * 2)
    assert not any(isinstance(report, Exception) for report in reports), reports
    assert Placement.objects.count() == 300 and Contribution.objects.count() == 300
    assert sorted(report.new_placements for report in reports) == [0, 300]
    assert sorted(report.existing_placements for report in reports) == [0, 300]


@pytest.mark.django_db(transaction=True)
def test_closing_a_year_while_an_import_into_it_runs_never_leaves_placements_outside_the_snapshot():
    if connection.vendor != "postgresql":
        pytest.skip("关账与导入的并发只在 PostgreSQL 上测试（make test-postgres）。")
    import time

    from awards.models import AppraisalYear
    from awards.services import appraisal_year_close, appraisal_year_get_or_create
    from contributions.models import Placement
    from contributions.placement_sheets import import_placements

    _city()
    year = appraisal_year_get_or_create(year=2023)
    data = _placement_file(2000, 2023)

    def close_a_moment_later():
        time.sleep(0.5)  # the import has begun and holds its transaction open
        return appraisal_year_close(appraisal_year=year, actor=None)

    report, closed = _in_threads(lambda: import_placements(name="2023.xlsx", data=data, actor=None),
                                 close_a_moment_later)
    assert not isinstance(closed, Exception), closed
    year = AppraisalYear.objects.get(year=2023)
    assert year.is_closed
    in_year = Placement.objects.filter(published_on__year=2023).count()
    # Either the import finished first and the snapshot holds its rows, or it was refused whole.
    assert len(year.snapshot["details"]) == in_year
    if isinstance(report, Exception) or report.errors:
        assert in_year == 0
    else:
        assert report.saved and in_year == 2000
