"""``pillars feeds list|validate``: one line per problem, exit 1 on problems, 0 when clean, no traceback."""

from __future__ import annotations

from pillars.cli import main

from .conftest import VS_HEADER, VS_ROW


def test_list_shows_feeds_and_partners(capsys):
    assert main(["feeds", "list"]) == 0
    out = capsys.readouterr().out
    assert "victim_services" in out
    assert "partner_api_prosecutors" in out


def test_validate_clean_file(tmp_path, capsys):
    path = tmp_path / "v.csv"
    path.write_text(f"{VS_HEADER}\n{VS_ROW}\n")
    assert main(["feeds", "validate", str(path), "--feed", "victim_services"]) == 0
    assert "1 valid, 0 rejected" in capsys.readouterr().out


def test_validate_reports_each_problem(tmp_path, capsys):
    path = tmp_path / "v.csv"
    path.write_text(f"{VS_HEADER},Notes\n{VS_ROW},x\n{VS_ROW.replace('Harris', 'Atlantis')},y\nC3,Maria\n")
    assert main(["feeds", "validate", str(path), "--feed", "victim_services", "--partner", "tx_hhsc"]) == 1
    out = capsys.readouterr().out
    assert "line 3, field county: unknown Texas county" in out
    assert "line 4: row has 2 fields" in out
    assert "problem: unknown column 'Notes' (2 non-empty cell(s)) is not stored" in out
    assert "Maria" not in out


def test_validate_file_level_problem_is_one_line(tmp_path, capsys):
    path = tmp_path / "v.xlsx"
    path.write_text("not a workbook")
    assert main(["feeds", "validate", str(path), "--feed", "prevention_activities"]) == 1
    captured = capsys.readouterr()
    assert "not a zip archive" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_validate_unknown_feed_and_partner(tmp_path, capsys):
    path = tmp_path / "v.csv"
    path.write_text(f"{VS_HEADER}\n{VS_ROW}\n")
    assert main(["feeds", "validate", str(path), "--feed", "nope"]) == 1
    assert "unknown feed 'nope'" in capsys.readouterr().err
    assert main(["feeds", "validate", str(path), "--feed", "victim_services", "--partner", "tx_comptroller"]) == 1
    assert "does not send victim_services" in capsys.readouterr().err
