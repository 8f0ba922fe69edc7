"""Secret statistique (issue 12) : aucune case masquée ne se recalcule à partir de ce
qui est publié, vérifié exactement par programmation linéaire."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from conftest import ROOT, run
from gipkit.results import Column, Document, Table
from gipkit.secrecy import groups, protect_document, protect_table

THRESHOLD = 11


def feasible_interval(table: Table, cell: tuple[int, int]) -> tuple[float, float]:
    """Plus petite et plus grande valeur de ``cell`` compatibles avec ce qui est publié :
    cases positives, lignes de chaque groupe = leur parent (ou le total)."""
    original_masked = table.secret
    masked_rows = sorted({i for i, _ in original_masked})
    j = cell[1]
    index = {i: k for k, i in enumerate(masked_rows)}
    n = len(masked_rows)
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for parent, members in groups(table):
        coeffs = [0.0] * n
        known = 0.0
        for i in members:
            if i in index:
                coeffs[index[i]] += 1
            else:
                known += table.rows[i][j]
        if parent is None:
            target = table.total[j]  # type: ignore[index]
            rhs = target - known
        elif parent in index:
            coeffs[index[parent]] -= 1
            rhs = -known
        else:
            rhs = table.rows[parent][j] - known
        if any(coeffs):
            a_eq.append(coeffs)
            b_eq.append(rhs)
    objective = [0.0] * n
    objective[index[cell[0]]] = 1
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n)
    high = linprog([-c for c in objective], A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n)
    assert low.status == 0 and high.status == 0
    return float(low.fun), float(-high.fun)


def _table(counts: list[int], hours_factor: list[int], children: dict[int, list[int]]) -> Table:
    """Un tableau additif (effectif, heures) ; ``children`` : ligne parente -> effectifs de
    ses enfants (la parente vaut leur somme)."""
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    for k, (n, f) in enumerate(zip(counts, hours_factor, strict=True)):
        kids = children.get(k)
        if kids:
            label = f"C{k}"
            subtotals.append(label)
            rows.append([label, sum(kids), sum(c * f for c in kids)])
            rows += [[f"{label} / Q{m}", c, c * f] for m, c in enumerate(kids)]
        else:
            rows.append([f"C{k}", n, n * f])
    top = [r for r in rows if " / " not in r[0]]
    total = ["Total", sum(r[1] for r in top), sum(r[2] for r in top)]
    columns = [
        Column("zone", "Zone", "texte"),
        Column("personnes", "Personnes", "nombre", additive=True),
        Column("heures", "Heures", "heures", additive=True),
    ]
    return Table("t", "T", 2025, columns, rows, total, subtotals=subtotals)


TABLES = st.integers(2, 7).flatmap(
    lambda k: st.tuples(
        st.lists(st.integers(0, 60), min_size=k, max_size=k),
        st.lists(st.integers(1, 40), min_size=k, max_size=k),
        st.dictionaries(
            st.integers(0, k - 1),
            st.lists(st.integers(0, 40), min_size=1, max_size=5),
            max_size=2,
        ),
    )
)


@given(TABLES)
def test_aucune_case_masquee_ne_se_recalcule(spec: tuple[list[int], list[int], dict]) -> None:
    table = _table(*spec)
    if table.total is None or table.total[1] < THRESHOLD:
        return  # le total général reste publié : un tableau entier sous le seuil l'est
    protected = protect_table(table, THRESHOLD)
    again = protect_table(table, THRESHOLD)
    assert protected.secret == again.secret  # déterministe
    assert protected.total == table.total  # totaux inchangés
    hidden = {i for i, _ in protected.secret}
    for i, row in enumerate(protected.rows):
        if i not in hidden:
            assert row[1] >= THRESHOLD  # aucune case publiée sous le seuil
    original = Table(**{**table.__dict__, "secret": protected.secret})
    for cell in protected.secret:
        low, high = feasible_interval(original, cell)
        assert high - low > 0.5, (cell, low, high, table.rows)


def _cross_table(cells: list[list[int]], children: dict[int, list[list[int]]]) -> Table:
    """Un tableau croisé (zone × niveau) : une colonne « Jeunes » (total de la ligne) puis
    une colonne par niveau ; une zone peut avoir des sous-zones (« C1 / Q0 »…)."""
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    for k, levels in enumerate(cells):
        kids = children.get(k)
        if kids:
            label = f"C{k}"
            subtotals.append(label)
            sums = [sum(col) for col in zip(*kids, strict=True)]
            rows.append([label, sum(sums), *sums])
            rows += [[f"{label} / Q{m}", sum(kid), *kid] for m, kid in enumerate(kids)]
        else:
            rows.append([f"C{k}", sum(levels), *levels])
    top = [r for r in rows if " / " not in r[0]]
    total = ["Total", *(sum(r[j] for r in top) for j in range(1, len(rows[0])))]
    columns = [
        Column("zone", "Zone", "texte"),
        Column("jeunes", "Jeunes", "nombre", additive=True),
        *(
            Column(f"niveau_{n}", f"Niveau {n}", "nombre", additive=True)
            for n in range(len(cells[0]))
        ),
    ]
    return Table("t", "T", 2025, columns, rows, total, subtotals=subtotals)


def joint_interval(original: Table, cell: tuple[int, int]) -> tuple[float, float]:
    """Intervalle d'une case masquée d'un tableau croisé, toutes colonnes à la fois :
    chaque colonne additive de chaque groupe égale à son parent (ou au total) **et** chaque
    ligne masquée égale à la somme de ses niveaux (Jeunes = Σ niveaux)."""
    masked = sorted(original.secret)
    index = {c: k for k, c in enumerate(masked)}
    n = len(masked)
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    width = len(original.columns)

    def value(i: int, j: int) -> tuple[int | None, float]:
        return (index[(i, j)], 0.0) if (i, j) in index else (None, float(original.rows[i][j]))

    for parent, members in groups(original):
        for j in range(1, width):
            coeffs, known = [0.0] * n, 0.0
            for i in members:
                k, v = value(i, j)
                if k is None:
                    known += v
                else:
                    coeffs[k] += 1
            if parent is None:
                rhs = original.total[j] - known  # type: ignore[index]
            else:
                k, v = value(parent, j)
                if k is None:
                    rhs = v - known
                else:
                    coeffs[k] -= 1
                    rhs = -known
            if any(coeffs):
                a_eq.append(coeffs)
                b_eq.append(rhs)
    for i in sorted({i for i, _ in masked}):
        coeffs, known = [0.0] * n, 0.0
        k, v = value(i, 1)
        if k is None:
            known -= v
        else:
            coeffs[k] -= 1
        for j in range(2, width):
            k, v = value(i, j)
            if k is None:
                known += v
            else:
                coeffs[k] += 1
        if any(coeffs):
            a_eq.append(coeffs)
            b_eq.append(-known)
    objective = [0.0] * n
    objective[index[cell]] = 1
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n)
    high = linprog([-c for c in objective], A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n)
    assert low.status == 0 and high.status == 0
    return float(low.fun), float(-high.fun)


CROSS_TABLES = st.tuples(st.integers(2, 6), st.integers(2, 4)).flatmap(
    lambda shape: st.tuples(
        st.lists(
            st.lists(st.integers(0, 30), min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        ),
        st.dictionaries(
            st.integers(0, shape[0] - 1),
            st.lists(
                st.lists(st.integers(0, 20), min_size=shape[1], max_size=shape[1]),
                min_size=1,
                max_size=4,
            ),
            max_size=2,
        ),
    )
)


@given(CROSS_TABLES)
def test_tableau_croise_protege_dans_les_deux_sens(
    spec: tuple[list[list[int]], dict[int, list[list[int]]]],
) -> None:
    """Zone × niveau avec marges (colonne « Jeunes » = somme des niveaux, ligne « Total »
    = somme des zones, communes = somme de leurs quartiers) : aucune case masquée non nulle
    ne se déduit de ce qui est publié, en combinant lignes et colonnes ; seul un zéro peut
    l'être (un effectif nul ne désigne personne : docs/secret-statistique.md)."""
    table = _cross_table(*spec)
    if table.total is None or table.total[1] < THRESHOLD:
        return
    protected = protect_table(table, THRESHOLD)
    assert protected.total == table.total
    hidden = {i for i, _ in protected.secret}
    for i, row in enumerate(protected.rows):
        if i not in hidden:
            assert all(v >= THRESHOLD for v in row[1:])  # aucune case publiée sous le seuil
    original = Table(**{**table.__dict__, "secret": protected.secret})
    for cell in protected.secret:
        low, high = joint_interval(original, cell)
        true = table.rows[cell[0]][cell[1]]
        assert high - low > 0.5 or true == 0, (cell, low, high, table.rows)


