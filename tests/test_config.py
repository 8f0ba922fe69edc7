"""Configuration ``gipkit.toml`` : valeurs par défaut, erreurs nommant la clé, bornes.

Les tables sont des dataclasses de la bibliothèque standard ; un fichier dont chaque
valeur a le type de sa clé est construit directement, pydantic convertit ou refuse le
reste. Ces tests tiennent les chemins (fichier par pydantic, fichier construit
directement, construction en Python), leur accord, et le démarrage sans pydantic.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit.config import (
    Config,
    InvalidKey,
    Limits,
    MlSettings,
    Parameters,
    PovertyThreshold,
    SerciSettings,
    _validator,
    parse_config,
    plain_config,
)
from gipkit.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SERCI_CSV = ROOT / "fixtures" / "serci" / "heures-insertion-2020-2025.csv"


def _errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as err:
        parse_config(data, origin="test.toml")
    assert "test.toml" in err.value.message
    return list(err.value.details)


def _bounded_keys() -> list[tuple[tuple[str, ...], str, Any, type]]:
    """(chemin de la table, borne, limite, type) de chaque clé bornée d'une table simple."""
    out = []
    tables: list[tuple[tuple[str, ...], Any]] = [((), Config())]
    while tables:
        path, table = tables.pop()
        for spec in dataclasses.fields(table):
            value = getattr(table, spec.name)
            if dataclasses.is_dataclass(value):
                tables.append(((*path, spec.name), value))
            for bound in ("gt", "ge", "le"):
                if bound in spec.metadata:
                    kind = float if "float" in str(spec.type) else int
                    out.append(((*path, spec.name), bound, spec.metadata[bound], kind))
    return sorted(out, key=repr)


BOUNDED = _bounded_keys()


def _nested(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data: Any = value
    for part in reversed(path):
        data = {part: data}
    return dict(data)


def test_valeurs_par_defaut_sans_fichier() -> None:
    config = parse_config({}, origin="vide")
    assert config == Config()
    assert config.parametres.heures_par_etp == 1607
    assert sorted(config.parametres.seuils_pauvrete) == [2024, 2025]


def test_les_bornes_sont_declarees() -> None:
    """Le test des bornes ci-dessous porte bien sur les clés du modèle (pas sur une liste
    vide) : une vingtaine de clés bornées, dont celles que le rapport emploie."""
    keys = {".".join(path) for path, *_ in BOUNDED}
    assert len(BOUNDED) >= 20
    assert {"parametres.heures_par_etp", "limites.annee_min", "ml.duree_durable_mois"} <= keys


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(BOUNDED), excess=st.integers(min_value=1, max_value=10_000))
def test_une_valeur_hors_bornes_nomme_la_cle_sans_la_valeur(
    case: tuple[tuple[str, ...], str, Any, type], excess: int
) -> None:
    """Toute clé bornée : une valeur au-delà est refusée par le fichier (message qui nomme
    la clé, jamais la valeur lue) comme par la construction directe ; la borne elle-même
    (si elle est incluse) est acceptée telle quelle."""
    path, bound, limit, kind = case
    outside = limit + excess if bound == "le" else limit - excess
    if bound == "gt":
        outside = limit - (excess - 1)  # la limite elle-même est exclue
    value = kind(outside)
    details = _errors(_nested(path, value))
    key = ".".join(path)
    assert any(d.startswith(f"clé `{key}` : doit") for d in details), details
    # la valeur lue, en nombre entier (non « 198 » dans la borne « 1980 »)
    written = re.compile(rf"(?<![\d.]){re.escape(str(value))}(?![\d.])")
    assert not any(written.search(d.split(" : ", 1)[1]) for d in details if str(value) != "0")
    table_path, name = path[:-1], path[-1]
    table_type = type(_walk(Config(), table_path))
    with pytest.raises(InvalidKey) as err:
        table_type(**{name: value})
    assert err.value.key == name
    if bound != "gt":
        table = {name: kind(limit), **_COMPANIONS.get(path, {})}
        accepted = parse_config(_nested(table_path, table), origin="test")
        assert getattr(_walk(accepted, table_path), name) == limit


#: clés à donner avec la borne d'une autre pour que la table reste cohérente
_COMPANIONS: dict[tuple[str, ...], dict[str, Any]] = {
    ("limites", "annee_max"): {"annee_min": 1000},
    ("limites", "annee_min"): {"annee_max": 9999},
}


