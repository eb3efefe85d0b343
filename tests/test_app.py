"""The dashboard without a browser (Streamlit's AppTest): every page renders in both languages,
shows the engine's figures formatted for the language, and turns an empty database, a database
without its parts folder and a busy database into a message, never a traceback. The first start
on an empty default database loads the shipped demo dataset."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import measures
from analytics import store as store_module
from analytics.bootstrap import DEMO_DIR, load_demo, needs_demo
from analytics.catalog import filter_values
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def strict_strings(monkeypatch):
    """A page asking for a string that does not exist fails the test instead of showing the key."""
    monkeypatch.setenv("CHURN_STRICT_STRINGS", "1")


@pytest.fixture
def default_db(tmp_path, monkeypatch):
    """Point the embedded default database at a temporary file."""
    path = tmp_path / "churn.duckdb"
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


@pytest.fixture
def team_db(tmp_path, monkeypatch):
    """A database named by DATABASE_URL (never filled with the demo by itself)."""
    path = tmp_path / "team.duckdb"
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", tmp_path / "default.duckdb")
    monkeypatch.setenv("DATABASE_URL", f"duckdb:///{path}")
    return Store(f"duckdb:///{path}")


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _set_language(at: AppTest, lang: str) -> AppTest:
    switch = at.sidebar.segmented_control[0]
    switch.set_value(lang)
    return _run(at)


@pytest.mark.quick
def test_first_start_loads_demo_into_empty_default_db(default_db):
    store = Store()
    assert store.path == default_db
    assert needs_demo(store)
    load_demo(store)
    counts = store.counts()
    truth = json.loads((DEMO_DIR / "truth.json").read_text(encoding="utf-8"))
    demo_rows = truth["counts"]["interactions"]
    assert counts["customers"] == 5000
    assert counts["interactions"] == demo_rows
    assert not needs_demo(store)


@pytest.mark.quick
def test_demo_is_never_loaded_into_another_database(tmp_path, monkeypatch, default_db):
    other = Store(f"duckdb:///{tmp_path / 'team.duckdb'}")
    other.create_all()
    assert not needs_demo(other)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo dataset loaded once for the run with every report the pages read kept in the
    database (labels, rollup, attribution, survival curves: what the refresh worker keeps after an
    upload); tests get a copy, and a page finds its reports instead of waiting for a worker.

    Under pytest-xdist the workers share it: the first to ask builds it in the run's common
    temporary folder while holding a lock, the others wait for it instead of building their own.
    """
    import fcntl

    from models.report import refresh

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # every worker's base folder sits in the run's folder
    folder = root / "demo_template"
    path = folder / "churn.duckdb"
    with open(root / "demo_template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            folder.mkdir(exist_ok=True)
            store = Store(f"duckdb:///{path}")
            load_demo(store)
            refresh(store, Scope())
            store.dispose()
            (folder / "built").touch()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch) -> Path:
    """A copy of the demo database as the embedded default."""
    import shutil

    from analytics.parts import parts_dir

    path = tmp_path / "churn.duckdb"
    shutil.copy(demo_template, path)
    if parts_dir(demo_template).exists():
        shutil.copytree(parts_dir(demo_template), parts_dir(path))
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.slow
def test_first_start_loads_the_demo_and_answers_first(default_db):
    """An empty default database: the demo loads, labels and the attribution run behind the
    progress bar, and the page opens on the answer."""
    at = _run(AppTest.from_file(APP, default_timeout=180))
    assert Store().counts()["customers"] == 5000
    assert "of the churn in the window traces to **attitude and process** failures" in _markdown(at)
    assert {m.label: m.value for m in at.metric}["Customers"] == "5,000"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_pages_render_in_both_languages(demo_db, lang):
    at = _run(AppTest.from_file(APP, default_timeout=120))
    _set_language(at, lang)
    titles = {"en": "Customer-loss analytics", "es": "Analítica de pérdida de clientes"}
    assert any(titles[lang] in t.value for t in at.title)
    values = {m.label: m.value for m in at.metric}
    customers = {"en": "Customers", "es": "Clientes"}[lang]
    assert values[customers] == {"en": "5,000", "es": "5.000"}[lang]
    # The monthly churn rate is labelled as what it is, and written the language's way.
    rate = values[{"en": "Monthly churn rate", "es": "Tasa de bajas mensual"}[lang]]
    assert rate.endswith("\u00a0%") if lang == "es" else rate.endswith("%")
    assert ("," in rate) == (lang == "es")
    said = {"en": "What leaving customers said", "es": "Lo que dijeron los clientes al irse"}[lang]
    assert said in _markdown(at)
    brief = {"en": "Download the brief (HTML)", "es": "Descargar el informe (HTML)"}[lang]
    assert brief in [b.proto.label for b in at.get("download_button")]
    assert len(at.get("plotly_chart")) == 3
    at.switch_page("pages/uploads.py")
    _run(at)
    assert len(at.dataframe) >= 1
    assert at.selectbox[0].label == {"en": "Upload", "es": "Carga"}[lang]


