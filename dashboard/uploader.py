"""The upload page's Streamlit parts: a file picker that writes the upload to disk and lets the
server's copy go, and the panel that follows an upload being stored (progress, cancel).

What a session holds (``st.session_state``): the staged files by table (paths to temporary
copies, never the bytes), a file refused at staging, the upload job while it runs and after.
"""

from __future__ import annotations

import streamlit as st

from analytics.csvio import FileRefused
from analytics.reasons import Message, text_of
from analytics.upload import ACCEPTED_TYPES, FilePlan, StagedFile, UploadJob, stage_file
from dashboard import formatting as fmt
from dashboard.strings import t
from dashboard.uploading import size_text
from dashboard.widgets import css_text

STAGED = "upload_staged"
REFUSED = "upload_refused"
JOB = "upload_job"


def staged_files() -> dict[str, StagedFile]:
    return st.session_state.setdefault(STAGED, {})


def _generation(table: str) -> int:
    return int(st.session_state.get(f"upload_gen_{table}", 0))


def _release(uploaded) -> None:
    """Let go of the server's in-memory copy of an uploaded file (it is on disk now): Streamlit
    keeps every upload of a session in memory until the widget is cleared or the session ends."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "uploaded_file_mgr", None)
    file_id = getattr(uploaded, "file_id", None)
    if manager is not None and file_id is not None and hasattr(manager, "remove_file"):
        manager.remove_file(session_id=ctx.session_id, file_id=file_id)


def forget(table: str) -> None:
    """Drop a staged file (and its temporary copy)."""
    staged = staged_files().pop(table, None)
    if staged is not None:
        staged.discard()
    st.session_state.get(REFUSED, {}).pop(table, None)
    for key in [
        k for k in st.session_state if str(k).startswith((f"upload_map_{table}", f"upload_date_{table}"))
    ]:
        del st.session_state[key]


def forget_all() -> None:
    for table in list(staged_files()):
        forget(table)
    st.session_state.pop(JOB, None)


def picker(table: str, lang: str, *, disabled: bool = False, max_mb: int | None = None) -> StagedFile | None:
    """The file of ``table``: a file picker, or the staged file with a button to choose another.
    A file picked is written to disk at once (decompressed if need be) and the widget's copy
    released; a name or a compressed file the upload cannot take is said in ``lang``."""
    staged = staged_files().get(table)
    if staged is not None:
        inner = f" → {fmt.md_escape(staged.path.name)}" if staged.compressed else ""
        st.markdown(
            t(
                "upload.staged",
                lang,
                table=t(f"uploads.table.{table}", lang),
                name=fmt.md_escape(staged.name) + inner,
                size=size_text(staged.size, lang),
            )
        )
        if st.button(
            t("upload.change_file", lang),
            key=f"upload_change_{table}",
            disabled=disabled,
            icon=":material/swap_horiz:",
        ):
            forget(table)
            st.rerun()
        return staged
    uploaded = st.file_uploader(
        t(f"upload.file.{table}", lang),
        type=list(ACCEPTED_TYPES),
        key=f"upload_file_{table}_{_generation(table)}",
        help=t("upload.file_help", lang, mb=max_mb or 200),
        disabled=disabled,
    )
    refused: Message | None = st.session_state.get(REFUSED, {}).get(table)
    if refused is not None and uploaded is None:
        st.error(t("upload.refused", lang, reason=text_of(refused, lang, "page")), icon=":material/block:")
    if uploaded is None:
        return None
    with st.spinner(t("upload.staging", lang)):
        try:
            staged = stage_file(uploaded, uploaded.name, table)
        except FileRefused as exc:
            st.session_state.setdefault(REFUSED, {})[table] = exc.message
        else:
            st.session_state.setdefault(REFUSED, {}).pop(table, None)
            staged_files()[table] = staged
    _release(uploaded)
    del uploaded
    st.session_state[f"upload_gen_{table}"] = _generation(table) + 1
    st.rerun()


def picker_texts(lang: str, max_mb: int) -> None:
    """The file picker's own words in ``lang``: Streamlit writes its button ("Upload") and its
    limits line in English whatever the page's language, so they are replaced by CSS."""
    button = css_text(t("upload.picker_button", lang))
    limits = css_text(t("upload.picker_limits", lang, mb=max_mb, types=", ".join(ACCEPTED_TYPES).upper()))
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] '
        '[data-testid="stMarkdownContainer"] p {font-size: 0}'
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] '
        f'[data-testid="stMarkdownContainer"] p::after {{content: {button}; font-size: 0.875rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after '
        f"{{content: {limits}; font-size: 0.875rem}}"
        # The bar of an upload is drawn anew twice a second: without this it slides up from zero
        # each time instead of standing at the fraction stored.
        '[data-testid="stProgress"] * {transition: none !important}'
        "</style>"
    )


