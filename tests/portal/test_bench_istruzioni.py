"""bench.istruzioni counts a page's instructions between two of callgrind's dumps."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from bench.istruzioni import comando_valgrind, istruzioni_per_dump
from bench.profilo import scenari_scelti

# A program that runs some code between two dumps, as bench.istruzioni's child does.
PROGRAMMA = """\
import os, subprocess
def dump(nome):
    subprocess.run(["callgrind_control", "-d", nome, str(os.getpid())], check=True)
dump("riscaldamento")
sum(range(200_000))
dump("misura0")
dump("misura1")
"""


@pytest.mark.skipif(not shutil.which("valgrind"), reason="valgrind non installato")
def test_conta_le_istruzioni_tra_due_dump(tmp_path):
    comando = comando_valgrind(tmp_path, [])
    # The same valgrind options, around a small program instead of the portal.
    comando = [*comando[: comando.index(sys.executable) + 1], "-c", PROGRAMMA]
    subprocess.run(comando, check=True, capture_output=True, timeout=300)

    conti = istruzioni_per_dump(tmp_path)
    # The sum's 200,000 iterations take some millions of instructions; an empty
    # stretch between two dumps takes only the dump's own call.
    assert conti["misura0"] > 1_000_000
    assert conti["misura0"] > 10 * conti["misura1"]
    assert "riscaldamento" in conti


def test_istruzioni_per_dump_ignora_i_file_senza_totale(tmp_path):
    (tmp_path / "callgrind.out.1").write_text(
        "desc: Trigger: dump misura0\nevents: Ir\ntotals: 1234\n", encoding="utf-8"
    )
    (tmp_path / "callgrind.out.2").write_text("desc: Trigger: dump misura1\n", encoding="utf-8")
    (tmp_path / "callgrind.out").write_text(
        "desc: Trigger: Program termination\ntotals: 9\n", encoding="utf-8"
    )
    assert istruzioni_per_dump(tmp_path) == {"misura0": 1234, "Program termination": 9}


def test_scenari_scelti_per_parte_o_per_percorso_intero():
    assert [s.percorso for s in scenari_scelti(["/accordi/"], esatto=True)] == ["/accordi/"]
    parziali = [s.percorso for s in scenari_scelti(["/accordi/"], esatto=False)]
    assert "/accordi/" in parziali
    assert "/accordi/{accordo}/" in parziali
    assert len(scenari_scelti([], esatto=False)) > len(parziali)
