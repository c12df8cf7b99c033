"""Plugin loading: built-ins through the hooks, entry points, broken plugins, autoload switch;
the hook contract (unknown hooks, checked answers, exact attribution) and a test per hook."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

from textclean import Pipeline
from textclean.plugins import PluginError, PluginSet, PluginWarning
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
    assert {c.name: c.plugin for c in ps.cleaners().values()} == {
        "markup": "markup", "mojibake": "mojibake", "line_breaks": "line_breaks", "boilerplate": "boilerplate",
        "typos": "typos", "whitespace": "whitespace"}
    assert {n: c.plugin for n, c in ps.commands().items()} == {"fit": "boilerplate"}


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


# -- the hook contract -------------------------------------------------------------------------

@pytest.fixture
def load(tmp_path, monkeypatch):
    """``load(source)``: a fresh plugin set (no entry points) with ``source`` as an explicit
    plugin module of a name unique to the test."""
    monkeypatch.syspath_prepend(str(tmp_path))
    name = "tcp_" + re.sub(r"\W", "_", tmp_path.name)

    def make(source):
        (tmp_path / f"{name}.py").write_text("from textclean import Cleaner, Fix, Stage, hookimpl\n"
                                             + textwrap.dedent(source))
        return PluginSet(autoload=False, explicit=[name])

    make.name = name
    return make


MISSPELT = """
    @hookimpl
    def textclean_register_cleaner():
        return [Cleaner("never", lambda text, ctx: text, Stage.WORDS, "never registered")]
"""


def test_an_unknown_hook_of_a_named_plugin_is_an_error_naming_plugin_and_hook(load):
    with pytest.raises(PluginError) as info:
        load(MISSPELT)
    assert str(info.value) == (f"plugin {load.name!r} implements 'textclean_register_cleaner' (did you mean "
                               f"'textclean_register_cleaners'?), which is not a textclean hook")


def test_an_unknown_hook_of_an_installed_plugin_warns_and_skips_it(tmp_path, monkeypatch):
    make_distribution(tmp_path, "tc_misspelt", "from textclean import Cleaner, Stage, hookimpl\n"
                      + textwrap.dedent(MISSPELT))
    make_distribution(tmp_path, "tc_good", GOOD)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.warns(PluginWarning) as caught:
        ps = PluginSet(autoload=True)
    assert [str(w.message) for w in caught if "tc_misspelt" in str(w.message)] == [
        "plugin 'tc_misspelt' implements 'textclean_register_cleaner' (did you mean "
        "'textclean_register_cleaners'?), which is not a textclean hook; it is skipped (tc_misspelt)"]
    assert "tc_misspelt" not in ps.info and not ps.pm.has_plugin("tc_misspelt")
    assert ps.cleaners()["us_spelling"].plugin == "tc_good"


def test_an_argument_the_hook_does_not_offer_is_an_error(load):
    with pytest.raises(PluginError, match=r"^plugin 'tcp_\w+' does not fit its hook: hookimpl definition: "
                                        r"textclean_known_words\(ctx\); Argument\(s\) \{'ctx'\} are declared"):
        load("""
            @hookimpl
            def textclean_known_words(ctx):
                return ["a"]
        """)


def test_a_hook_wrapper_is_refused(load):
    with pytest.raises(PluginError, match="wraps 'textclean_known_words'"):
        load("""
            @hookimpl(wrapper=True)
            def textclean_known_words():
                words = yield
                return words + [["injected"]]
        """)


def test_hooks_are_called_through_pluggy_once_per_plugin(load):
    ps = load("""
        @hookimpl
        def textclean_known_words():
            return ["x"]
    """)
    calls = []
    ps.pm.add_hookcall_monitoring(lambda hook, impls, kwargs: calls.append((hook, [i.plugin_name for i in impls])),
                                  lambda outcome, hook, impls, kwargs: None)
    ps.cleaners()
    ps.rules()
    assert ("textclean_register_cleaners", ["typos"]) in calls
    assert ("textclean_known_words", [load.name]) in calls
    assert all(len(impls) == 1 for _, impls in calls)


# -- a test per hook: a good answer reaches the host, a wrong one is named -----------------------

REGISTER_CLEANER = """
    @hookimpl
    def textclean_register_cleaners(register):
        register(Cleaner("shout", lambda text, ctx: text.upper(), Stage.WORDS + 5, "upper-case"))