def _walk(table: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        table = getattr(table, part)
    return table


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"serci": {"inconnue": 1}}, "clé `serci.inconnue` : clé inconnue"),
        ({"inconnue": {"x": 1}}, "clé `inconnue` : clé inconnue"),
        (
            {"serci": {"annee_des_contrats": "vente"}},
            "clé `serci.annee_des_contrats` : valeur attendue : 'signature' ou 'activite'",
        ),
        ({"parametres": {"heures_par_etp": "beaucoup"}}, "heures_par_etp` : nombre attendu"),
        ({"ml": {"duree_durable_mois": 6.5}}, "clé `ml.duree_durable_mois` : nombre entier"),
        ({"ml": "oui"}, "clé `ml` : table attendue"),
        ({"exercice": "deux"}, "clé `exercice` : nombre entier attendu"),
        # TOML admet inf et nan : un ETP de inf heures donnait 0 ETP sans un mot
        ({"parametres": {"heures_par_etp": float("inf")}}, "etp` : nombre fini attendu"),
        ({"parametres": {"heures_par_etp": float("nan")}}, "etp` : nombre fini attendu"),
        ({"limites": {"taille_max_mo": float("inf")}}, "taille_max_mo` : nombre fini"),
        ({"serci": {"communes_voisines": "x"}}, "clé `serci.communes_voisines` : table attendue"),
        (
            {"serci": {"categories_commanditaires": {"Aménageurs": {"secteur": "public"}}}},
            "clé `serci.categories_commanditaires.Aménageurs.maitres_ouvrage` : clé obligatoire",
        ),
        (
            {
                "serci": {
                    "categories_commanditaires": {
                        "Aménageurs": {"secteur": "public", "maitres_ouvrage": []}
                    }
                }
            },
            "maitres_ouvrage` : doit avoir au moins 1 élément",
        ),
        (
            {"parametres": {"seuils_pauvrete": {"2026": {"montant": -5}}}},
            "clé `parametres.seuils_pauvrete.2026.montant` : doit être supérieur à 0",
        ),
        (
            {"limites": {"annee_min": 2000, "annee_max": 1999}},
            "clé `limites.annee_min` : doit être inférieure ou égale à annee_max",
        ),
        (
            {"serci": {"tranches_age": [30, 26]}},
            "clé `serci.tranches_age` : les bornes doivent être croissantes et non vides",
        ),
        ({"serci": {"tranches_age": []}}, "clé `serci.tranches_age` : les bornes"),
        (
            {"cllaj": {"tranches_revenus": [2300, 1800]}},
            "clé `cllaj.tranches_revenus` : les bornes doivent être croissantes",
        ),
        ({"plie": {"tranches_age": [26, 26]}}, "clé `plie.tranches_age` : les bornes"),
        (
            {"nombres": {"serci.heures": {"heures": "1.234,50"}}},
            "clé `nombres.serci.heures.heures` : valeur attendue : '1.234,5'",
        ),
        (
            {"nombres": {"serci.heures": {"annee": "1.234,5"}}},
            "clé `nombres.serci.heures.annee` : pas une colonne de nombres décimaux de "
            "l'export (colonnes de nombres : heures)",
        ),
        ({"nombres": {"serci": {"heures": "1.234,5"}}}, "clé `nombres.serci` : export inconnu"),
    ],
)
def test_erreurs_en_francais_nommant_la_cle(data: dict[str, Any], expected: str) -> None:
    details = _errors(data)
    assert any(expected in d for d in details), details
    assert not any("Input should" in d or "Value error" in d for d in details)


def test_toutes_les_erreurs_d_un_fichier_ensemble() -> None:
    details = _errors({"parametres": {"heures_par_etp": -1}, "serci": {"inconnue": 1}})
    assert len(details) == 2