@pytest.mark.slow
def test_the_headline_is_the_command_lines_estimate(demo_db):
    """The page and ``python -m analytics attribute --json`` show the same fit (kept in the
    database once per data version)."""
    from tests.conftest import run_cli

    at = _run(AppTest.from_file(APP, default_timeout=120))
    done = run_cli("attribute", "--db", f"duckdb:///{demo_db}", "--json")
    assert done.returncode == 0, done.stderr
    shares = json.loads(done.stdout)["attributable_share"]
    service, commercial = shares["attitude_and_process"], shares["price_and_quality"]
    text = _markdown(at)
    pct = lambda x: f"{100 * x:.1f}%"  # noqa: E731
    assert f"**{pct(service['estimate'])}** of the churn" in text
    assert f"interval {pct(service['low'])[:-1]}–{pct(service['high'])})" in text
    assert f"**{pct(commercial['estimate'])}**" in text
    unrelated = 1 - shares["all_failures"]["estimate"]
    assert f"**{pct(unrelated)}**" in text
    # how far the stated reasons can still move: the leavers whose reason no one has checked and
    # the model read under 90 %, the same figure as the command line's
    unsure = json.loads(done.stdout)["stated_unsure"]
    assert unsure > 0  # the demo's exit reasons include ones the model is unsure of
    assert f"**{100 * unsure:.0f}% of the customers who left** gave a reason the model read" in text


@pytest.mark.slow
def test_overview_shows_the_engine_figures_for_the_chosen_filters(demo_db):
    at = _run(AppTest.from_file(APP, default_timeout=120))
    store = Store()
    chosen = filter_values(store)["segment"][0]
    at.sidebar.multiselect(key="segment").set_value([chosen])
    _run(at)
    head = measures.overview(store, Scope(segment=(chosen,)))
    values = {m.label: m.value for m in at.metric}
    assert values["Customers"] == f"{head['customers']:,}"
    assert values["Active customers"] == f"{head['customers'] - head['churned']:,}"
    assert any(chosen in c.value for c in at.caption)
    # The answer is the segment's, read from the fit on every customer (no refit): the engine's.
    from models.report import attribution_report

    sub = attribution_report(store, Scope()).subgroup(Scope(segment=(chosen,)).resolved(store))
    service = sub.attributable_share.loc["attitude_and_process", "estimate"]
    assert f"**{100 * service:.1f}%**" in _markdown(at)
    assert any("read from the model fitted on every customer" in i.value for i in at.info)
    for tile, name in (("Recovery rate", "recovery_rate"), ("Failures per 100 contacts", "failures_per_100")):
        if hasattr(measures, name):
            assert values[tile] != "–"
        else:  # the measure is not in the engine yet: the tile says so instead of a number
            assert values[tile] == "–"


@pytest.mark.slow
def test_database_without_its_parts_folder_says_so_in_the_page(demo_db):
    import shutil

    from analytics.parts import parts_dir

    default_db = demo_db
    shutil.rmtree(parts_dir(default_db))
    at = _run(AppTest.from_file(APP, default_timeout=120))
    assert any(str(parts_dir(default_db)) in e.value and "is missing" in e.value for e in at.error)


