"""A second, hand-written copy of the scoring rule in plain SQL: the tallies' baseline, and a check
that the one expression (awards.scoring) gives the same counts and points."""

from django.db import connection

from awards.scoring import POINTS_SCALE, SHARED_POINTS_SCALE, Rules, to_points


def _case(column: str, factors: dict, scale: int = 100) -> str:
    whens = " ".join(f"WHEN '{key}' THEN {int(value * scale)}" for key, value in factors.items())
    return f"CAST(CASE {column} {whens} ELSE 0 END AS BIGINT)"


def baseline_sql(rules: Rules, people: bool) -> str:
    """The office's tally by hand: its own outlets are internal, its network's pieces are counted."""
    office = int(rules.office_id)
    internal = f"o.owner_id = {office}"
    base = f"CASE WHEN {internal} THEN {int(rules.internal_points * 100)} ELSE {_case('o.level', rules.level_points)} END"
    bonus = _case("p.instruction", rules.instruction_bonuses, 100 * 1_000_000)
    points = (f"(CAST({base} AS BIGINT) * {_case('p.prominence', rules.prominence_factors)} * "
              f"{_case('c.genre', rules.genre_factors)} * {_case('o.medium', rules.medium_factors)} + {bonus})")
    counts = ", ".join(f"SUM(CASE WHEN o.level = '{level}' AND NOT COALESCE({internal}, FALSE) THEN 1 ELSE 0 END)"
                       for level in ("national", "provincial", "municipal", "county"))
    counts += f", SUM(CASE WHEN {internal} THEN 1 ELSE 0 END), COUNT(DISTINCT p.contribution_id)"
    network = "" if rules.scope.network is None else \
        f" AND c.credited_unit_id IN ({', '.join(str(int(unit)) for unit in sorted(rules.scope.network))})"
    if people:
        return (f"SELECT a.correspondent_id, {counts}, SUM({points} * CAST(ROUND(a.share * 100) AS INTEGER)) "
                "FROM contributions_placement p JOIN contributions_contribution c ON c.id = p.contribution_id "
                "JOIN outlets_outlet o ON o.id = p.outlet_id JOIN contributions_authorship a ON a.contribution_id = c.id "
                f"WHERE p.published_on >= %s AND p.published_on <= %s{network} GROUP BY a.correspondent_id")
    return (f"SELECT c.credited_unit_id, {counts}, SUM({points}) "
            "FROM contributions_placement p JOIN contributions_contribution c ON c.id = p.contribution_id "
            "JOIN outlets_outlet o ON o.id = p.outlet_id "
            f"WHERE p.published_on >= %s AND p.published_on <= %s{network} GROUP BY c.credited_unit_id")


def run_sql(sql: str, start, end) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        return cursor.fetchall()


def totals_and_points(rows: list, people: bool) -> dict:
    """{id: (placements, pieces, points)} from the baseline's rows, for comparing with the tallies."""
    scale = SHARED_POINTS_SCALE if people else POINTS_SCALE
    return {row[0]: (sum(row[1:6]), row[6], to_points(row[7], scale)) for row in rows}