def test_construction_directe_verifiee() -> None:
    """Un appel Python (API, tests) tient les mêmes règles qu'un fichier."""
    with pytest.raises(InvalidKey, match="au moins 1000"):
        Limits(annee_min=5)
    with pytest.raises(InvalidKey, match="inférieure ou égale"):
        Limits(annee_min=2050, annee_max=2000)
    with pytest.raises(InvalidKey, match="croissantes"):
        SerciSettings(tranches_age=[41, 26])
    with pytest.raises(InvalidKey, match="supérieur à 0"):
        PovertyThreshold(montant=0)
    assert dataclasses.replace(MlSettings(), recruteurs_min_contrats=11).recruteurs_min_contrats
    with pytest.raises(InvalidKey):
        dataclasses.replace(MlSettings(), recruteurs_min_contrats=0)


def test_tables_figees() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().limites.annee_min = 1  # type: ignore[misc]


def test_seuils_declares_completent_les_seuils_connus() -> None:
    config = parse_config(
        {"parametres": {"seuils_pauvrete": {"2026": {"montant": 1320}, "2024": {"montant": 1}}}},
        origin="test",
    )
    thresholds = config.parametres.seuils_pauvrete
    assert list(thresholds) == [2024, 2025, 2026]  # clés du TOML en entiers, triées
    assert thresholds[2024].montant == 1 and thresholds[2025].montant == 1288
    assert thresholds[2026] == PovertyThreshold(montant=1320.0)
    assert Parameters(seuils_pauvrete={}) == Parameters()


def test_configuration_affichee_se_relit_a_l_identique(tmp_path: Path) -> None:
    """`gipkit config` (TOML et JSON) redonne la configuration dont il part."""
    from click.testing import CliRunner

    from gipkit.cli import cli

    written = tmp_path / "choisie.toml"  # pas gipkit.toml : le dossier courant le lirait
    written.write_text(
        '[serci]\nannee_des_contrats = "activite"\ntranches_age = [25, 45]\n'
        '[serci.categories_commanditaires."Aménageurs"]\nsecteur = "public"\n'
        'maitres_ouvrage = ["SADEV*"]\n[parametres.seuils_pauvrete.2026]\nmontant = 1320\n',
        encoding="utf-8",
    )
    expected = parse_config(tomllib.loads(written.read_text("utf-8")), origin="test")
    runner = CliRunner()
    shown = runner.invoke(cli, ["--config", str(written), "config"])
    assert shown.exit_code == 0, shown.output
    assert parse_config(tomllib.loads(shown.stdout), origin="affichée") == expected
    as_json = runner.invoke(cli, ["--config", str(written), "config", "--format", "json"])
    doc = json.loads(as_json.stdout)["configuration"]
    assert parse_config(doc, origin="json") == expected
    default = runner.invoke(cli, ["config"])
    assert parse_config(tomllib.loads(default.stdout), origin="défaut") == Config()


def _modules_after(args: list[str], cwd: Path) -> set[str]:
    script = (
        "import sys\n"
        "from gipkit.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=True
    )
    return set(out.stderr.rsplit("MODULES ", 1)[1].split())


def test_une_commande_sans_fichier_de_configuration_n_importe_pas_pydantic(
    tmp_path: Path,
) -> None:
    """Démarrage : sans gipkit.toml, ni pydantic ni rich ni xlsxwriter (≈ 80 ms de moins
    par commande, docs/performance-journal.md) ; un fichier correct est construit sans pydantic ;
    une valeur à convertir ou fausse fait appel à lui."""
    args = ["serci", "heures", str(SERCI_CSV), "--par-maitre-ouvrage"]
    modules = _modules_after(args, tmp_path)
    assert "gipkit.config" in modules and "polars" in modules
    assert not {"pydantic", "rich", "xlsxwriter"} & modules
    shutil.copy(ROOT / "fixtures" / "gipkit.toml", tmp_path / "gipkit.toml")
    assert "pydantic" not in _modules_after(args, tmp_path)
    (tmp_path / "gipkit.toml").write_text('[parametres]\nheures_par_etp = "1600"\n', "utf-8")
    assert "pydantic" in _modules_after(args, tmp_path)


def _toml_files() -> list[Path]:
    return sorted([*ROOT.glob("fixtures/**/gipkit.toml"), *ROOT.glob("examples/**/gipkit.toml")])


