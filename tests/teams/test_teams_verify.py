"""Mirrored chains: refused on arrival when broken, checked by ``assistant verify`` and its anchor."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant.cli import main
from assistant.teams.errors import MirrorChainBroken
from assistant.teams.mirror_store import MirrorStore, mirror_file
from tests.teams.conftest import converge, in_sync


@pytest.mark.slow
def test_verify_checks_mirrored_chains_and_their_anchor(make_sites, capsys, tmp_path) -> None:
    central, noord = make_sites("centraal", "noord")
    for text in ("besluit we evacueren gebouw B", "ter informatie rook op de tweede etage"):
        noord.confirm(text)
    converge([central, noord], lambda: in_sync([central, noord]))
    theirs = noord.own()
    central.close()
    noord.close()

    # a broken or forged record is refused whole on arrival: nothing of the batch is stored
    store = MirrorStore(central.data_dir, "brand_b", "noord")
    next_version = replace(theirs[0], seq=2, prev_hash=theirs[1].hash, version=2, hash="").sealed()
    forged = replace(next_version, content=next_version.content.with_changes(text="vervalst"))  # seal kept
    with pytest.raises(MirrorChainBroken):
        store.append([next_version, replace(forged, seq=3, prev_hash=next_version.hash)])
    with pytest.raises(MirrorChainBroken):
        store.append([replace(next_version, seq=5)])  # a gap
    assert store.count == 2
    store.close()

    assert main(["--data-dir", str(central.data_dir), "verify"]) == 0
    out = capsys.readouterr().out
    assert "Gespiegeld logboek noord (brand_b): OK, 2 versies" in out
    assert main(["--data-dir", str(central.data_dir), "verify", "--json"]) == 0
    anchor = json.loads(capsys.readouterr().out)
    assert anchor["mirrors"]["brand_b/noord"] == {"count": 2, "head": theirs[-1].hash}
    anchor_file = tmp_path / "anchor.json"
    anchor_file.write_text(json.dumps(anchor))

    path = mirror_file(central.data_dir, "brand_b", "noord")
    data = json.loads(path.read_text())
    data["log"]["2"]["content"]["text"] = "rook op de derde etage"  # edited afterwards by hand
    path.write_text(json.dumps(data))
    assert main(["--data-dir", str(central.data_dir), "verify", "--anchor", str(anchor_file)]) == 1
    out = capsys.readouterr().out
    assert "Gespiegeld logboek noord (brand_b): 1 problemen, eerste I-1 v1 (hash_mismatch)" in out

    del data["log"]["2"]  # cut short
    path.write_text(json.dumps(data))
    assert main(["--data-dir", str(central.data_dir), "verify", "--anchor", str(anchor_file)]) == 1
    assert "verlengt het anker niet meer" in capsys.readouterr().out
