"""Plugin loading: built-ins through the hooks, entry points, broken plugins, autoload switch."""

import os
import subprocess
import sys
import textwrap


from textclean.plugins.manager import BUILTIN_PLUGINS, hook_names, plugin_set


def make_distribution(site, name, module_source, entry_point_value=None):
    """A minimal installed distribution on ``site`` with an entry point in group textclean."""
    (site / f"{name}.py").write_text(textwrap.dedent(module_source))
    info = site / f"{name}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[textclean]\n{name} = {entry_point_value or name}\n")


def run_python(code, site, **env_extra):
    env = dict(os.environ, PYTHONPATH=str(site), **env_extra)
    env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


GOOD = """
    from textclean import Cleaner, Stage, hookimpl
    def fix(text, ctx):
        return text.replace("colour", "color")
    @hookimpl
    def textclean_register_cleaners():
        return [Cleaner("us_spelling", fix, Stage.WORDS + 5, "colour -> color")]
"""


def test_builtins_are_registered_through_the_same_hook():
    ps = plugin_set(autoload=False)
    for module in BUILTIN_PLUGINS:
        name = module.rsplit(".", 1)[1]
        assert ps.info[name].source == "builtin"
    impls = {i.plugin_name for i in ps.pm.hook.textclean_register_cleaners.get_hookimpls()}
    assert "whitespace" in impls


def test_entry_point_plugin_runs_with_no_change_to_textclean(tmp_path):
    make_distribution(tmp_path, "tc_good", GOOD)
    r = run_python("import textclean; print(textclean.clean('the colour red', only=['us_spelling']))", tmp_path)
    assert r.stdout.strip() == "the color red", r.stderr
    r = run_python("from textclean.plugins import plugin_set; i = plugin_set().info['tc_good']; "
                   "print(i.source, i.version)", tmp_path)
    assert r.stdout.strip() == "entry point 1.2.3"


def test_autoload_can_be_disabled_by_environment(tmp_path):
    make_distribution(tmp_path, "tc_good", GOOD)
    code = "import textclean; print('us_spelling' in textclean.Pipeline().names)"
    assert run_python(code, tmp_path).stdout.strip() == "True"
    assert run_python(code, tmp_path, TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD="1").stdout.strip() == "False"


def test_broken_plugin_warns_by_name_and_the_rest_run(tmp_path):
    make_distribution(tmp_path, "tc_broken", "import does_not_exist_anywhere\n")
    make_distribution(tmp_path, "tc_good", GOOD)
    r = run_python("import textclean; print(textclean.clean('colour  x', only=['us_spelling', 'whitespace']))",
                   tmp_path)
    assert r.stdout.strip() == "color x"
    assert "plugin 'tc_broken' (tc_broken) failed to import" in r.stderr
    assert "Traceback" not in r.stderr


def test_broken_plugin_on_the_cli_is_one_warning_line(tmp_path):
    make_distribution(tmp_path, "tc_broken", "raise RuntimeError('bad plugin')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
    r = subprocess.run([sys.executable, "-m", "textclean", "clean", "-", "--only", "whitespace", "--isolated"],
                       input="a  b\n", env=env, capture_output=True, text=True)
    assert r.stdout == "a b\n"
    warnings = [l for l in r.stderr.splitlines() if "warning" in l]
    assert warnings == ["textclean: warning: plugin 'tc_broken' (tc_broken) failed to import and is skipped: "
                        "RuntimeError: bad plugin"]


def test_every_hook_is_prefixed_typed_and_documented():
    import inspect

    from textclean.plugins.manager import hookspecs
    for name in hook_names():
        fn = getattr(hookspecs, name)
        doc = inspect.getdoc(fn) or ""
        assert name.startswith("textclean_")
        assert "Called" in doc and "Example::" in doc, f"{name} needs 'Called ...' and an example"
        assert inspect.signature(fn).return_annotation is not inspect.Signature.empty