@pytest.mark.parametrize("path", _toml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_les_fichiers_livres_sont_construits_sans_pydantic_et_a_l_identique(path: Path) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    plain = plain_config(data)
    assert plain is not None
    # repr : 1600 et 1600.0 sont égaux pour ==, pas pour la configuration affichée
    assert repr(plain) == repr(_validator().validate_python(data))


def test_le_fichier_de_gipkit_init_est_construit_sans_pydantic(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gipkit.cli import cli

    out = CliRunner().invoke(cli, ["init", str(tmp_path / "exercice")])
    assert out.exit_code == 0, out.output
    data = tomllib.loads((tmp_path / "exercice" / "gipkit.toml").read_text("utf-8"))
    assert repr(plain_config(data)) == repr(_validator().validate_python(data))


def _leaf_keys(cls: type, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    for spec in dataclasses.fields(cls):
        default = getattr(cls(), spec.name)
        if dataclasses.is_dataclass(default):
            keys += _leaf_keys(type(default), (*prefix, spec.name))
        else:
            keys.append((*prefix, spec.name))
    return keys


LEAVES = _leaf_keys(Config)
SCALARS = st.one_of(
    st.integers(-5, 3000),
    st.floats(-10, 3000, allow_nan=False),
    st.booleans(),
    st.sampled_from(["", "1600", "2025", "public", "prive", "signature", "activite", "a"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["2025", "02025", "Ivry", "x", "montant"]), inner, max_size=3
        ),
    ),
    max_leaves=8,
)


def _default_of(key: tuple[str, ...]) -> Any:
    value: Any = Config()
    for part in key:
        value = getattr(value, part)
    return _as_toml(value)


def _as_toml(value: Any) -> Any:
    """Une valeur comme un fichier TOML l'écrit : tables en dictionnaires à clés texte."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _as_toml(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _as_toml(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_toml(v) for v in value]
    return value


def _twins(value: Any) -> list[Any]:
    """La valeur par défaut écrite autrement : un autre type, que pydantic peut convertir
    ou refuser, et que la voie directe doit lui laisser."""
    if isinstance(value, bool):
        return [int(value), str(value).lower()]
    if isinstance(value, int):
        return [True, False, float(value), value + 0.5, str(value)]
    if isinstance(value, float):
        return [int(value), True, str(value)]
    if isinstance(value, str):
        return [1, True, [value]]
    if isinstance(value, list):
        return [[*value, True], [*value, 1.5], [*value, "x"], [], value[:1]]
    if isinstance(value, dict):
        others: list[Any] = [{}, {"2025": 1}, {"x": [True]}]
        if value:  # une clé d'année écrite autrement (chiffres arabes-indiens, zéro, espace)
            key, item = next(iter(value.items()))
            others += [{"٢٠٢٥": item}, {"0" + key: item}, {" " + key: item}, {"²": item}]
        return others
    return []


def _value_for(key: tuple[str, ...]) -> st.SearchStrategy[tuple[tuple[str, ...], Any]]:
    default = _default_of(key)
    return st.tuples(
        st.just(key), st.one_of(st.just(default), st.sampled_from(_twins(default) or [0]), VALUES)
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LEAVES).flatmap(_value_for), min_size=1, max_size=3))
def test_construction_directe_et_pydantic_donnent_la_meme_configuration(
    entries: list[tuple[tuple[str, ...], Any]],
) -> None:
    """Sans pydantic, une configuration n'est construite que si pydantic donnerait
    exactement la même ; tout ce que pydantic refuse, la voie directe le lui laisse."""
    data: dict[str, Any] = {}
    for key, value in entries:
        table = data
        for part in key[:-1]:
            table = table.setdefault(part, {})
        table[key[-1]] = value
    from pydantic import ValidationError

    plain = plain_config(data)
    try:
        checked = _validator().validate_python(data)
    except ValidationError:
        assert plain is None
        return
    assert plain is None or repr(plain) == repr(checked)


@pytest.mark.parametrize(
    "data",
    [
        {"parametres": {"heures_par_etp": 1600}},
        {"parametres": {"seuils_pauvrete": {"2026": {"montant": 1300, "source": "Insee"}}}},
        {
            "ml": {
                "groupes_niveaux": [{"code": "a", "libelle": "A", "niveaux": ["x"], "seuil": 0.5}]
            }
        },
        {
            "serci": {
                "categories_commanditaires": {
                    "X": {"secteur": "public", "maitres_ouvrage": ["SADEV 94"]}
                }
            }
        },
        {"plie": {"annee_creation": 2004}, "exercice": 2025, "nom": "GIP"},
        {"cllaj": {"lrj_places": {"R": 25}, "tranches_revenus": [500, 1000.5]}},
        {"nombres": {"cllaj.jeunes": {"ressources": "1.234,5"}}},
    ],
)
def test_valeurs_du_bon_type_construites_sans_pydantic(data: dict[str, Any]) -> None:
    plain = plain_config(data)
    assert plain is not None and repr(plain) == repr(_validator().validate_python(data))


@pytest.mark.parametrize(
    "data",
    [
        {"parametres": {"heures_par_etp": "1600"}},
        {"parametres": {"heures_par_etp": True}},
        {"ml": {"secteurs_tete": True}},
        {"ml": {"secteurs_tete": 3.0}},
        {"publication": {"secret_statistique": 1}},
        {"parametres": {"seuils_pauvrete": {"٢٠٢٥": {"montant": 1300}}}},
        {"parametres": {"seuils_pauvrete": {"02025": {"montant": 1300}}}},
        {"parametres": {"seuils_pauvrete": {" 2025": {"montant": 1300}}}},
        {"serci": {"inconnue": 1}},
        {"limites": {"annee_min": 2030, "annee_max": 2020}},
    ],
)
def test_une_valeur_a_convertir_ou_fausse_est_laissee_a_pydantic(data: dict[str, Any]) -> None:
    """Tout ce qui n'est pas exactement du type de sa clé (ou hors de ses bornes) passe
    par pydantic, qui le convertit comme il l'a toujours fait ou le refuse en nommant la
    clé."""
    assert plain_config(data) is None


@pytest.mark.parametrize("structure", ["ml", "plie", "serci", "cllaj"])
def test_chaque_convention_nommee_est_dans_les_parametres_du_document(structure: str) -> None:
    """Une convention nommée (un réglage à choix : ``serci.annee_des_contrats``,
    ``ml.annee_allocations``…) change des chiffres : le document de ``tout`` la dit dans
    ses ``parametres``, pour que deux documents faits sous deux conventions se
    reconnaissent. Avant, trois ne l'étaient que dans la note de leurs tableaux."""
    import typing

    from conftest import run_json

    settings_type = {f.name: f.type for f in dataclasses.fields(Config)}[structure]
    section = typing.get_type_hints(getattr(sys.modules["gipkit.config"], settings_type))
    conventions = [k for k, t in section.items() if typing.get_origin(t) is typing.Literal]
    assert conventions  # chaque structure en a
    doc = run_json(structure, "tout", "--dossier", ROOT / "fixtures" / structure)
    assert [k for k in conventions if k not in doc["parametres"]] == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[parametres\nheures_par_etp = 1600\n", "ligne 1, colonne 12 : « ] » attendu"),
        ("[parametres]\nheures_par_etp = beaucoup\n", "ligne 2, colonne 18 : valeur invalide"),
        ("[ml]\n[ml]\n", "ligne 2, colonne 4 : la table [ml] est déclarée deux fois"),
        ('dossier = "C:\\Exports"\n', "ligne 1, colonne 16 : « \\ » seul dans un texte"),
        ('nom = "GIP\n', "ligne 1, colonne 11 : texte non refermé avant la fin de la ligne"),
    ],
)
def test_toml_invalide_dit_ou_et_quoi_en_francais(tmp_path: Path, text: str, said: str) -> None:
    """Le message de l'analyseur TOML de Python est en anglais (« Expected ']' at the end
    of a table declaration (at line 1, column 12) ») : gipkit le dit en français, avec
    la ligne et la colonne, pour la configuration comme pour les règles de verifier."""
    from conftest import SERCI_CSV, run

    broken = tmp_path / "g.toml"
    broken.write_text(text, encoding="utf-8")
    out = run("--config", broken, "serci", "heures", SERCI_CSV)
    assert out.exit_code == 78 and f"{broken} : TOML invalide, {said}" in out.stderr
    assert not re.search(r"\b(Expected|Invalid|Unterminated|Cannot|at line)\b", out.stderr)
    doc = tmp_path / "d.json"
    doc.write_text(run("serci", "heures", SERCI_CSV, "--format", "json").stdout, "utf-8")
    out = run("verifier", doc, "--regles", broken)
    assert out.exit_code == 78 and f"TOML invalide, {said}" in out.stderr