def test_parts_et_heures_suivent_les_personnes() -> None:
    table = Table(
        "t",
        "T",
        2025,
        [
            Column("zone", "Zone", "texte"),
            Column("jeunes", "Jeunes", "nombre", additive=True),
            Column("part_bac", "Part BAC", "taux", base="jeunes"),
        ],
        [["A", 120, 0.05], ["B", 200, 0.5], ["C", 90, 0.4]],
        ["Total", 410, 0.36],
    )
    protected = protect_table(table, THRESHOLD)
    # 5 % de 120 = 6 jeunes : A masquée, et une seconde ligne (la plus petite : C)
    assert sorted({i for i, _ in protected.secret}) == [0, 2]
    assert protected.rows[0][1:] == [None, None] and protected.rows[1] == ["B", 200, 0.5]
    assert any("secret statistique" in n for n in protected.notes)


@pytest.fixture(scope="module")
def territory() -> dict[str, Any]:
    out = run(
        "ml",
        "territoire",
        "--dossier",
        ROOT / "fixtures" / "ml",
        "--annee",
        "2025",
        "--secret-statistique",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _masked(doc: dict[str, Any], ident: str) -> list[str]:
    res = next(r for r in doc["resultats"] if r["id"] == ident)
    rows = sorted({i for i, _ in res.get("cellules_secretes", [])})
    return [res["lignes"][i][0] for i in rows]


def test_tableaux_de_la_fixture_masques_verifies_a_la_main(territory: dict[str, Any]) -> None:
    """Vérifiés une fois à la main contre la règle, sur les valeurs non protégées :
    Villejuif (87 jeunes : 10 BAC+2 et plus, 8 CAP/BEP) est masquée, et Choisy-le-Roi
    (140, la plus petite autre commune) en secret secondaire ; à Ivry,
    Louis-Bertrand/Mirabeau-Semard (7 BAC+2) et Marat-Parmentier (6 CAP/BEP) le sont
    toutes deux, ce qui protège l'une par l'autre dans la commune."""
    assert _masked(territory, "ml.territoire.quartiers") == []
    assert _masked(territory, "ml.territoire.niveaux") == [
        "Choisy-le-Roi",
        "Ivry-sur-Seine / Louis-Bertrand/Mirabeau-Semard",
        "Ivry-sur-Seine / Marat-Parmentier",
        "Villejuif",
    ]
    assert territory["secret_statistique"]["seuil"] == THRESHOLD
    schema = json.loads((ROOT / "docs" / "schemas" / "resultats-1.2.json").read_text("utf-8"))
    import jsonschema

    jsonschema.validate(territory, schema)


def test_chaque_format_montre_s_et_la_note(tmp_path: Path) -> None:
    args = ["ml", "territoire", "--dossier", ROOT / "fixtures" / "ml", "--secret-statistique"]
    for fmt in ("tableau", "markdown", "csv"):
        out = run(*args, "--format", fmt)
        assert out.exit_code == 0, out.output
        assert "secret statistique" in out.stdout
        assert ";s;" in out.stdout if fmt == "csv" else " s " in out.stdout
    path = tmp_path / "t.xlsx"
    assert run(*args, "--sortie", path).exit_code == 0
    import openpyxl

    book = openpyxl.load_workbook(path)
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "s" in values and any("secret statistique" in str(v) for v in values)


def test_comparer_un_document_protege_et_un_autre_refuse(tmp_path: Path) -> None:
    base = ["ml", "territoire", "--dossier", ROOT / "fixtures" / "ml", "--format", "json"]
    plain, safe = tmp_path / "plain.json", tmp_path / "safe.json"
    plain.write_text(run(*base).stdout, "utf-8")
    safe.write_text(run(*base, "--secret-statistique").stdout, "utf-8")
    for args in (["comparer", plain, safe], ["verifier", safe, "--reference", plain]):
        out = run(*args)
        assert out.exit_code == 2 and "secret statistique" in out.stderr
    assert run("comparer", safe, safe).exit_code == 0
    assert run("verifier", safe).exit_code == 0  # cohérence sans les colonnes masquées


def test_valeurs_seules_et_document() -> None:
    from gipkit.results import Scalar

    doc = Document(
        "x",
        {},
        [],
        [
            Scalar("a", "A", "nombre", 2025, 7, previous=30, previous_year=2024),
            Scalar("b", "B", "taux", 2025, 0.5, numerator=5, denominator=10),
            Scalar("c", "C", "nombre", 2025, 400),
        ],
    )
    safe = protect_document(doc, THRESHOLD)
    a, b, c = (r.to_json() for r in safe.results)
    assert a["valeur"] is None and a["secret"] is True and a["evolution"] is None
    assert b["valeur"] is None and b["secret"] is True
    assert c["valeur"] == 400 and "secret" not in c
    assert safe.to_json()["secret_statistique"] == {"seuil": 11, "cellules_masquees": 2}