@pytest.mark.quick
@pytest.mark.parametrize("lang", ["en", "es"])
def test_empty_database_opens_the_start_page(team_db, lang):
    team_db.create_all()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    _run(at)
    assert any({"en": "No data yet", "es": "Aún no hay datos"}[lang] in h.value for h in at.header)
    assert any("python -m analytics ingest" in c.value for c in at.code)
    assert (
        at.button[0].label == {"en": "Load the demo dataset", "es": "Cargar los datos de demostración"}[lang]
    )
    at.switch_page("pages/uploads.py")
    _run(at)
    assert any({"en": "No uploads yet.", "es": "Aún no hay cargas."}[lang] in i.value for i in at.info)


@pytest.mark.slow
def test_the_start_page_loads_the_demo_on_request(team_db):
    team_db.create_all()
    at = _run(AppTest.from_file(APP, default_timeout=120))
    at.button[0].click()
    _run(at)
    assert team_db.counts()["customers"] == 5000
    values = {m.label: m.value for m in at.metric}
    assert values["Customers"] == "5,000"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_one_customer_in_one_month_says_too_little_to_chart(team_db, tmp_path):
    customers = _write(
        tmp_path / "c.csv",
        "customer_id,start_date,end_date,segment,plan,region,monthly_revenue\n"
        "C1,2024-02-01,2024-02-20,pyme,basic,norte,10\n",
    )
    ingest_files(team_db, customers_path=customers)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    _run(at)
    values = {m.label: m.value for m in at.metric}
    assert values["Clientes"] == "1"
    assert not at.get("plotly_chart")
    assert any("muy pocos datos" in i.value for i in at.info)
    # No failure, no churn to attribute: said in Spanish, with the engine's reason under details.
    assert any("No se pudo calcular la atribución de las bajas" in w.value for w in at.warning)
    at.switch_page("pages/survival.py")
    _run(at)
    assert any("menos de 10 clientes para seguir" in i.value for i in at.info)
    at.switch_page("pages/attribution.py")
    _run(at)
    assert any("No se pudo calcular la atribución de las bajas" in w.value for w in at.warning)
    assert any("No failure is labelled" in x.value for x in at.get("text"))


@pytest.mark.quick
def test_busy_database_gives_a_message_not_a_traceback(team_db, monkeypatch):
    from analytics.store import StoreBusy

    team_db.create_all()

    def busy(self):
        raise StoreBusy("held by another process")

    monkeypatch.setattr(Store, "data_version", busy)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    _run(at)
    assert any("Otro proceso está actualizando" in w.value for w in at.warning)


def test_language_comes_from_the_link(team_db, tmp_path):
    customers = _write(
        tmp_path / "c.csv",
        "customer_id,start_date,end_date\n"
        + "".join(f"C{i},2024-01-{1 + i % 28:02d},\n" for i in range(1200))
        + "".join(f"D{i},2024-01-01,2024-{2 + i % 10:02d}-15\n" for i in range(300)),
    )
    ingest_files(team_db, customers_path=customers)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    _run(at)
    assert at.sidebar.segmented_control[0].value == "es"
    values = {m.label: m.value for m in at.metric}
    assert values["Clientes"] == "1.500"
    assert at.get("plotly_chart")
    # The chart's month labels are written in Spanish (plotly would write "Jan 2024").
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["x"][0] == "ene 2024"
    assert spec["layout"]["separators"] == ",."
    # Complete months only: the as-of date (the last end date, 15 Nov) cuts November.
    assert Scope().resolved(team_db).as_of == date(2024, 11, 15)
    assert spec["data"][0]["x"][-1] == "oct 2024"
    assert len(spec["data"][0]["x"]) == 10


