"""The precision corpus (bench/precision, docs/precision.md) stays well formed: the label
files parse, keys are unique and in their rule's file, every verdict is one of three with a
reason, the sampling config holds, and the shipped mailing table agrees with itself. Fast:
nothing here runs patchlint on a list."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from bench.precision import corpus, keys, labels, measure, record
from bench.precision.corpus import Entry, Occurrence
from bench.precision.inputs import GROUPS
from bench.precision.labels import VERDICTS, Label, LabelError

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "patchlint" / "data" / "precision.json"
KEY = re.compile(r"^[A-Z]{2}\d{3}\|[^|]+\|[^|]+\|[^|]*$")


def test_label_files_parse_and_keys_are_unique() -> None:
    every = labels.load()  # raises LabelError on a bad file or a key labelled twice
    assert len(every) >= 400, "the corpus holds at least the 400 judged findings it was built with"
    seen: set[str] = set()
    for path in sorted(labels.LABELS.glob("*.toml")):
        for label in labels.load_file(path):
            assert label.key not in seen
            seen.add(label.key)
            assert KEY.match(label.key), label.key
            assert keys.key_code(label.key) == path.stem
            assert label.verdict in VERDICTS
            assert label.reason.strip() and "\n" not in label.reason
            assert label.text.strip(), f"{label.key}: the finding's text at label time"


def test_label_files_are_sorted_as_label_py_writes_them() -> None:
    for path in sorted(labels.LABELS.glob("*.toml")):
        found = labels.load_file(path)
        assert [lb.key for lb in found] == sorted(lb.key for lb in found), path.name
        header = f"{path.stem}: labelled findings (docs/precision.md)"
        assert path.read_text(encoding="utf-8") == labels.dump(found, header), path.name


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ('key = "TR001|m@x|-|-"\nverdict = "maybe"\nreason = "r"\ntext = "t"', "verdict"),
        ('key = "TR001|m@x|-|-"\nverdict = "tp"\nreason = " "\ntext = "t"', "no reason"),
        ('key = "ST001|m@x|-|-"\nverdict = "tp"\nreason = "r"\ntext = "t"', "belongs in"),
        ('key = "TR001|m@x|-|-"\nverdict = "tp"\nreason = "r"', "missing"),
    ],
)
def test_bad_labels_are_refused(tmp_path: Path, entry: str, error: str) -> None:
    path = tmp_path / "TR001.toml"
    path.write_text(f"[[label]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(LabelError, match=error):
        labels.load_file(path)


def test_a_key_labelled_twice_is_refused(tmp_path: Path) -> None:
    one = 'key = "TR001|m@x|-|-"\nverdict = "tp"\nreason = "r"\ntext = "t"\n'
    (tmp_path / "TR001.toml").write_text(f"[[label]]\n{one}\n[[label]]\n{one}", "utf-8")
    with pytest.raises(LabelError, match="twice"):
        labels.load(tmp_path)


def test_save_round_trips(tmp_path: Path) -> None:
    first = Label("SP001|m@x|a.c:3|teh", "tp", 'a "quoted" reason', "`teh` looks misspelt")
    labels.save([first], tmp_path)
    labels.save([Label("SP001|m@x|a.c:9|foo", "noise", "r", "t")], tmp_path)
    assert labels.load(tmp_path)[first.key] == first
    assert len(labels.load(tmp_path)) == 2


def test_a_key_survives_rewording_and_names_the_trailer_not_its_spelling() -> None:
    finding = {
        "code": "TR002",
        "message": "old wording",
        "severity": "warning",
        "message_id": "1@x",
        "details": {"trailer": "Reviewed-by: A B <A@B.org>"},
    }
    reworded = {**finding, "message": "new wording", "severity": "info", "line": 7}
    assert keys.finding_key(finding) == keys.finding_key(reworded)
    assert keys.finding_key(finding) == "TR002|1@x|-|reviewed-by:a@b.org"
    other_name = {**finding, "details": {"trailer": "Reviewed-by: Someone <a@b.org>"}}
    assert keys.finding_key(other_name) == keys.finding_key(finding)
    placed = {"code": "ST004", "message_id": "1@x", "file": "a.c", "line": 4, "details": {}}
    assert keys.finding_key(placed) == "ST004|1@x|a.c:4|-"
    piped = {"code": "TR009", "message_id": "1@x", "details": {"trailer": "Fixes: abc (a|b%)"}}
    assert keys.finding_key(piped) == "TR009|1@x|-|fixes:abc (a%7Cb%25)"


def test_bottom_k_keeps_a_findings_place_when_others_come_and_go() -> None:
    def bottom(pool: list[str]) -> list[str]:
        return sorted(pool, key=lambda k: corpus.rank("test", k))[:12]

    pool = [f"SP001|{i}@x|-|w" for i in range(50)]
    before = bottom(pool)
    # new findings can only push old ones out, never pull other old ones in
    grown = bottom(pool + [f"SP001|{i}@y|-|w" for i in range(50)])
    assert {k for k in grown if k in pool} <= set(before)
    # findings that leave the output outside the sample change nothing
    assert bottom([k for k in pool if k in before or k.startswith("SP001|1")]) == before


def test_sample_config() -> None:
    config = corpus.load_config()
    assert config["seed"] == "patchlint-precision/1", "changing the seed orphans every label"
    for group in ("main", "unseen"):
        assert int(config[group]["k"]) >= 8
        assert config[group]["replies"]["level"] in ("info", "warning", "error")
        assert int(config[group]["replies"]["k"]) >= 20
    mailing = config["mailing"]
    assert 0.5 <= float(mailing["threshold"]) <= 1
    assert int(mailing["min_judged"]) >= 10 and int(mailing["min_mails"]) >= 1


def test_shipped_mailing_table_is_consistent() -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert table["schema"] == "patchlint-precision/1"
    config = corpus.load_config()["mailing"]
    assert table["threshold"] == float(config["threshold"])
    assert table["min_judged"] == int(config["min_judged"])
    assert table["min_mails"] == int(config["min_mails"])
    assert table["mail"] == sorted(c for c, r in table["rules"].items() if r["mail"])
    assert table["groups"] and set(table["groups"]) <= set(GROUPS)
    for code, rule in table["rules"].items():
        assert re.fullmatch(r"[A-Z]{2}\d{3}", code)
        assert rule["judged"] == sum(g["judged"] for g in rule["groups"].values())
        assert set(rule["groups"]) <= set(table["groups"])  # pooled only what was measured
        if rule["mail"]:
            assert "why_not" not in rule
            assert rule["precision"] >= table["threshold"]
            assert rule["judged"] >= table["min_judged"]
            assert rule["mails"] >= table["min_mails"]
        else:
            assert rule["why_not"]


def test_mailing_table_pools_groups_and_wants_several_mails() -> None:
    def ev(verdicts: list[str], mails: int, complete: bool = True) -> dict[str, object]:
        return {
            "counts": Counter(verdicts),
            "mails": {f"{i}@x" for i in range(mails)},
            "rule": "r",
            "complete": complete,
        }

    config = {"threshold": 0.9, "min_judged": 10, "min_mails": 3}
    fired = {"main": {"A": 20, "B": 10, "C": 12, "D": 10}, "unseen": {"A": 8}}
    table = measure.mailing_table(
        {
            "main": {
                "A": ev(["tp"] * 12, 12),
                "B": ev(["tp"] * 10, 2),
                "C": ev(["tp"] * 12, 12, complete=False),
                "D": ev(["tp"] * 10, 10),
            },
            "unseen": {"A": ev(["fp"] * 8, 8)},
        },
        fired,
        config,
    )
    assert table["mail"] == ["D"]
    assert "below" in table["rules"]["A"]["why_not"]  # holds on main, not unseen
    assert "mails" in table["rules"]["B"]["why_not"]  # ten findings, two patches
    assert "not judged" in table["rules"]["C"]["why_not"]


def test_table_names_the_groups_it_pools() -> None:
    ev = {
        "counts": Counter(["tp"] * 10),
        "mails": {f"{i}@x" for i in range(10)},
        "rule": "r",
        "complete": True,
    }
    table = measure.mailing_table(
        {"main": {"A": ev}},
        {"main": {"A": 10}},
        {"threshold": 0.9, "min_judged": 10, "min_mails": 3},
    )
    assert table["groups"] == ["main"]
    assert table["mail"] == ["A"]


def test_an_absent_group_is_kept_stale_and_a_partial_group_run_records_nothing() -> None:
    TWO = ("main", "unseen")  # the logic, apart from which groups sample.toml has
    last = {
        "source": "old1",
        "groups": {
            "main": {"rules": {}, "sample_size": 1},
            "unseen": {"rules": {"A": {"fired": 3}}, "sample_size": 8},
        },
    }
    absent = record.absent_groups(TWO, None, {"main"})
    assert absent == ["unseen"]
    assert record.may_record(TWO, None, {"main"}) == (True, "")
    results: dict[str, object] = {"source": "new2", "groups": {"main": {"rules": {}}}}
    assert record.carry_stale(results, last, absent) == ["unseen"]
    unseen = results["groups"]["unseen"]  # type: ignore[index]
    assert unseen == {
        "rules": {"A": {"fired": 3}},
        "sample_size": 8,
        "stale": True,
        "measured_at": "old1",
    }
    # a second run without the input keeps the hash it was really measured at
    again: dict[str, object] = {"source": "new3", "groups": {}}
    record.carry_stale(again, results, absent)
    assert again["groups"]["unseen"]["measured_at"] == "old1"  # type: ignore[index]
    # a group never recorded has nothing to carry
    assert record.carry_stale({"groups": {}}, {"groups": {}}, ["unseen"]) == []
    # --group leaving out a group whose input is here is a partial look: nothing recorded
    ok, why = record.may_record(TWO, ["main"], {"main"})
    assert not ok and "unseen" in why
    assert record.absent_groups(TWO, ["main"], {"main"}) == []
    # --group naming only an absent group measures nothing
    assert record.may_record(TWO, ["unseen"], set()) == (False, "no group was measured")


def test_replies_are_welcome_only_without_a_false_positive() -> None:
    lab = {
        "a": Label("a", "tp", "r", "t"),
        "b": Label("b", "fp", "r", "t"),
        "c": Label("c", "noise", "r", "t"),
    }
    entries = {
        k: Entry(k, code, "warning", [Occurrence("x", 0, {"rule": "r"})])
        for k, code in (("a", "A"), ("b", "B"), ("c", "C"))
    }
    reps = [
        corpus.Reply("x", "1", ["a", "c"]),
        corpus.Reply("x", "2", ["a", "b"]),
        corpus.Reply("x", "3", ["c"]),
        corpus.Reply("x", "4", ["b"]),
    ]
    got = measure.replies(reps, 4, lab, entries)
    assert (got["welcome"], got["unwelcome"]) == (1, 3)
    by_table = measure.replies(reps, 4, lab, entries, mail={"A"})
    assert (by_table["welcome"], by_table["not_sent"]) == (2, 2)


def test_sample_toml_is_plain_toml() -> None:
    tomllib.loads(corpus.CONFIG.read_text(encoding="utf-8"))