def job_panel(job: UploadJob, lang: str) -> None:
    """The bar of an upload being stored (rows read, of the file's bytes) and its cancel button;
    the whole page runs again when it ends."""

    @st.fragment(run_every=0.5)
    def panel() -> None:
        state = job.snapshot()
        if state.finished:
            st.rerun(scope="app")
        table = state.table or "customers"
        if job.cancelling:
            text = t("upload.cancelling", lang)
        elif state.rows:
            text = t(
                "upload.storing",
                lang,
                table=t(f"uploads.table.{table}", lang),
                rows=fmt.number(state.rows, lang),
                pct=fmt.percent(state.fraction, lang, 0),
            )
        else:
            text = t("upload.starting", lang, table=t(f"uploads.table.{table}", lang))
        st.progress(min(max(state.fraction, 0.0), 1.0), text=text)
        if st.button(
            t("upload.cancel", lang),
            key="upload_cancel",
            disabled=job.cancelling,
            icon=":material/cancel:",
            help=t("upload.cancel_help", lang),
        ):
            job.cancel()
            st.rerun(scope="fragment")

    panel()


def max_upload_mb() -> int:
    """The largest upload the server accepts, in MB (``server.maxUploadSize``)."""
    return int(st.get_option("server.maxUploadSize"))


def load_demo(store, lang: str) -> None:
    """Load the demo dataset into an empty database, behind a progress bar."""
    from analytics.bootstrap import load_demo as load
    from dashboard.progress import StepProgress

    bar = StepProgress(lang, t("loading_demo", lang))
    try:
        load(store, progress=bar)
    finally:
        bar.close()
    st.toast(t("demo_loaded", lang))


def start_upload(store, staged: dict[str, StagedFile], inspections: dict) -> UploadJob:
    """Start storing the staged files as inspected (mapping and date order chosen): the job runs in
    a thread of its own and the page follows it (:func:`job_panel`)."""
    plans = [
        FilePlan(
            table,
            file.path,
            inspections[table].final_mapping(),
            inspections[table].detection.date_order if inspections[table].detection else None,
            file.size,
            inspections[table].dialect,
            file.content_hash,
        )
        for table, file in staged.items()
    ]
    job = UploadJob(store, plans).start()
    st.session_state[JOB] = job
    return job


REMOVED = "uploads_removed"


def confirm_removal(store, record, lang: str) -> None:
    """Ask before removing an upload of interactions; on yes, remove it (one transaction) and say so."""
    from analytics.upload import CannotRemove, remove_upload

    def body() -> None:
        st.markdown(
            t(
                "uploads.remove_confirm",
                lang,
                id=int(record["upload_id"]),
                name=fmt.md_escape(record["file_name"]),
                when=fmt.day_time(record["uploaded_at"], lang),
                rows=fmt.number(record["accepted"], lang),
            )
        )
        yes, no = st.columns(2)
        if yes.button(
            t("uploads.remove_yes", lang), type="primary", icon=":material/delete:", key="remove_yes"
        ):
            try:
                st.session_state[REMOVED] = remove_upload(
                    store, int(record["upload_id"]), by=f"{_user()} (dashboard)"
                )
            except CannotRemove as exc:
                st.error(t(f"uploads.cannot_remove.{exc.reason}", lang))
                return
            st.rerun()
        if no.button(t("uploads.remove_no", lang), key="remove_no"):
            st.rerun()

    st.dialog(t("uploads.remove_title", lang))(body)()


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
