"""The wheel must carry every package and every data file the analyzer reads
(setup.cfg lists them by hand because corpora/ and models/ are mapped into the
package)."""
import configparser
import fnmatch
from project_root import ROOT



def setup_cfg():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return cfg


def listed_packages():
    return [p.strip() for p in setup_cfg()["options"]["packages"].split("\n") if p.strip()]


def package_dirs():
    mapping = {}
    for line in setup_cfg()["options"]["package_dir"].split("\n"):
        if "=" in line:
            k, v = (x.strip() for x in line.split("="))
            mapping[k] = ROOT / v
    return mapping


def test_every_python_package_is_listed():
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "analyzer").rglob("__init__.py")}
    assert on_disk - set(listed_packages()) == set()


def test_every_data_file_is_shipped():
    cfg = setup_cfg()
    data = {k.strip(): [p.strip() for p in v.split(",") if p.strip()]
            for k, v in cfg["options.package_data"].items()}
    dirs = package_dirs()
    for package in ("analyzer.corpora", "analyzer.models"):
        base = dirs[package]
        for f in base.rglob("*"):
            if f.is_dir() or f.suffix in (".py", ".pyc", ".md") or "__pycache__" in f.parts:
                continue
            rel = f.relative_to(base).as_posix()
            assert any(fnmatch.fnmatch(rel, pat) and rel.count("/") == pat.count("/") for pat in data[package]), \
                f"{package}/{rel} would not be in the wheel"
    sample = ROOT / "analyzer" / "samples" / "speech_sample.txt"
    assert sample.exists() and any(fnmatch.fnmatch("samples/speech_sample.txt", p) for p in data["analyzer"])


def test_web_page_files_are_shipped():
    cfg = setup_cfg()
    patterns = [p.strip() for p in cfg["options.package_data"]["analyzer"].split(",") if p.strip()]
    base = ROOT / "analyzer"
    files = [f for d in ("web/static", "web/templates") for f in (base / d).rglob("*") if f.is_file()]
    assert files
    for f in files:
        rel = f.relative_to(base).as_posix()
        assert any(fnmatch.fnmatch(rel, pat) and rel.count("/") == pat.count("/") for pat in patterns), \
            f"analyzer/{rel} would not be in the wheel"
