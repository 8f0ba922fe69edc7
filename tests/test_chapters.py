"""La déclaration des chapitres (issue 11, §2) : chaque ``tout`` produit exactement les
résultats déclarés, dans l'ordre des sections ; les contrôles, les graphiques et les
identifiants connus en viennent."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run, run_json
from gipkit.chapters import STRUCTURES, declared_outputs, section_of


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    out = run("rapport", "--dossier", ROOT / "fixtures", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_chaque_tout_produit_exactement_les_resultats_declares(report: dict[str, Any]) -> None:
    for chapter in report["chapitres"]:
        structure = STRUCTURES[chapter["structure"]]
        produced = [r["id"] for r in chapter["document"]["resultats"]]
        # mêmes résultats, dans l'ordre des sections déclarées
        assert produced == list(structure.result_ids()), structure.key
        kinds = {r["id"]: r["type"] for r in chapter["document"]["resultats"]}
        for output in structure.outputs():
            assert (kinds[output.id] == "tableau") == output.table, output.id


def test_chaque_resultat_declare_une_fois_et_ses_renvois_existent() -> None:
    ids = [o.id for s in STRUCTURES.values() for o in s.outputs()]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    outputs = declared_outputs()
    for output in outputs.values():
        assert output.id.split(".")[0] in STRUCTURES
        for _column, target in output.equals:
            assert output.table and target in outputs and not outputs[target].table
    for structure in STRUCTURES.values():
        for section in structure.sections:
            assert section.outputs, section.title
        for extraction in structure.extractions:
            for prefix in extraction.feeds:  # chaque préfixe vise au moins un résultat
                assert any(i.startswith(prefix) for i in structure.result_ids()), prefix


def test_les_controles_de_coherence_viennent_de_la_declaration(report: dict[str, Any]) -> None:
    from gipkit.checks.consistency import consistency, cross_checks

    declared = cross_checks()
    assert ("serci.heures.par_maitre_ouvrage", "heures", "serci.heures.territoire") in declared
    serci = next(c for c in report["chapitres"] if c["structure"] == "serci")["document"]
    checks = consistency(serci)
    crossed = {c.id for c in checks if c.kind.startswith("= ")}
    assert "serci.heures.par_maitre_ouvrage[Total].heures" in crossed
    assert all(c.ok for c in checks)


def test_le_rapport_suit_les_sections() -> None:
    html = run("rapport", "--dossier", ROOT / "fixtures", "--format", "html").stdout
    position = -1
    for structure in STRUCTURES.values():
        for section in structure.sections:
            found = html.find(f">{section.title}</h3>", position + 1)
            assert found > position, section.title
            position = found
    found = section_of("serci.heures.par_ville")
    assert found is not None and found[1].title == "Les marchés soumis aux clauses"


def test_chaque_calcul_declare_a_sa_fonction_et_ses_extractions() -> None:
    from gipkit.steps import function_of

    for structure in STRUCTURES.values():
        names = {e.name for e in structure.extractions}
        assert structure.steps, structure.key
        for step in structure.steps:
            assert set(step.needs) <= names, (structure.key, step.key)
            assert callable(function_of(step)), step.function


def test_un_tableau_nouveau_est_une_declaration_et_une_fonction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Le ``tout`` (et donc le rapport) suit la déclaration : un calcul et un résultat
    déclarés de plus, et sa fonction, suffisent à ce que le document les contienne, à
    leur place dans les sections."""
    import dataclasses
    import sys
    import types

    from gipkit.chapters import Section, Step, table
    from gipkit.results import Column, Table
    from gipkit.steps import Run

    module = types.ModuleType("gipkit_essai_calcul")

    def heures_par_mois(run: Run) -> None:
        hours = run.shared("nombre", lambda: 12)
        run.add(
            Table(
                "serci.essai.par_mois",
                "Essai",
                run.year or 0,
                [Column("mois", "Mois", "texte"), Column("n", "Nombre")],
                [["janvier", hours]],
            )
        )

    module.heures_par_mois = heures_par_mois  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    serci = STRUCTURES["serci"]
    changed = dataclasses.replace(
        serci,
        sections=(Section("essai", "Essai", (table("serci.essai.par_mois"),)), *serci.sections),
        steps=(
            *serci.steps,
            Step("essai", ("heures",), f"{module.__name__}:heures_par_mois", loads=("nombre",)),
        ),
    )
    monkeypatch.setitem(STRUCTURES, "serci", changed)
    out = run("serci", "tout", "--dossier", ROOT / "fixtures" / "serci", "--format", "json")
    assert out.exit_code == 0, out.output
    ids = [r["id"] for r in json.loads(out.stdout)["resultats"]]
    assert ids[0] == "serci.essai.par_mois"  # première section déclarée
    assert ids[1:] == list(serci.result_ids())


