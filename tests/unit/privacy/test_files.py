"""Files holding identifiers are owner-only whatever the umask; old world-readable trees are repaired."""

from __future__ import annotations

import os

import pytest

from pillars.privacy.files import open_private, private_dir, tighten_tree, write_private_bytes


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def open_umask():
    previous = os.umask(0o000)  # the worst case: everything would be 0666/0777
    yield
    os.umask(previous)


def test_private_dir_makes_every_folder_up_to_the_root_owner_only(tmp_path, open_umask):
    root = tmp_path / "landing"
    leaf = private_dir(root / "partner" / "feed" / "2026-01-01", root=root)
    for folder in (leaf, leaf.parent, leaf.parent.parent, root):
        assert _mode(folder) == 0o700, folder


def test_private_dir_leaves_folders_above_the_root_alone(tmp_path, open_umask):
    tmp_path.chmod(0o755)
    private_dir(tmp_path / "a" / "b", root=tmp_path / "a")
    assert _mode(tmp_path) == 0o755


def test_open_private_creates_0600_and_repairs_an_existing_file(tmp_path, open_umask):
    fresh = tmp_path / "fresh.csv"
    with open_private(fresh, "w", encoding="utf-8") as handle:
        handle.write("name\n")
    assert _mode(fresh) == 0o600
    old = tmp_path / "old.jsonl"
    old.write_text("{}\n")
    old.chmod(0o644)
    with open_private(old, "a") as handle:
        handle.write("{}\n")
    assert _mode(old) == 0o600
    assert old.read_text() == "{}\n{}\n"
    write_private_bytes(old, b"x")
    assert old.read_bytes() == b"x"
    assert _mode(old) == 0o600


def test_tighten_tree_repairs_files_and_folders_and_does_not_follow_links(tmp_path, open_umask):
    root = tmp_path / "landing"
    (root / "p" / "f").mkdir(parents=True, mode=0o755)
    delivered = root / "p" / "f" / "a.csv"
    delivered.write_text("x")
    delivered.chmod(0o644)
    outside = tmp_path / "outside.txt"
    outside.write_text("y")
    outside.chmod(0o644)
    (root / "p" / "link.txt").symlink_to(outside)
    changed = tighten_tree(root)
    assert changed >= 4
    assert _mode(delivered) == 0o600
    assert all(_mode(d) == 0o700 for d in (root, root / "p", root / "p" / "f"))
    assert _mode(outside) == 0o644
    assert tighten_tree(root) == 0
    assert tighten_tree(tmp_path / "missing") == 0
