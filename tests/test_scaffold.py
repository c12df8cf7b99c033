"""`textclean new-plugin` creates a package that installs, registers and passes its own tests."""

import os
import subprocess
import sys


def test_new_plugin_installs_and_its_tests_pass(tmp_path):
    r = subprocess.run([sys.executable, "-m", "textclean", "new-plugin", "House Style", "-o", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    root = tmp_path / "textclean-house-style"
    assert (root / "pyproject.toml").exists()
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(root)], check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
    t = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    assert t.returncode == 0, t.stdout[-3000:]
    assert "4 passed" in t.stdout
    listed = subprocess.run([sys.executable, "-m", "textclean", "cleaners", "--isolated"], env=env,
                            capture_output=True, text=True)
    assert "house_style" in listed.stdout


def test_new_plugin_refuses_to_overwrite_and_bad_names(tmp_path):
    cmd = [sys.executable, "-m", "textclean", "new-plugin"]
    assert subprocess.run(cmd + ["x", "-o", str(tmp_path)], capture_output=True).returncode == 0
    r = subprocess.run(cmd + ["x", "-o", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "already exists" in r.stderr
    r = subprocess.run(cmd + ["123", "-o", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "must start with a letter" in r.stderr