"""


def test_register_cleaners_with_register(load):
    ps = load(REGISTER_CLEANER)
    assert ps.cleaners()["shout"].plugin == load.name
    assert ps.info[load.name].cleaners == ("shout",)
    assert Pipeline({"plugins": [load.name], "only": ["shout"], "autoload": False}).clean("a b") == "A B"


def test_register_cleaners_returning_a_list_still_works():
    ps = PluginSet(autoload=False, explicit=["tc_sample"])
    ps.cleaners()
    assert ps.info["tc_sample"].cleaners == ("expand", "drop_ads", "shout")
    assert {ps.cleaners()[n].plugin for n in ("expand", "drop_ads", "shout")} == {"tc_sample"}


@pytest.mark.parametrize("body, message", [
    ('register("shout")', "registered 'shout', not a textclean.Cleaner"),
    ('return Cleaner("x", lambda t, c: t, Stage.WORDS, "x")',
     "textclean_register_cleaners returned Cleaner(.*), not a list of textclean.Cleaner"),
    ('return ["x"]', "textclean_register_cleaners returned a list holding 'x', not a textclean.Cleaner"),
])
def test_register_cleaners_wrong_answers(load, body, message):
    ps = load(f"""
        @hookimpl
        def textclean_register_cleaners(register):
            {body}
    """)
    with pytest.raises(PluginError, match=f"plugin {load.name!r}:? {message}"):
        ps.cleaners()


COMMAND = textwrap.dedent("""
    from textclean.plugins.commands import EXIT_OK, Command, UsageError

    def add_arguments(parser):
        parser.add_argument("sources", nargs="+")

    def count(args, host):
        host.check_sources(args.sources)
        if args.sources == ["-"]:
            raise UsageError("count needs files")
        print(sum(1 for _ in host.inputs(args)), "files")
        return EXIT_OK

    @hookimpl
    def textclean_register_commands(register):
        register(Command("{name}", "count the files textclean would read", add_arguments, count))