def test_rien_de_calculable_dit_quoi_donner(tmp_path: Any) -> None:
    demandes = ROOT / "fixtures" / "cllaj" / "demandes.csv"
    out = run("cllaj", "tout", "--demandes", demandes, "--dossier", tmp_path)
    assert out.exit_code == 2
    # les plus petits ensembles d'extractions qui donnent un résultat, tirés des calculs
    assert "l'une de : --ateliers, --jeunes, --lrj (ou --dossier" in out.output, out.output
    jeunes = ROOT / "fixtures" / "ml" / "jeunes.csv"
    out = run("ml", "tout", "--jeunes", jeunes, "--dossier", tmp_path)
    # les ateliers ne demandent que les événements : l'activité (jeunes et événements) n'est
    # pas un plus petit ensemble
    wanted = "--demandes, --dispositifs, --evenements, --propositions, --situations (ou"
    assert wanted in out.output, out.output
    # rien du tout dans le dossier : où gipkit a cherché, et quels noms
    empty = run("ml", "tout", "--dossier", tmp_path)
    assert empty.exit_code == 66 and "Aucune extraction trouvée dans" in empty.output
    assert "evenements.csv" in empty.output and "jeunes-2025.csv" in empty.output


def test_tout_prend_sa_premiere_extraction_en_argument() -> None:
    jeunes = ROOT / "fixtures" / "cllaj" / "jeunes.csv"
    by_argument = run("cllaj", "tout", jeunes, "--partiel", "--format", "json")
    by_option = run("cllaj", "tout", "--jeunes", jeunes, "--partiel", "--format", "json")
    assert by_argument.exit_code == 0, by_argument.output
    assert by_argument.stdout == by_option.stdout
    both = run("cllaj", "tout", jeunes, "--jeunes", jeunes)
    assert both.exit_code == 2 and "pas les deux" in both.output


def test_chaque_commande_declaree_a_ses_extractions_en_options() -> None:
    """Les commandes sont engendrées de leurs calculs : chacune a l'argument FICHIER (sa
    première extraction) et une option par extraction qu'elle lit, pas d'autre."""
    import click

    from gipkit.cli import cli

    ctx = click.Context(cli)
    for structure in STRUCTURES.values():
        group = cli.get_command(ctx, structure.key)
        assert isinstance(group, click.Group)
        for command in (*structure.commands, structure.command("tout")):
            needed, others = structure.inputs_of(command.name)
            made = group.get_command(ctx, command.name)
            assert made is not None, (structure.key, command.name)
            options = {o for p in made.params for o in p.opts if o.startswith("--")}
            names = {e.name for e in structure.extractions}
            assert {o[2:] for o in options} & names == {*needed, *others}, command.name
            assert [p.name for p in made.params if isinstance(p, click.Argument)] == ["fichier"]