@pytest.mark.postgres
def test_pages_on_postgresql(tmp_path, monkeypatch):
    """The same pages on a team's PostgreSQL: the start page when empty, then the figures."""
    from tests.conftest import _fresh_postgres_store

    store = _fresh_postgres_store()
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", tmp_path / "default.duckdb")
    monkeypatch.setenv("DATABASE_URL", store.url)
    at = _run(AppTest.from_file(APP, default_timeout=60))
    assert any("No data yet" in h.value for h in at.header)
    customers = _write(
        tmp_path / "c.csv",
        "customer_id,start_date,end_date\n"
        + "".join(f"C{i},2024-01-01,{'2024-03-10' if i % 4 == 0 else ''}\n" for i in range(1234)),
    )
    ingest_files(store, customers_path=customers)
    _set_language(at, "es")
    values = {m.label: m.value for m in at.metric}
    assert values["Clientes"] == "1.234"
    assert values["Clientes activos"] == "925"
    at.switch_page("pages/uploads.py")
    _run(at)
    assert len(at.dataframe) == 1
    store.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_attribution_page(demo_db, lang):
    from models.report import attribution_report

    at = _run(AppTest.from_file(APP, default_timeout=120))
    _set_language(at, lang)
    at.switch_page("pages/attribution.py")
    _run(at)
    assert any({"en": "Attribution", "es": "Atribución"}[lang] == t.value for t in at.title)
    report = attribution_report(Store(), Scope())
    service = report.attributable_share.loc["attitude_and_process", "estimate"]
    shown = f"{100 * service:.1f}".replace(".", "," if lang == "es" else ".")
    assert shown in _markdown(at)
    assert len(at.get("plotly_chart")) == 3
    assert len(at.dataframe) == 2
    labels = [b.proto.label for b in at.get("download_button")]
    brief = {"en": "Download the brief (HTML)", "es": "Descargar el informe (HTML)"}[lang]
    assert labels.count(brief) == 1 and len(labels) == 3
    method = {"en": "The method in plain language", "es": "El método en palabras simples"}[lang]
    assert any(e.label == method for e in at.expander)
    # A segment filter: the subgroup's shares from the same fit (no refit), beside every customer's.
    store = Store()
    segment = filter_values(store)["segment"][0]
    at.sidebar.multiselect(key="segment").set_value([segment])
    _run(at)
    sub = report.subgroup(Scope(segment=(segment,)).resolved(store))
    assert sub.customers < report.customers
    group_service = sub.attributable_share.loc["attitude_and_process", "estimate"]
    shown = f"{100 * group_service:.1f}".replace(".", "," if lang == "es" else ".")
    assert shown in _markdown(at)
    assert len(at.get("plotly_chart")) == 4 and len(at.dataframe) == 3
    assert len(at.get("download_button")) == 4  # the subgroup's table has its CSV too
    how = {"en": "without refitting it", "es": "sin reajustarlo"}[lang]
    assert any(how in c.value for c in at.caption)
    # A channel filter cannot apply to a customer-level model: the page says so.
    at.sidebar.multiselect(key="channel").set_value(["phone"])
    _run(at)
    unit = {"en": "the attribution's unit is the customer", "es": "la unidad de la atribución es el cliente"}
    assert any(unit[lang] in i.value for i in at.info)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_survival_page(demo_db, lang):
    from models.report import survival_report

    at = _run(AppTest.from_file(APP, default_timeout=120))
    _set_language(at, lang)
    at.switch_page("pages/survival.py")
    _run(at)
    assert any({"en": "Survival", "es": "Supervivencia"}[lang] == t.value for t in at.title)
    recovered = {"en": "whose failure was recovered left at", "es": "cuyo fallo fue recuperado se fueron a"}[
        lang
    ]
    assert recovered in _markdown(at)
    assert (
        len(at.get("plotly_chart")) == 5
    )  # tenure, after a failure, recovered or not, hazard ratios, exit reasons
    # the caption reconciling the adjusted effect and the raw one-year comparison shows exactly
    # when the engine's figures disagree
    from dashboard import narrative
    from models.report import attribution_report

    raw = survival_report(Store(), Scope())
    disagree = narrative.recovery_figures_disagree(
        attribution_report(Store(), Scope()).hazard_ratio.loc["recovered"],
        raw.recovery["any"].survival_at([365.0]),
        raw.tests["recovered:any"].p_value,
    )
    differs = {"en": "answer different questions", "es": "responden a preguntas distintas"}[lang]
    assert any(differs in c.value for c in at.caption) == disagree
    # Curves by plan: one row per plan in the table, its customers those of the engine's report.
    at.segmented_control(key="survival_by").set_value("plan")
    _run(at)
    plans = survival_report(Store(), Scope()).by["plan"].median_
    table = at.dataframe[0].value
    assert len(table) == len(plans)
    # A segment filter selects the customers of the curves; a channel filter cannot apply, and says so.
    chosen = filter_values(Store())["segment"][0]
    at.sidebar.multiselect(key="segment").set_value([chosen])
    at.sidebar.multiselect(key="channel").set_value(["phone"])
    _run(at)
    expected = survival_report(Store(), Scope(segment=(chosen,)))
    shown = {
        "en": f"customers followed: {expected.customers:,};",
        "es": f"clientes seguidos: {expected.customers:,};".replace(",", "."),
    }
    assert any(shown[lang] in c.value for c in at.caption)
    assert any(
        {"en": "filter selects contacts", "es": "selecciona contactos"}[lang] in i.value for i in at.info
    )


