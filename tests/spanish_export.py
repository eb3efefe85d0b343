"""A Spanish-style export for the upload tests: Windows-1252 text, ';' separators, dd/mm/yyyy
dates, decimal commas, Spanish headers, one column the contract does not know (the agents'
notes, headed ``comentarios_del_asesor``: the user maps it to ``notes``), and a few bad rows
whose reasons are known."""

from __future__ import annotations

from pathlib import Path

import demo

NOTES_HEADER = "comentarios_del_asesor"
"""The header of the notes column, which no spelling of the contract recognises."""

BAD_CUSTOMERS = 2
BAD_INTERACTIONS = 4


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("cp1252").splitlines()


def _write(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def write_spanish_export(folder: Path, customers: int = 300, seed: int = 3) -> tuple[Path, Path]:
    """``clientes.csv`` and ``interacciones.csv`` in ``folder`` (notes only, no failure codes)."""
    source = folder / "source"
    demo.write_demo(source, customers, seed, coded=False, style="es")
    folder.mkdir(parents=True, exist_ok=True)

    c = _lines(source / "customers.csv")
    head = c[0].split(";")
    first = c[1].split(";")
    bad_date = list(first)
    bad_date[head.index("cliente")] = "X900001"
    bad_date[head.index("fecha_alta")] = "31/02/2025"
    bad_fee = list(first)
    bad_fee[head.index("cliente")] = "X900002"
    bad_fee[head.index("cuota_mensual")] = "-5,00"
    c = [c[0], *c[1:40], ";".join(bad_date), *c[40:120], ";".join(bad_fee), *c[120:]]
    customers_path = _write(folder / "clientes.csv", c)

    i = _lines(source / "interactions.csv")
    header = i[0].split(";")
    header[header.index("observaciones")] = NOTES_HEADER
    rows = i[1:]
    sample = rows[5].split(";")
    unknown = list(sample)
    unknown[header.index("cliente")] = "C999999"
    unknown[header.index("id_interaccion")] = "I9000001"
    not_a_date = list(sample)
    not_a_date[header.index("fecha")] = "32/13/2024 10:00:00"
    not_a_date[header.index("id_interaccion")] = "I9000002"
    wait = list(sample)
    wait[header.index("espera_segundos")] = "diez"
    wait[header.index("id_interaccion")] = "I9000003"
    short = "I9000004;C000001;05/05/2024 10:00:00"
    i = [
        ";".join(header),
        *rows[:3],
        ";".join(unknown),
        *rows[3:20],
        ";".join(not_a_date),
        ";".join(wait),
        *rows[20:60],
        short,
        *rows[60:],
    ]
    interactions_path = _write(folder / "interacciones.csv", i)
    return customers_path, interactions_path
