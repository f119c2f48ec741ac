"""Many reports at once (govdisclosure.batch): which files a folder or a glob gives, the spool,
the streamed JSON arrays."""

import json
import os

from govdisclosure.batch import JsonArrayWriter, Spool, default_jobs, expand, unmatched


def tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_a_folder_gives_its_reports_in_sorted_order_without_hidden_ones(tmp_path):
    tree(tmp_path, ["b.txt", "a/c.html", "a/b.pdf", ".hidden.txt", "._a.pdf", ".git/x.txt", "a/.cache/y.md",
                    "notes.json", "MANIFEST.tsv", "z.DOCX"])
    found = [os.path.relpath(p, tmp_path) for p in expand([str(tmp_path)])]
    assert found == ["a/b.pdf", "a/c.html", "b.txt", "z.DOCX"]


def test_a_hidden_file_or_folder_named_is_read(tmp_path):
    tree(tmp_path, [".hidden/x.txt", "._a.pdf"])
    assert expand([str(tmp_path / ".hidden")]) == [str(tmp_path / ".hidden" / "x.txt")]
    assert expand([str(tmp_path / "._a.pdf")]) == [str(tmp_path / "._a.pdf")]


def test_a_folder_of_no_reports_is_kept_to_be_reported(tmp_path):
    tree(tmp_path, [".only-hidden.txt"])
    assert expand([str(tmp_path)]) == [str(tmp_path)]


def test_globs_that_match_nothing(tmp_path):
    tree(tmp_path, ["a.txt", "[odd]*?.txt"])
    globs = [str(tmp_path / "*.txt"), str(tmp_path / "*.pdf"), str(tmp_path / "[odd]*?.txt"), "-",
             str(tmp_path / "missing.txt")]
    assert unmatched(globs) == [str(tmp_path / "*.pdf")]  # (a name that exists is a name, not a glob)
    assert expand([str(tmp_path / "*.txt")]) == sorted(str(p) for p in tmp_path.glob("*.txt"))


def test_a_glob_does_not_match_hidden_files(tmp_path):
    tree(tmp_path, [".a.txt", "b.txt"])
    assert expand([str(tmp_path / "*.txt")]) == [str(tmp_path / "b.txt")]


def test_a_name_that_is_not_utf8_is_walked_and_spooled(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "wb") as handle:
        handle.write(b"x")
    (found,) = expand([str(tmp_path)])
    assert os.fsencode(found).endswith(b"bad\xff.txt")
    spool = Spool()
    where = spool.write({"source": found})
    assert spool.read_at(where) == {"source": found} and list(spool) == [{"source": found}]
    spool.close()


def test_default_jobs_are_the_cores_this_process_may_use():
    assert default_jobs() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert default_jobs() == len(os.sched_getaffinity(0))


def test_a_streamed_array_is_the_dumped_one_and_valid_for_odd_names():
    import io

    items = [{"source": "bad\udcff.txt", "n": 1}, {"source": "ok", "n": [1, 2]}]
    out = io.StringIO()
    out.write("{\n")
    array = JsonArrayWriter(out, "files", last=True)
    for item in items:
        array.write(item)
    array.close()
    out.write("}\n")
    text = out.getvalue()
    text.encode("utf-8")  # (no lone surrogate left)
    assert json.loads(text) == {"files": [{"source": "bad\\xff.txt", "n": 1}, {"source": "ok", "n": [1, 2]}]}
    plain = io.StringIO()
    plain.write("{\n")
    array = JsonArrayWriter(plain, "files", last=True)
    array.write(items[1])
    array.close()
    plain.write("}\n")
    assert plain.getvalue() == json.dumps({"files": [items[1]]}, indent=2) + "\n"


def test_a_spooled_line_comes_back_as_it_went_in():
    spool = Spool()
    line = json.dumps({"名称": "平潭", "n": [1, 2]}, ensure_ascii=False)
    first, second = spool.write_line(line), spool.write({"a": 1})
    assert spool.line_at(first) == line and spool.read_at(second) == {"a": 1} and spool.count == 2
    spool.close()