def _scope() -> Scope:
    return Scope().resolved(Store())


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_overview_tiles_equal_the_sql_measures(demo_db, lang):
    """The contact tiles (read from the rollup) show what the SQL measures compute, for no filter
    and for a team filter."""
    from dashboard import formatting as fmt
    from models.labels import signal_rules

    at = _run(AppTest.from_file(APP, default_timeout=180))
    _set_language(at, lang)
    for chosen in ({}, {"team": ("billing",)}):
        if chosen:
            at.sidebar.multiselect(key="team").set_value(list(chosen["team"]))
            _run(at)
        store = Store()
        scope = Scope(**chosen).resolved(store)
        values = {m.label: m.value for m in at.metric}
        days = signal_rules(store).repeat_days
        label = {
            "fcr": {"en": "First-contact resolution", "es": "Resolución 1.er contacto"},
            "recovery": {"en": "Recovery rate", "es": "Tasa de recuperación"},
            "resilience": {"en": "Commercial resilience", "es": "Resiliencia comercial"},
            "f100": {"en": "Failures per 100 contacts", "es": "Fallos por 100 contactos"},
        }
        fcr = measures.first_contact_resolution(store, scope, days=days)["rate"].iloc[0]
        rec = measures.recovery_rate(store, scope)["rate"].iloc[0]
        res = measures.commercial_resilience(store, scope, days=90)["rate"].iloc[0]
        f100 = measures.failures_per_100(store, scope).set_index("family").loc["any", "per_100"]
        assert values[label["fcr"][lang]] == fmt.percent(fcr, lang)
        assert values[label["recovery"][lang]] == fmt.percent(rec, lang)
        assert values[label["resilience"][lang]] == fmt.percent(res, lang)
        assert values[label["f100"][lang]] == fmt.number(f100, lang, 1)
        head = measures.overview(store, scope)
        customers = {"en": "Customers", "es": "Clientes"}[lang]
        assert values[customers] == fmt.number(head["customers"], lang)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_failures_page(demo_db, lang):
    """The Failures page shows the SQL measures' numbers, finds the field's phrases in the notes,
    masks customer ids and follows a filter."""
    from dashboard import formatting as fmt

    at = _run(AppTest.from_file(APP, default_timeout=180))
    _set_language(at, lang)
    at.switch_page("pages/failures.py")
    _run(at)
    assert any({"en": "Failures", "es": "Fallos"}[lang] == t.value for t in at.title)
    store = Store()
    scope = _scope()
    every = measures.failures_per_100(store, scope).set_index("family").loc["any"]
    assert f"**{fmt.number(every['per_100'], lang, 1)}**" in _markdown(at)
    assert fmt.number(every["contacts"], lang) in _markdown(at)
    assert len(at.get("plotly_chart")) == 6  # families, sources, Pareto, two heat maps, trend
    # The table of families equals the SQL measure, row by row.
    shown = at.dataframe[0].value
    sql = measures.failures_per_100(store, scope)
    assert [int(v) for v in shown.iloc[:, 2]] == sql["failures"].tolist()
    # Example notes of the most frequent subtype, once picked (not before); customer ids masked.
    tables_before = len(at.dataframe)  # families, and the subtypes' table in its expander
    at.selectbox(key="failures_subtype").select_index(0)
    _run(at)
    assert len(at.dataframe) == tables_before + 1
    notes = at.dataframe[-1].value
    assert len(notes) > 0
    customer = {"en": "Customer", "es": "Cliente"}[lang]
    assert all("*" in c for c in notes[customer])
    # Search by phrase: both field phrases are found (accents and case ignored).
    for phrase in ("no estamos autorizados", "eso lo maneja otra área"):
        at.text_input(key="notes_phrase").set_value(phrase)
        at.button(
            key="FormSubmitter:notes_search-Search" if lang == "en" else "FormSubmitter:notes_search-Buscar"
        ).click()
        _run(at)
        expected = measures.search_notes(store, scope, phrase)
        assert expected.attrs["matches"] > 0
        assert any(fmt.number(expected.attrs["matches"], lang) in c.value for c in at.caption)
        found = at.dataframe[-2].value
        notes_col = {"en": "Notes", "es": "Notas"}[lang]
        assert all(phrase.split()[0] in n.lower() for n in found[notes_col])
    # A channel filter: the page's figure is the measure's for that filter.
    at.sidebar.multiselect(key="channel").set_value(["phone"])
    _run(at)
    phone = measures.failures_per_100(store, Scope(channel=("phone",)).resolved(store))
    assert f"**{fmt.number(phone.set_index('family').loc['any', 'per_100'], lang, 1)}**" in _markdown(at)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_agents_page(demo_db, lang):
    """The Agents and teams page says it is for learning, names the units outside the funnel's
    limits (those the estimator finds on the SQL measure's volumes) and shows escalation access
    as the SQL measure counts it."""
    from models.funnel import FunnelLimits

    at = _run(AppTest.from_file(APP, default_timeout=180))
    _set_language(at, lang)
    at.switch_page("pages/agents.py")
    _run(at)
    assert any({"en": "Agents and teams", "es": "Agentes y equipos"}[lang] == t.value for t in at.title)
    words = {"en": "not to rank people", "es": "no para clasificar a las personas"}[lang]
    assert any(words in i.value for i in at.info)
    store = Store()
    scope = _scope()
    volume = measures.agent_volume(store, scope)
    volume = volume[volume["agent_id"].notna()]
    fit = FunnelLimits(min_volume=30).fit(
        volume, events_col="failures", trials_col="contacts", unit_col="agent_id"
    )
    outside = at.dataframe[0].value
    assert sorted(outside.iloc[:, 0]) == sorted(fit.outside_["unit"])
    assert len(at.get("plotly_chart")) == 3  # two funnels and escalation access
    esc = measures.escalation_access(store, scope, by="team")
    shown = at.dataframe[-1].value
    assert [int(v) for v in shown.iloc[:, 1]] == esc["customers_asked"].tolist()
    assert [int(v) for v in shown.iloc[:, 2]] == esc["customers_granted"].tolist()
    # Teams instead of agents, and a higher minimum volume.
    at.segmented_control(key="agents_level").set_value("team")
    at.number_input(key="min_volume").set_value(200)
    _run(at)
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.quick
@pytest.mark.parametrize("page", ["pages/failures.py", "pages/agents.py"])
def test_new_pages_on_an_empty_database_open_the_start_page(team_db, page):
    team_db.create_all()
    at = _run(AppTest.from_file(APP, default_timeout=60))
    at.switch_page(page)
    _run(at)
    assert any("No data yet" in h.value for h in at.header)