def test_une_commande_sans_son_extraction_principale_dit_comment_la_donner(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = run("ml", "demandes")
    assert out.exit_code == 66
    assert "« demandes » manquant" in out.output and "en argument" in out.output
    # les autres extractions obligatoires : par leur option ou le dossier
    out = run("ml", "activite", ROOT / "fixtures" / "ml" / "jeunes.csv")
    assert out.exit_code == 66 and "--evenements" in out.output, out.output


def test_une_commande_ne_lit_que_les_colonnes_de_ses_calculs() -> None:
    """``ml situations`` ne lit pas les colonnes de l'emploi (employeur, secteur…), que
    ``ml emploi`` lit : un export sans elles ne manque de rien pour les situations."""
    from gipkit.config import Config
    from gipkit.io.source import ReadOptions
    from gipkit.reports import ml as rep
    from gipkit.steps import Run, run_steps

    path = ROOT / "fixtures" / "ml" / "situations.csv"
    alone = run_steps(
        STRUCTURES["ml"], Run({"situations": path}, Config(), ReadOptions()), "situations"
    )
    wide = run_steps(STRUCTURES["ml"], Run({"situations": path}, Config(), ReadOptions()), "emploi")
    read_alone, read_wide = set(alone.sources[0].found), set(wide.sources[0].found)
    assert not (set(rep.EMPLOYMENT_COLUMNS) - set(rep.SITUATION_COLUMNS)) & read_alone
    assert set(rep.EMPLOYMENT_COLUMNS) <= read_wide | set(wide.sources[0].absent)


@pytest.mark.parametrize("structure", ["ml", "plie", "cllaj", "serci"])
def test_chaque_donnee_chargee_une_fois_et_oubliee_quand_plus_rien_ne_la_lit(
    monkeypatch: pytest.MonkeyPatch, structure: str
) -> None:
    """Run.release oublie une donnée quand aucun calcul restant ne la déclare
    (``Step.loads``) : aucune n'est rechargée (ce qui doublerait le temps sans changer
    les chiffres), et à la fin d'un ``tout`` il n'en reste aucune. Les lectures partagées
    des fichiers (``one_read_per_file``) sont oubliées de même : après chaque calcul, il
    ne reste au plus que celles des extractions qu'un calcul à venir lit (moins celles
    qu'un chargement a reprises, ``taken``)."""
    from gipkit.io import reader
    from gipkit.steps import Run

    loads: Counter[str] = Counter()
    left: list[dict[str, Any]] = []
    reads: list[set[str]] = []
    read_later: list[set[str]] = []
    inner, inner_release = Run.shared, Run.release

    def counting(self: Run, key: str, load: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            loads[key] += 1
            return load()

        return inner(self, key, counted, **kwargs)

    def releasing(self: Run, remaining: Any) -> None:
        during = remaining is self._pending  # au chargement d'une donnée (Run.shared)
        remaining = list(remaining)
        inner_release(self, remaining)
        if during:
            return
        left.append(dict(self._loaded))
        reads.append({Path(key[0]).name for key in reader._SHARED.get() or {}})
        later = {n for s in remaining for n in (*s.needs, *s.uses)}
        read_later.append({p.name for n, p in self.paths.items() if p and n in later})

    monkeypatch.setattr(Run, "shared", counting)
    monkeypatch.setattr(Run, "release", releasing)
    out = run(structure, "tout", "--dossier", ROOT / "fixtures" / structure, "--format", "json")
    assert out.exit_code == 0, out.output
    assert loads and all(n == 1 for n in loads.values()), loads
    assert left[-1] == {}
    # le SERCI n'a qu'une extraction, reprise par son chargement : aucune lecture
    # partagée ne lui survit
    assert reads[0] or structure == "serci", "aucune lecture partagée"
    assert all(r <= later for r, later in zip(reads, read_later, strict=True)), reads
    assert reads[-1] == set()
    if structure == "ml":  # les ateliers, derniers, ne gardent pas l'activité en mémoire
        assert "activite" not in left[-2]
        assert reads[-2] == {"evenements.csv"}
    if structure == "cllaj":
        # l'activité reprend les extractions datées : leurs lectures sont oubliées dès
        # qu'elle est chargée, bien que le profil et les ressources par demande, à venir,
        # déclarent lire les demandes (par l'activité)
        assert "demandes.csv" in read_later[1]
        assert not {"demandes.csv", "propositions.csv", "relogements.csv"} & reads[1]
        # les jeunes aussi, que les calculs à venir ne lisent que par l'activité, et que
        # les ressources, qui les lisent autrement, ont lus avant elle
        assert "jeunes.csv" in read_later[1] and "jeunes.csv" not in reads[1]


@pytest.mark.parametrize("structure", ["ml", "plie", "cllaj", "serci"])
def test_chaque_calcul_declare_les_donnees_qu_il_lit(
    monkeypatch: pytest.MonkeyPatch, structure: str
) -> None:
    """``Step.loads`` est exact : chaque calcul d'un ``tout`` sur les fixtures (toutes les
    extractions là) demande toutes les données chargées qu'il déclare, et rien d'autre.
    Une donnée non déclarée serait oubliée trop tôt (rechargée par le calcul suivant qui
    la lit), une donnée déclarée en trop gardée en mémoire pour rien."""
    from gipkit import steps
    from gipkit.chapters import STRUCTURES

    asked: dict[str, set[str]] = {}
    current: list[str] = []
    inner_function, inner_shared = steps.function_of, steps.Run.shared

    def function_of(step: Any) -> Any:
        function = inner_function(step)

        def traced(run: Any) -> None:
            current.append(step.key)
            asked.setdefault(step.key, set())
            try:
                function(run)
            finally:
                current.pop()

        return traced

    def shared(self: Any, key: str, load: Any, **kwargs: Any) -> Any:
        asked[current[-1]].add(key)
        return inner_shared(self, key, load, **kwargs)

    monkeypatch.setattr(steps, "function_of", function_of)
    monkeypatch.setattr(steps.Run, "shared", shared)
    run_json(structure, "tout", "--dossier", ROOT / "fixtures" / structure)
    declared = {s.key: set(s.loads) for s in STRUCTURES[structure].steps}
    assert asked == declared


def test_un_calcul_prevu_et_non_fait_est_dit(tmp_path: Any) -> None:
    """Une commande autre que ``tout`` dit le calcul qu'elle n'a pas fait faute d'une
    extraction facultative (avertissement, sortie d'erreur et JSON), sauf si une option
    la remplace : la file d'attente saisie remplace les pré-inscriptions."""
    import shutil

    shutil.copy(ROOT / "fixtures" / "plie" / "participants.csv", tmp_path / "participants.csv")
    alone = run_json("plie", "participants", tmp_path / "participants.csv")
    said = [w for w in alone["avertissements"] if "« attente » non fait" in w]
    assert said and "--preinscriptions" in said[0]
    typed = run_json("plie", "participants", tmp_path / "participants.csv", "--file-attente", "21")
    assert not [w for w in typed["avertissements"] if "non fait" in w]
    both = run_json("plie", "participants", "--dossier", ROOT / "fixtures" / "plie")
    assert not [w for w in both["avertissements"] if "non fait" in w]