""")


def test_register_commands_adds_a_cli_command(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    make_distribution(site, "tc_count", "from textclean import hookimpl\n" + COMMAND.format(name="count"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("a\n")
    (corpus / "b.md").write_text("b\n")

    def textclean(*args):
        env = dict(os.environ, PYTHONPATH=str(site))
        env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
        return subprocess.run([sys.executable, "-m", "textclean", *args], env=env, capture_output=True, text=True)

    assert "count the files textclean would read" in textclean("--help").stdout
    r = textclean("count", str(corpus))
    assert (r.returncode, r.stdout) == (0, "2 files\n"), r.stderr
    r = textclean("count", str(tmp_path / "nope"))
    assert r.returncode == 2 and r.stderr.endswith("no such file or folder\n") and "Traceback" not in r.stderr
    r = textclean("count", "-")
    assert (r.returncode, r.stderr) == (2, "textclean: error: count needs files\n")


def test_register_commands_cannot_take_a_builtin_name(tmp_path):
    make_distribution(tmp_path, "tc_clash", "from textclean import hookimpl\n" + COMMAND.format(name="clean"))
    r = run_python("from textclean.cli import main; print(main(['--version']))", tmp_path)
    assert r.stderr == ("textclean: error: plugin 'tc_clash' registers the command 'clean', "
                        "which is textclean's own\n")


@pytest.mark.parametrize("body, message", [
    ('register("fit")', "registered 'fit', not a textclean.plugins.commands.Command"),
    ('return ["fit"]', "textclean_register_commands returned a value; it calls register"),
])
def test_register_commands_wrong_answers(load, body, message):
    ps = load(f"""
        @hookimpl
        def textclean_register_commands(register):
            {body}
    """)
    with pytest.raises(PluginError, match=f"plugin {load.name!r}:? {message}"):
        ps.commands()


def test_register_commands_names_are_unique(load):
    ps = load(COMMAND.format(name="fit"))
    with pytest.raises(PluginError, match=f"two commands are named 'fit': one from plugin 'boilerplate', "
                                          f"one from plugin {load.name!r}"):
        ps.commands()


#: For each rule-data hook: an answer that reaches ``rules()``, and wrong ones with their error.
RULE_HOOKS = {
    "textclean_boilerplate_templates": (
        '[{"template": "Subscribe to %s", "reason": "newsletter"}, "Posted by %s"]',
        [('{"template": "Subscribe to %s"}', "returned {'template': 'Subscribe to %s'}, not a list of template"),
         ('["ok %s", 3]', "returned a list holding 3, not a template str or dict with a str 'template'")]),
    "textclean_protected_words": (
        '("Pashinyan", "Aliyev")',
        [('"Pashinyan"', "returned 'Pashinyan', not a list of str"),
         ('[b"Aliyev"]', "returned a list holding b'Aliyev', not a str")]),
    "textclean_known_words": (
        '(w for w in ["deescalate"])',
        [('"ceasefire"', "returned 'ceasefire', not a list of str"),
         ('[None]', "returned a list holding None, not a str")]),
    "textclean_stop_words": (
        '[{"language": "eo", "words": ["la", "kaj", "de"]}]',
        [('{"language": "eo", "words": ["la"]}',
          "returned {'language': 'eo', 'words': ['la']}, not a list of dict with a str 'language'"),
         ('[{"language": "eo", "words": "la kaj"}]',
          "returned a list holding {'language': 'eo', 'words': 'la kaj'}, not a dict with a str 'language' "
          "and a list of str 'words'"),
         ('[{"words": ["la"]}]', "returned a list holding {'words': ['la']}, not a dict")]),
}


def test_every_hook_has_tests_here():
    assert set(RULE_HOOKS) | {"textclean_register_cleaners", "textclean_register_commands"} == set(hook_names())


@pytest.mark.parametrize("hook", sorted(RULE_HOOKS))
def test_rule_data_hook(load, hook):
    good, wrong = RULE_HOOKS[hook]
    key = hook[len("textclean_"):]
    ps = load(f"""
        @hookimpl
        def {hook}():
            return {good}
    """)
    assert ps.rules()[key] == list(eval(good))


@pytest.mark.parametrize("hook, answer, message", [(h, a, m) for h, (_, bad) in sorted(RULE_HOOKS.items())
                                                   for a, m in bad])
def test_rule_data_hook_wrong_answer(load, hook, answer, message):
    ps = load(f"""
        @hookimpl
        def {hook}():
            return {answer}
    """)
    with pytest.raises(PluginError) as info:
        ps.rules()
    assert str(info.value).startswith(f"plugin {load.name!r}: {hook} {message}")


def test_a_wrong_answer_is_one_line_on_the_cli(tmp_path):
    (tmp_path / "tc_bare_words.py").write_text(
        "from textclean import hookimpl\n@hookimpl\ndef textclean_protected_words():\n    return 'Pashinyan'\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    r = subprocess.run([sys.executable, "-m", "textclean", "clean", "-", "--plugin", "tc_bare_words", "--isolated"],
                       input="a  b\n", env=env, capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (2, "textclean: error: plugin 'tc_bare_words': textclean_protected_words "
                                           "returned 'Pashinyan', not a list of str\n")


def test_a_fix_is_the_frozen_dataclass_plugin_authors_were_promised():
    import copy
    import dataclasses
    import pickle

    from textclean import Fix

    f = Fix(start=1, end=3, replacement="ab", reason="r")
    assert f == Fix(1, 3, "ab", "r") and hash(f) == hash(Fix(1, 3, "ab", "r"))
    assert [x.name for x in dataclasses.fields(Fix)] == ["start", "end", "replacement", "reason"]
    assert dataclasses.replace(f, end=4) == Fix(1, 4, "ab", "r")
    assert pickle.loads(pickle.dumps(f)) == f == copy.deepcopy(f)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 0  # type: ignore[misc]
